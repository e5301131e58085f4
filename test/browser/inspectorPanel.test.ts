// The inspector as a panel in the app's own page (startEmulatorWorker({ inspector: true })), in
// Chromium: an app built with Vite as a user's would be, the panel open at start, toggled from the
// devtools console (window.imageApiEmulator.inspector()), showing what the app's requests did. The
// panel lives in a shadow root (no style reaches the app), and an app that does not ask for it neither
// shows it nor loads its code until the console does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { buildPageApp, repositoryRoot } from './support/builds.ts'
import { launchChromium, type LaunchedChromium } from './support/chromium.ts'
import { openPage, type OpenedPage } from './support/examplePage.ts'
import { summarizePng } from './support/png.ts'
import { serveDirectory, type StaticServer } from './support/staticServer.ts'

/** expect.poll with room for a loaded machine (the live state arrives within 200 ms when it is not). */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 })

/** The app: the README's browser recipe with the inspector option, and one line of its own. */
const main = `import { startEmulatorWorker } from 'image-api-emulator/browser'
const query = new URLSearchParams(location.search)
await startEmulatorWorker({
  fixtures: ['cci-snapshots'],
  clock: { mode: 'manual' },
  inspector: query.has('inspector'),
  serviceWorkerUrl: new URL('mockServiceWorker.js', document.baseURI).pathname,
})
const heading = document.createElement('h1')
heading.textContent = 'my app'
document.body.append(heading)
`

const project = mkdtempSync(join(repositoryRoot, '.vitest-inspector-'))
let server: StaticServer | undefined
let chromium: LaunchedChromium | undefined
let app: OpenedPage | undefined

beforeAll(async () => {
  const out = await buildPageApp(project, 'app', main, 'development', { serviceWorker: true })
  server = await serveDirectory(out)
  chromium = await launchChromium()
}, 180_000)

afterEach(async () => {
  expect(app?.errors ?? []).toEqual([])
  await app?.close()
  app = undefined
})

afterAll(async () => {
  await chromium?.close()
  await server?.close()
  rmSync(project, { recursive: true, force: true })
})

async function open(query: string, ready: string): Promise<Page> {
  app = await openPage(chromium!.browser, `${server!.url}/${query}`, ready)
  return app.page
}

/** The scripts the page has loaded (the panel's code is a chunk of its own, loaded on demand). */
const panelScripts = (page: Page) =>
  page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name).filter((name) => /inPagePanel[^/]*\.js$/.test(name)))

const panel = '#image-api-emulator-inspector'
const inPanel = (page: Page, selector: string) => page.locator(`${panel} ${selector}`)
const toggle = (page: Page, open?: boolean) => page.evaluate((open) => window.imageApiEmulator!.inspector!(open), open)

describe('the in-page inspector panel (browser runtime)', { timeout: 60_000 }, () => {
  test('open at start, live: objects, the clock buttons, the app’s requests; toggled from the console', async () => {
    const page = await open('?inspector', panel)
    await inPanel(page, '[data-live="live"]').waitFor()
    expect(await page.locator('h1').innerText()).toBe('my app')
    // The panel's styles stay in its shadow root: the app's document has none of them.
    expect(await page.evaluate(() => document.querySelectorAll('style, link[rel="stylesheet"]').length)).toBe(0)
    expect(await page.evaluate((selector) => document.querySelector(selector)!.shadowRoot!.querySelectorAll('style').length, panel)).toBe(1)

    // The app creates a snapshot through the Service Worker; the panel lists it and opens it.
    const status = await page.evaluate(async () => {
      const response = await fetch('/apis/cci/v2/imagesnapshots', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ metadata: { name: 'snap-panel' }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx' }] } }),
      })
      return response.status
    })
    expect(status).toBe(201)
    const snapshot = inPanel(page, '[data-object="cci/imagesnapshots/snap-panel"]')
    await eventually(() => snapshot.getAttribute('data-status')).toBe('Creating')
    await snapshot.click()
    await eventually(() => inPanel(page, '[data-object-json]').innerText()).toContain('"name": "snap-panel"')
    await eventually(() => inPanel(page, '[data-journal] tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-method')))).toEqual(['POST'])

    // The panel's clock buttons move the page's emulator (CCI-44: Available 90 s after creation).
    await inPanel(page, '[data-advance="1m"]').click()
    await eventually(() => inPanel(page, '[data-clock]').innerText()).toBe('2026-01-01T00:01:00Z')
    expect(await snapshot.getAttribute('data-status')).toBe('Creating')
    await inPanel(page, '[data-advance-custom]').fill('30s')
    await inPanel(page, '[data-advance-go]').click()
    await eventually(() => snapshot.getAttribute('data-status')).toBe('Available')
    await eventually(() => inPanel(page, '[data-object-json]').innerText()).toContain('"phase": "Available"')
    expect(await page.evaluate(() => window.imageApiEmulator!.now())).toBe('2026-01-01T00:01:30Z')

    const png = await page.screenshot()
    // `UPDATE_SCREENSHOTS=1` writes docs/images/inspector-panel.png (docs/inspector.md shows it).
    if (process.env.UPDATE_SCREENSHOTS) writeFileSync(join(repositoryRoot, 'docs/images/inspector-panel.png'), png)
    const pixels = summarizePng(png)
    expect(pixels.inkRatio).toBeGreaterThan(0.05)
    expect(pixels.colours).toBeGreaterThan(20)

    // From the devtools console: hide, show again (live again, same emulator).
    expect(await toggle(page)).toBe(false)
    expect(await page.locator(panel).count()).toBe(0)
    expect(await toggle(page)).toBe(true)
    await inPanel(page, '[data-live="live"]').waitFor()
    await eventually(() => inPanel(page, '[data-object="cci/imagesnapshots/snap-panel"]').getAttribute('data-status')).toBe('Available')
    // Its close button hides it too.
    await inPanel(page, '[data-close]').click()
    expect(await page.locator(panel).count()).toBe(0)
    expect(await toggle(page, true)).toBe(true)
    await page.locator(panel).waitFor()
  })

  test('an app that does not ask for it shows no panel and loads none of its code, until the console asks', async () => {
    const page = await open('', 'h1')
    expect(await page.locator(panel).count()).toBe(0)
    // The app's own modules are loaded (the control for the check below), the panel's are not.
    expect(await page.evaluate(() => performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('.js')))).toBe(true)
    expect(await panelScripts(page)).toEqual([])
    expect(await toggle(page)).toBe(true)
    await inPanel(page, '[data-live="live"]').waitFor()
    await inPanel(page, '[data-object="cci/imagesnapshots/my-imagesnapshot"]').waitFor()
    expect(await panelScripts(page)).toHaveLength(1)
  })
})
