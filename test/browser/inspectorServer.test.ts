// The inspector the standalone server serves at /_emulator/ui, driven in Chromium: it shows each
// API's objects and opens one as JSON, advances the clock with its buttons (a CCI snapshot turns
// Available, CCI-44), filters the journal, shows a scenario's steps go from pending to fired and what
// an open watch received (K-28), all live from the control API's state stream. The page loads nothing
// but itself: its content security policy allows no other origin.
//
// `UPDATE_SCREENSHOTS=1 npm exec -- vitest run test/browser/inspectorServer.test.ts` also writes the
// README's screenshot, docs/images/inspector.png.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'
import { launchChromium, type LaunchedChromium } from './support/chromium.ts'
import { repositoryRoot } from './support/builds.ts'
import { summarizePng } from './support/png.ts'

/** expect.poll with room for a loaded machine (the live state arrives within 200 ms when it is not). */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 })

let server: RunningServer
let chromium: LaunchedChromium

beforeAll(async () => {
  chromium = await launchChromium()
}, 60_000)

afterAll(async () => {
  await chromium?.close()
})

/** A server with the built-in fixtures on a manual clock, and a page on its inspector. */
async function openInspector(emulatorOptions: Parameters<typeof listen>[0] = {}): Promise<{ server: RunningServer; context: BrowserContext; page: Page; requests: string[]; errors: string[]; close(): Promise<void> }> {
  const running = await listen({
    emulatorOptions: { fixtures: ['openshift-images', 'cci-snapshots', 'glance-images'], clock: { mode: 'manual' }, ...emulatorOptions.emulatorOptions },
  })
  const context = await chromium.browser.newContext({ viewport: { width: 1440, height: 900 } })
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  const requests: string[] = []
  const errors: string[] = []
  page.on('request', (request) => requests.push(request.url()))
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text())
  })
  await page.goto(`${running.url}/_emulator/ui`)
  return {
    server: running,
    context,
    page,
    requests,
    errors,
    async close() {
      // The page first: its live stream ends with it, so the server closes at once.
      await context.close()
      await running.close()
    },
  }
}

