// Watches over WebSocket in Chromium, as browser consoles open them: `new WebSocket('…?watch=true')`,
// one event per message (K-28, K-29, K-34; CCI lifecycle cci.md §10.3). First in the example app,
// where msw's ws API intercepts the socket in the page (no Service Worker involved), then against the
// standalone server, with the bearer token as a subprotocol since a page cannot set headers.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import type { OpenedPage } from './support/examplePage.ts'
import { useExampleApp } from './support/exampleAppHarness.ts'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'

const example = useExampleApp()
let app: OpenedPage
let server: RunningServer
let serverPage: Page

beforeAll(async () => {
  app = await example.open()
  server = await listen({ emulatorOptions: { seed: 1, clock: { mode: 'manual' }, auth: { tokens: { 'console-token': { user: 'console' } } } } })
  serverPage = await app.context.newPage()
  // A page of the server's own origin: its WebSockets carry that Origin, as a console's do.
  await serverPage.goto(`${server.url}/version`)
}, 60_000)

afterAll(async () => {
  await serverPage?.close()
  await app?.close()
  await server?.close()
})

interface SocketWatch {
  events: string[]
  frames: string[]
  protocol: string
  opened: boolean
  errored: boolean
  closed: number | null
}

declare global {
  interface Window {
    socketWatch?: SocketWatch
  }
}

/** Opens a WebSocket watch in the page; each message is recorded as it arrives. */
function openSocketWatch(page: Page, url: string, token?: string) {
  return page.evaluate(
    async ({ url, token }) => {
      const protocols = ['base64.binary.k8s.io']
      // base64url without padding, as kube-apiserver's ProtocolAuthenticator reads it.
      if (token) protocols.push(`base64url.bearer.authorization.k8s.io.${btoa(token).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`)
      const watch: SocketWatch = { events: [], frames: [], protocol: '', opened: false, errored: false, closed: null }
      window.socketWatch = watch
      const socket = new WebSocket(new URL(url, location.href.replace(/^http/, 'ws')), protocols)
      socket.onmessage = (message) => {
        watch.frames.push(typeof message.data)
        const event = JSON.parse(message.data as string) as { type: string; object: { metadata: { name?: string }; status?: { phase?: string } } }
        watch.events.push(`${event.type} ${event.object.metadata.name ?? ''} ${event.object.status?.phase ?? ''}`.trim())
      }
      socket.onerror = () => (watch.errored = true)
      socket.onclose = (event) => (watch.closed = event.code)
      ;(window as unknown as { socket: WebSocket }).socket = socket
      await new Promise<void>((resolve) => {
        socket.onopen = () => {
          watch.opened = true
          watch.protocol = socket.protocol
          resolve()
        }
        socket.addEventListener('close', () => resolve())
      })
    },
    { url, token },
  )
}

const watched = (page: Page) => page.evaluate(() => window.socketWatch!)
const waitForEvents = (page: Page, count: number) => page.waitForFunction((count) => window.socketWatch!.events.length >= count, count, { timeout: 10_000 })

describe('watches over WebSocket in Chromium', () => {
  test('through msw in the page: lifecycle events arrive one message at a time as the console moves the clock', async () => {
    const { page } = app
    const list = await page.evaluate(async () => (await (await fetch('/apis/cci/v2/imagesnapshots')).json()) as { metadata: { resourceVersion: string } })
    await openSocketWatch(page, `/apis/cci/v2/imagesnapshots?watch=true&resourceVersion=${list.metadata.resourceVersion}`)
    expect(await watched(page)).toMatchObject({ opened: true, events: [] })

    await page.evaluate(() =>
      window.imageApiEmulator!.create('cci', { metadata: { name: 'snap-ws' }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx' }] } }),
    )
    await waitForEvents(page, 1)
    expect((await watched(page)).events).toEqual(['ADDED snap-ws Creating'])
    await page.evaluate(() => window.imageApiEmulator!.advance('90s'))
    await waitForEvents(page, 3)
    const seen = await watched(page)
    expect(seen.events).toEqual(['ADDED snap-ws Creating', 'MODIFIED test-imagesnapshot Available', 'MODIFIED snap-ws Available'])
    // Text frames: the page reads strings, never Blobs.
    expect(new Set(seen.frames)).toEqual(new Set(['string']))
    expect(seen.closed).toBeNull()
    await page.evaluate(() => (window as unknown as { socket: WebSocket }).socket.close())
    await page.waitForFunction(() => window.socketWatch!.closed !== null)
  })

  test('through msw in the page: timeoutSeconds closes the socket normally on the emulator clock (K-34)', async () => {
    const { page } = app
    await openSocketWatch(page, '/apis/image.openshift.io/v1/images?watch=true&timeoutSeconds=60')
    await page.evaluate(() => window.imageApiEmulator!.advance('59s'))
    expect((await watched(page)).closed).toBeNull()
    await page.evaluate(() => window.imageApiEmulator!.advance('1s'))
    await page.waitForFunction(() => window.socketWatch!.closed !== null)
    expect((await watched(page)).closed).toBe(1000)
    expect(app.errors).toEqual([])
  })

  test('against the standalone server: the token subprotocol authenticates, the other protocol is echoed, events arrive as the clock moves', async () => {
    await openSocketWatch(serverPage, `${server.url.replace(/^http/, 'ws')}/apis/cci/v2/imagesnapshots?watch=true`, 'console-token')
    expect(await watched(serverPage)).toMatchObject({ opened: true, protocol: 'base64.binary.k8s.io' })
    const created = await fetch(`${server.url}/apis/cci/v2/imagesnapshots`, {
      method: 'POST',
      headers: { authorization: 'Bearer console-token', 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'snap-server' }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx' }] } }),
    })
    expect(created.status).toBe(201)
    await waitForEvents(serverPage, 1)
    await server.emulator.clock.advance('90s')
    await waitForEvents(serverPage, 2)
    expect((await watched(serverPage)).events).toEqual(['ADDED snap-server Creating', 'MODIFIED snap-server Available'])
    expect(server.emulator.kube.hub.watches()).toHaveLength(1)
    await serverPage.evaluate(() => (window as unknown as { socket: WebSocket }).socket.close())
    await serverPage.waitForFunction(() => window.socketWatch!.closed !== null)
    // Closing the socket released the watch on the server.
    await expect.poll(() => server.emulator.kube.hub.watches().length).toBe(0)
  })

  test('against the standalone server: without the token the handshake fails (401) and the page never sees the socket open', async () => {
    await openSocketWatch(serverPage, `${server.url.replace(/^http/, 'ws')}/apis/cci/v2/imagesnapshots?watch=true`)
    expect(await watched(serverPage)).toMatchObject({ opened: false, errored: true, closed: 1006, events: [] })
    expect(server.emulator.kube.hub.watches()).toHaveLength(0)
  })
})
