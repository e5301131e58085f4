// Watches in the browser: a fetch that reads the body incrementally sees each event as it happens,
// in resourceVersion order, while the virtual clock is moved from the console API (K-28, K-29,
// K-34; CCI lifecycle cci.md §10.3).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import type { OpenedPage } from './support/examplePage.ts'
import { useExampleApp } from './support/exampleAppHarness.ts'

const example = useExampleApp()
let app: OpenedPage

beforeAll(async () => {
  app = await example.open()
}, 60_000)

afterAll(async () => {
  await app?.close()
})

interface SeenEvent {
  line: string
  resourceVersion: number
}

declare global {
  interface Window {
    watched?: { events: SeenEvent[]; ended: boolean }
  }
}

/** Opens a watch in the page; every event is recorded the moment its line is read. */
async function startWatch(page: Page, query: string) {
  return page.evaluate(async (query) => {
    const list = (await (await fetch('/apis/cci/v2/imagesnapshots')).json()) as { metadata: { resourceVersion: string } }
    const watched = { events: [] as SeenEvent[], ended: false }
    window.watched = watched
    const response = await fetch(`/apis/cci/v2/imagesnapshots?watch=true&resourceVersion=${list.metadata.resourceVersion}${query}`)
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
    void (async () => {
      let buffered = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return void (watched.ended = true)
        buffered += value
        for (let at = buffered.indexOf('\n'); at >= 0; at = buffered.indexOf('\n')) {
          const event = JSON.parse(buffered.slice(0, at)) as {
            type: string
            object: { metadata: { name?: string; resourceVersion: string; deletionTimestamp?: string }; status?: { phase?: string } }
          }
          buffered = buffered.slice(at + 1)
          const { metadata, status } = event.object
          const line = `${event.type} ${metadata.name ?? ''} ${status?.phase ?? ''}${metadata.deletionTimestamp ? ' (deletionTimestamp set)' : ''}`
          watched.events.push({ line, resourceVersion: Number(metadata.resourceVersion) })
        }
      }
    })()
    return { status: response.status, contentType: response.headers.get('content-type') }
  }, query)
}

const seen = (page: Page) => page.evaluate(() => window.watched!)
const waitForEvents = (page: Page, count: number) => page.waitForFunction((count) => window.watched!.events.length >= count, count, { timeout: 10_000 })

describe('watch streams in Chromium', () => {
  test('events arrive one by one, in resourceVersion order without repeats, as the console creates objects and advances the clock (K-28, K-29)', async () => {
    const { page } = app
    expect(await startWatch(page, '')).toEqual({ status: 200, contentType: 'application/json' })

    await page.evaluate(() =>
      window.imageApiEmulator!.create('cci', { metadata: { name: 'snap-w' }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx' }] } }),
    )
    await waitForEvents(page, 1)
    // Delivered while the response is still open: the body streams, it is not buffered to the end.
    expect(await seen(page)).toMatchObject({ events: [{ line: 'ADDED snap-w Creating' }], ended: false })

    await page.evaluate(() => window.imageApiEmulator!.advance('90s'))
    await waitForEvents(page, 3)
    await page.evaluate(() => fetch('/apis/cci/v2/imagesnapshots/snap-w', { method: 'DELETE' }))
    await waitForEvents(page, 4)
    await page.evaluate(() => window.imageApiEmulator!.advance('5s'))
    await waitForEvents(page, 6)

    const { events, ended } = await seen(page)
    expect(events.map((e) => e.line)).toEqual([
      'ADDED snap-w Creating',
      // The fixture snapshot still Creating was due long ago: the first advance completes it first.
      'MODIFIED test-imagesnapshot Available',
      'MODIFIED snap-w Available',
      // DELETE with the finalizer: deletionTimestamp first, then the lifecycle's Deleting, then gone after 5s.
      'MODIFIED snap-w Available (deletionTimestamp set)',
      'MODIFIED snap-w Deleting (deletionTimestamp set)',
      'DELETED snap-w Deleting (deletionTimestamp set)',
    ])
    const versions = events.map((e) => e.resourceVersion)
    expect(versions).toEqual([...versions].sort((a, b) => a - b))
    expect(new Set(versions).size).toBe(versions.length)
    expect(ended).toBe(false)
  })

  test('a watch with timeoutSeconds ends when the console moves the clock past it (K-34)', async () => {
    const { page } = app
    await startWatch(page, '&timeoutSeconds=60')
    await page.evaluate(() => window.imageApiEmulator!.advance('59s'))
    expect((await seen(page)).ended).toBe(false)
    await page.evaluate(() => window.imageApiEmulator!.advance('1s'))
    await page.waitForFunction(() => window.watched!.ended, undefined, { timeout: 10_000 })
  })
})
