// Watches over WebSocket, as browser consoles open them (`new WebSocket('…?watch=true')`): the
// fixture answers them in the test's process, one event per message as the clock moves, on the page's
// own origin or any origin the emulator answers, wss included (K-28, CCI-44).
import type { Page } from '@playwright/test'
import { expect, test } from './appFixture.ts'

interface RoutedSocketWatch {
  events: string[]
  protocol: string
  closed: { code: number; reason: string } | null
}

declare global {
  interface Window {
    routedSocketWatch?: RoutedSocketWatch
  }
}

/** Opens a WebSocket watch in the page and records each message as it arrives. */
async function openSocketWatch(page: Page, url: string, protocols: string[] = []): Promise<void> {
  await page.evaluate(
    ({ url, protocols }) =>
      new Promise<void>((resolve) => {
        const watch: RoutedSocketWatch = { events: [], protocol: '', closed: null }
        window.routedSocketWatch = watch
        const socket = new WebSocket(new URL(url, location.href.replace(/^http/, 'ws')), protocols)
        socket.onmessage = (message) => {
          const event = JSON.parse(message.data as string) as { type: string; object: { metadata: { name: string }; status?: { phase?: string } } }
          watch.events.push(`${event.type} ${event.object.metadata.name} ${event.object.status?.phase ?? ''}`.trim())
        }
        socket.onopen = () => {
          watch.protocol = socket.protocol
          resolve()
        }
        socket.onclose = (event) => {
          watch.closed = { code: event.code, reason: event.reason }
          resolve()
        }
      }),
    { url, protocols },
  )
}

const watched = (page: Page) => page.evaluate(() => window.routedSocketWatch!)

test('on the page\'s own origin: each event is one message, when the clock makes it happen', async ({ page, emulator, createSnapshot }) => {
  await page.goto('/')
  await openSocketWatch(page, '/apis/cci/v2/imagesnapshots?watch=true')
  expect(await createSnapshot('snap-socket')).toBe(201)
  await expect.poll(async () => (await watched(page)).events).toEqual(['ADDED snap-socket Creating'])
  await emulator.clock.advance('89s')
  await page.evaluate(() => fetch('/apis/cci/v2/imagesnapshots'))
  expect((await watched(page)).events).toHaveLength(1)
  await emulator.clock.advance('1s')
  await expect.poll(async () => (await watched(page)).events).toEqual(['ADDED snap-socket Creating', 'MODIFIED snap-socket Available'])
  expect((await watched(page)).closed).toBeNull()
  // The socket's upgrade request is in the journal as the watch it is, beside the app's own HTTP watch.
  const watches = emulator.journal.entries().filter((entry) => entry.url.includes('watch=true'))
  expect(watches.map((entry) => `${entry.api} ${entry.url} ${entry.status}`).sort()).toEqual([
    'cci /apis/cci/v2/imagesnapshots?watch=true 200',
    expect.stringMatching(/^cci \/apis\/cci\/v2\/imagesnapshots\?watch=true&resourceVersion=\d+ 200$/),
  ])
})

test.describe('on another origin', () => {
  test.use({ emulatorOptions: { origins: ['https://api.cluster.example:6443'], auth: { tokens: { 'console-token': { user: 'console' } } } } })

  test('wss to the cluster, the bearer token as a subprotocol as consoles send it; a refused watch closes the socket', async ({ page, emulator }) => {
    await page.goto('/')
    // base64url of 'console-token', without padding.
    const token = `base64url.bearer.authorization.k8s.io.${Buffer.from('console-token').toString('base64url')}`
    await openSocketWatch(page, 'wss://api.cluster.example:6443/apis/cci/v2/imagesnapshots?watch=true', ['base64.binary.k8s.io', token])
    expect(await watched(page)).toMatchObject({ protocol: 'base64.binary.k8s.io', closed: null })
    await emulator.cci.imageSnapshots.load({
      apiVersion: 'cci/v2',
      kind: 'ImageSnapshot',
      metadata: { name: 'loaded', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx' }] },
      status: { phase: 'Available' },
    })
    await expect.poll(async () => (await watched(page)).events).toEqual(['ADDED loaded Available'])

    // Without the token: the watch is refused with 401, and the page's socket closes.
    await openSocketWatch(page, 'wss://api.cluster.example:6443/apis/cci/v2/imagesnapshots?watch=true', ['base64.binary.k8s.io'])
    await expect.poll(async () => (await watched(page)).closed).toEqual({ code: 1006, reason: '401' })
    expect(emulator.journal.entries().map((entry) => entry.status)).toEqual([200, 401])
  })
})