const object = (page: Page, path: string) => page.locator(`[data-object="${path}"]`)
const control = (path: string, body?: unknown) =>
  fetch(`${server.url}/_emulator${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

async function expectScreenshot(page: Page) {
  const png = await page.screenshot({ fullPage: false })
  const pixels = summarizePng(png)
  expect(pixels).toMatchObject({ width: 1440, height: 900 })
  // Something is drawn: panes, text and colours, not a blank page.
  expect(pixels.inkRatio).toBeGreaterThan(0.05)
  expect(pixels.colours).toBeGreaterThan(20)
  return png
}

describe('GET /_emulator/ui in Chromium', { timeout: 60_000 }, () => {
  test('objects, clock buttons, journal filter, scenario steps and watch events, live', async () => {
    const opened = await openInspector()
    server = opened.server
    const { page } = opened
    try {
      await page.locator('[data-live="live"]').waitFor()
      // Every API's objects, listed by kind.
      await eventually(() => page.locator('[data-api]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-api')))).toEqual(['openshift', 'cci', 'identity', 'glance'])
      expect(await object(page, 'cci/imagesnapshots/my-imagesnapshot').getAttribute('data-status')).toBe('Available')
      expect(await page.locator('[data-api="glance"]').innerText()).toContain('fake_image1')

      // A watch opened by a client (from Node) appears with its selectors and each event it receives.
      const watch = await fetch(`${server.url}/apis/cci/v2/imagesnapshots?watch=true&fieldSelector=metadata.name%3Dsnap-inspected&timeoutSeconds=86400`)
      await page.locator('[data-watch="1"]').waitFor()
      expect(await page.locator('[data-watch="1"]').innerText()).toContain('fieldSelector=metadata.name=snap-inspected')
      const created = await fetch(`${server.url}/apis/cci/v2/imagesnapshots`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ metadata: { name: 'snap-inspected' }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx:1.27' }] } }),
      })
      expect(created.status).toBe(201)
      const watchEvents = page.locator('[data-watch="1"] [data-event]')
      await eventually(() => watchEvents.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-event')))).toEqual(['ADDED snap-inspected'])

      // Open one: its JSON as stored.
      const snapshot = object(page, 'cci/imagesnapshots/snap-inspected')
      expect(await snapshot.getAttribute('data-status')).toBe('Creating')
      await snapshot.click()
      await eventually(() => page.locator('[data-object-json]').innerText()).toContain('"phase": "Creating"')
      expect(await page.locator('[data-object-title]').innerText()).toBe('cci / imagesnapshots / snap-inspected')

      // A scenario: one step on a request, one at an hour.
      const played = await control('/scenarios', {
        name: 'inspector-demo',
        steps: [
          { id: 'unavailable', when: { method: 'GET', path: '/apis/cci/v2/imagesnapshots/my-imagesnapshot' }, respond: { status: 503 } },
          { id: 'an-hour-later', at: '1h', transition: { api: 'cci', name: 'my-imagesnapshot', to: 'Failed' } },
          { id: 'conflict', when: { method: 'PUT', path: '/apis/cci/v2/imagesnapshots/:name' }, respond: { status: 409 } },
        ],
      })
      expect(played.status).toBe(201)
      const step = (n: number) => page.locator(`[data-scenario="inspector-demo"] [data-step="${n}"]`)
      await eventually(() => step(1).getAttribute('data-state')).toBe('pending')
      expect(await step(2).getAttribute('data-state')).toBe('pending')
      expect((await fetch(`${server.url}/apis/cci/v2/imagesnapshots/my-imagesnapshot`)).status).toBe(503)
      await eventually(() => step(1).getAttribute('data-state')).toBe('fired')
      expect(await step(2).getAttribute('data-state')).toBe('pending')

      // The clock's buttons: 90 s in, the snapshot is Available (CCI-44), in the list, the open JSON and the watch.
      await page.click('[data-advance="1m"]')
      await eventually(() => page.locator('[data-clock]').innerText()).toBe('2026-01-01T00:01:00Z')
      expect(await snapshot.getAttribute('data-status')).toBe('Creating')
      await page.fill('[data-advance-custom]', '30s')
      await page.click('[data-advance-go]')
      await eventually(() => snapshot.getAttribute('data-status')).toBe('Available')
      await eventually(() => page.locator('[data-object-json]').innerText()).toContain('"phase": "Available"')
      await eventually(() => watchEvents.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-event')))).toEqual(['MODIFIED snap-inspected', 'ADDED snap-inspected'])
      await page.click('[data-advance="1h"]')
      await eventually(() => step(2).getAttribute('data-state')).toBe('fired')
      expect(await step(3).getAttribute('data-state')).toBe('pending')
      // CCI-43: Failed is written as Unavailable.
      await eventually(() => object(page, 'cci/imagesnapshots/my-imagesnapshot').getAttribute('data-status')).toBe('Unavailable')
      expect(await page.locator('[data-clock]').innerText()).toBe('2026-01-01T01:01:30Z')

      // The journal, filtered: only what matches every word.
      await fetch(`${server.url}/v2/images`)
      await fetch(`${server.url}/apis/cci/v2/imagesnapshots/nothing-here`)
      const rows = page.locator('[data-journal] tr')
      await eventually(() => rows.count()).toBe(5)
      await page.fill('[data-journal-filter]', 'cci 404')
      await eventually(() => rows.evaluateAll((nodes) => nodes.map((node) => node.textContent))).toEqual([expect.stringContaining('/apis/cci/v2/imagesnapshots/nothing-here')])
      expect(await rows.first().getAttribute('data-status')).toBe('404')
      await page.fill('[data-journal-filter]', 'GET /apis/cci/v2/imagesnapshots/my')
      await eventually(() => rows.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-status')))).toEqual(['503'])
      expect(await page.locator('[data-journal-count]').innerText()).toBe('1 of 5')
      // Times are the emulator's: the 503 was answered before the clock moved.
      expect(await rows.first().innerText()).toContain('00:00:00')
      await page.fill('[data-journal-filter]', '')

      const png = await expectScreenshot(page)
      if (process.env.UPDATE_SCREENSHOTS) {
        mkdirSync(join(repositoryRoot, 'docs/images'), { recursive: true })
        writeFileSync(join(repositoryRoot, 'docs/images/inspector.png'), png)
      }

      // Nothing but the page and its own control API was asked for.
      expect(opened.requests.filter((url) => !url.startsWith(`${server.url}/_emulator/`))).toEqual([])
      expect(opened.errors).toEqual([])
      await watch.body?.cancel()
    } finally {
      await opened.close()
    }
  })

  test('an open object that is deleted says so; a reset shows the fixtures again', async () => {
    const opened = await openInspector()
    server = opened.server
    const { page } = opened
    try {
      const created = await fetch(`${server.url}/v2/images`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'made-here', disk_format: 'raw', container_format: 'bare' }),
      })
      const { id } = (await created.json()) as { id: string }
      const image = object(page, `glance/images/${id}`)
      await eventually(() => image.innerText()).toContain('made-here')
      expect(await image.getAttribute('data-status')).toBe('queued')
      await image.click()
      await eventually(() => page.locator('[data-object-json]').innerText()).toContain('"name": "made-here"')
      expect((await fetch(`${server.url}/v2/images/${id}`, { method: 'DELETE' })).status).toBe(204)
      await eventually(() => page.locator('[data-object-json]').getAttribute('data-found')).toBe('false')
      expect(await image.count()).toBe(0)

      await page.click('[data-advance="1h"]')
      await eventually(() => page.locator('[data-clock]').innerText()).toBe('2026-01-01T01:00:00Z')
      expect((await control('/reset', {})).status).toBe(200)
      await eventually(() => page.locator('[data-clock]').innerText()).toBe('2026-01-01T00:00:00Z')
      await eventually(() => page.locator('[data-journal] tr').count()).toBe(0)
      expect(await object(page, 'cci/imagesnapshots/my-imagesnapshot').getAttribute('data-status')).toBe('Available')
      expect(opened.errors).toEqual([])
    } finally {
      await opened.close()
    }
  })

  test('with tokens: the page asks for one, then shows the state; the state endpoints refuse a request without it', async () => {
    const opened = await openInspector({ emulatorOptions: { auth: { tokens: { 'secret-token': { user: 'admin' } } } } })
    server = opened.server
    const { page } = opened
    try {
      expect((await control('/state')).status).toBe(401)
      expect((await fetch(`${server.url}/_emulator/objects/cci/imagesnapshots/my-imagesnapshot`)).status).toBe(401)
      await page.locator('[data-token]').waitFor()
      expect(await object(page, 'cci/imagesnapshots/my-imagesnapshot').count()).toBe(0)
      await page.fill('[data-token]', 'secret-token')
      await page.press('[data-token]', 'Enter')
      await page.locator('[data-live="live"]').waitFor()
      await object(page, 'cci/imagesnapshots/my-imagesnapshot').waitFor()
      // Kept for the tab: a reload needs no second prompt.
      await page.reload()
      await object(page, 'cci/imagesnapshots/my-imagesnapshot').waitFor()
    } finally {
      await opened.close()
    }
  })
})
