// Watches over WebSocket from the standalone server, read by real WebSocket clients (Node's own
// WebSocket, and the `ws` package where the handshake's HTTP answer matters): the same watch as over
// HTTP (K-28..K-34), one event per text message, as kube-apiserver's WatchServer.HandleWS sends it.
import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import WebSocketClient from 'ws'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'
import { bearerTokenProtocol } from '../../src/kube/watchSocket/bearerTokenProtocol.ts'
import type { EmulatorOptions } from '../../src/emulator.ts'

const images = '/apis/image.openshift.io/v1/images'
const snapshots = '/apis/cci/v2/imagesnapshots'
const json = { 'content-type': 'application/json' }
const imageName = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`
const origin = 'http://console.example'

interface Opened {
  socket: WebSocket
  /** Every message as received: its data and whether it came as text. */
  messages: string[]
  /** Resolves with the next message not yet taken. */
  next(): Promise<any>
  closed: Promise<{ code: number; reason: string }>
}

/** Node's WebSocket (undici); `headers` is its extension for what a browser sends by itself (Origin). */
function openWatch(url: string, protocols: string[] = [], headers: Record<string, string> = { origin }): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { protocols, headers } as unknown as string[])
    const messages: string[] = []
    let taken = 0
    let wake: (() => void) | undefined
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') throw new Error('a watch event came in a binary frame')
      messages.push(event.data)
      wake?.()
    })
    const closed = new Promise<{ code: number; reason: string }>((done) => socket.addEventListener('close', (event) => done({ code: event.code, reason: event.reason })))
    socket.addEventListener('open', () =>
      resolve({
        socket,
        messages,
        closed,
        async next() {
          while (taken >= messages.length) await new Promise<void>((woken) => (wake = woken))
          return JSON.parse(messages[taken++]!)
        },
      }),
    )
    socket.addEventListener('error', () => reject(new Error(`WebSocket ${url} failed`)))
  })
}

/** The handshake's HTTP answer when the server does not upgrade (the `ws` client exposes it). */
function refusal(url: string, protocols: string[] = [], headers: Record<string, string> = { origin }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocketClient(url, protocols, { headers })
    socket.on('unexpected-response', (_request, response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode!, body }))
    })
    socket.on('open', () => {
      socket.terminate()
      reject(new Error('the handshake was accepted'))
    })
    socket.on('error', () => undefined)
  })
}

function useServer(options: EmulatorOptions = {}) {
  const h = { server: undefined as unknown as RunningServer, ws: '', http: '' }
  beforeAll(async () => {
    h.server = await listen({ emulatorOptions: { seed: 1, clock: { mode: 'manual' }, ...options } })
    h.http = h.server.url
    h.ws = h.server.url.replace(/^http/, 'ws')
  })
  afterEach(async () => {
    await h.server.emulator.reset()
  })
  afterAll(async () => {
    await h.server.close()
  })
  return h
}

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
  expect(condition()).toBe(true)
}

describe('watches over WebSocket from the standalone server', () => {
  const h = useServer({ fixtures: ['cci-snapshots'] })
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${h.http}${path}`, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) }).then((r) => r.json())
  const createImage = (n: number, labels: Record<string, string> = {}) => post(images, { metadata: { name: imageName(n), labels }, dockerImageReference: `quay.io/a/b:${n}` })
  const openWatches = () => h.server.emulator.kube.hub.watches().length

  test('each event is one text message holding the HTTP watch line, in resourceVersion order (K-28, K-29)', async () => {
    const start = h.server.emulator.store.resourceVersion()
    const socket = await openWatch(`${h.ws}${images}?watch=true&resourceVersion=${start}`)
    const http = await fetch(`${h.http}${images}?watch=true&resourceVersion=${start}`)
    await createImage(1)
    await createImage(2)
    const added = [await socket.next(), await socket.next()]
    expect(added.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', imageName(1)],
      ['ADDED', imageName(2)],
    ])
    expect(Number(added[1].object.metadata.resourceVersion)).toBeGreaterThan(Number(added[0].object.metadata.resourceVersion))
    // Byte for byte the HTTP watch's lines, each with the newline Go's json.Encoder ends it with.
    const reader = http.body!.pipeThrough(new TextDecoderStream()).getReader()
    let text = ''
    while (text.split('\n').length < 3) text += (await reader.read()).value
    expect(socket.messages).toEqual(text.split('\n').slice(0, 2).map((line) => `${line}\n`))
    await reader.cancel()
    socket.socket.close()
  })

  test('a watch from a resourceVersion replays the changes after it; the legacy /watch/ path is the same watch (K-28, K-30)', async () => {
    const first = await createImage(1)
    await createImage(2)
    await fetch(`${h.http}${images}/${imageName(1)}`, { method: 'DELETE' })
    for (const path of [`${images}?watch=1&resourceVersion=${first.metadata.resourceVersion}`, `/apis/image.openshift.io/v1/watch/images?resourceVersion=${first.metadata.resourceVersion}`]) {
      const socket = await openWatch(`${h.ws}${path}`)
      const replayed = [await socket.next(), await socket.next()]
      expect(replayed.map((e) => [e.type, e.object.metadata.name])).toEqual([
        ['ADDED', imageName(2)],
        ['DELETED', imageName(1)],
      ])
      socket.socket.close()
    }
  })

  test('label and field selectors: leaving the selection is a DELETED, other objects are not sent (K-28, K-31)', async () => {
    const start = h.server.emulator.store.resourceVersion()
    const labelled = await openWatch(`${h.ws}${images}?watch=true&resourceVersion=${start}&labelSelector=app%3Dweb`)
    const named = await openWatch(`${h.ws}/apis/image.openshift.io/v1/watch/images/${imageName(2)}?resourceVersion=${start}`)
    await createImage(1, { app: 'web' })
    await createImage(2, { app: 'db' })
    await fetch(`${h.http}${images}/${imageName(1)}`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ metadata: { labels: { app: 'db' } } }) })
    expect([await labelled.next(), await labelled.next()].map((e) => [e.type, e.object.metadata.name, e.object.metadata.labels.app])).toEqual([
      ['ADDED', imageName(1), 'web'],
      // K-31: the last matching state, at the new resourceVersion.
      ['DELETED', imageName(1), 'web'],
    ])
    expect((await named.next()).object.metadata.name).toBe(imageName(2))
    expect(named.messages).toHaveLength(1)
    labelled.socket.close()
    named.socket.close()
  })

  test('bookmarks: the initial-events-end bookmark, then one every 60 s of emulator time (K-32, K-33)', async () => {
    const socket = await openWatch(`${h.ws}${snapshots}?watch=true&allowWatchBookmarks=true`)
    const initial = []
    for (let event = await socket.next(); event.type === 'ADDED'; event = await socket.next()) initial.push(event.object.metadata.name)
    expect(initial).toEqual(h.server.emulator.cci.imageSnapshots.list().map((s) => s.metadata.name))
    const end = JSON.parse(socket.messages[initial.length]!)
    expect(end).toMatchObject({ type: 'BOOKMARK', object: { kind: 'ImageSnapshot', apiVersion: 'cci/v2', metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } })
    // The fixture snapshot, long overdue, turns Available at the first advance: a MODIFIED comes first.
    await h.server.emulator.clock.advance('59s')
    const count = socket.messages.length
    await h.server.emulator.clock.advance('1s')
    const messages = []
    while (messages.length === 0 || messages.at(-1).type !== 'BOOKMARK') messages.push(await socket.next())
    expect(socket.messages.length).toBeGreaterThan(count)
    expect(messages.at(-1).object.metadata.annotations).toBeUndefined()
    socket.socket.close()
  })

  test('a resourceVersion older than the log is one ERROR 410 Expired message, then a normal close (K-30)', async () => {
    const first = await createImage(1)
    await createImage(2)
    h.server.emulator.store.events.compact()
    const socket = await openWatch(`${h.ws}${images}?watch=true&resourceVersion=${first.metadata.resourceVersion}`)
    expect(await socket.next()).toMatchObject({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 } })
    expect(await socket.closed).toEqual({ code: 1000, reason: '' })
    expect(socket.messages).toHaveLength(1)
    await waitFor(() => openWatches() === 0)
  })

  test('timeoutSeconds ends the socket cleanly on the emulator clock, without an ERROR (K-34)', async () => {
    const socket = await openWatch(`${h.ws}${images}?watch=true&timeoutSeconds=30`)
    await h.server.emulator.clock.advance('29s')
    expect(openWatches()).toBe(1)
    await h.server.emulator.clock.advance('1s')
    expect(await socket.closed).toEqual({ code: 1000, reason: '' })
    expect(socket.messages.map((m) => JSON.parse(m).type)).not.toContain('ERROR')
    expect(openWatches()).toBe(0)
  })

  test('a Table watch (Accept from a client that can send it): one-row Tables, the columns only in the first (K-37)', async () => {
    const start = h.server.emulator.store.resourceVersion()
    const socket = await openWatch(`${h.ws}${images}?watch=true&resourceVersion=${start}`, [], { origin, accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' })
    await createImage(1)
    await createImage(2)
    const [first, second] = [await socket.next(), await socket.next()]
    expect(first).toMatchObject({ type: 'ADDED', object: { kind: 'Table', apiVersion: 'meta.k8s.io/v1', rows: [{ object: { metadata: { name: imageName(1) } } }] } })
    expect(first.object.columnDefinitions.length).toBeGreaterThan(0)
    expect(second.object.rows).toHaveLength(1)
    expect(second.object.columnDefinitions ?? []).toEqual([])
    socket.socket.close()
  })

  test('a CCI snapshot goes Creating → Available on the clock, and each change arrives as it happens (cci.md §10.3)', async () => {
    const start = h.server.emulator.store.resourceVersion()
    const socket = await openWatch(`${h.ws}${snapshots}?watch=true&resourceVersion=${start}&fieldSelector=metadata.name%3Dsnap-ws`)
    await post(snapshots, { metadata: { name: 'snap-ws' }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx' }] } })
    const phase = (event: any) => `${event.type} ${event.object.status?.phase}`
    expect(phase(await socket.next())).toBe('ADDED Creating')
    await h.server.emulator.clock.advance('1s')
    // Nothing is due yet: no message came.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(socket.messages).toHaveLength(1)
    await h.server.emulator.clock.advance('90s')
    expect(phase(await socket.next())).toBe('MODIFIED Available')
    socket.socket.close()
  })

  test('a scenario answering the watch request refuses the handshake with its error; the next try upgrades', async () => {
    h.server.emulator.play('flaky-api')
    const refused = await refusal(`${h.ws}${images}?watch=true`)
    expect(refused.status).toBe(503)
    expect(JSON.parse(refused.body)).toMatchObject({ kind: 'Status', code: 503 })
    expect((await refusal(`${h.ws}${images}?watch=true`)).status).toBe(503)
    const socket = await openWatch(`${h.ws}${images}?watch=true`)
    expect(openWatches()).toBe(1)
    socket.socket.close()
  })

  test('a scenario watch action reaches WebSocket watches: expire sends ERROR 410 and closes them', async () => {
    const socket = await openWatch(`${h.ws}${images}?watch=true&resourceVersion=${h.server.emulator.store.resourceVersion()}`)
    h.server.emulator.play('watch-expires')
    await h.server.emulator.clock.advance('3m')
    expect(await socket.next()).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } })
    expect((await socket.closed).code).toBe(1000)
  })

  test('closing the socket releases the watch, and the server closing ends the sockets normally', async () => {
    const sockets = await Promise.all([1, 2, 3].map(() => openWatch(`${h.ws}${images}?watch=true`)))
    expect(openWatches()).toBe(3)
    sockets[0]!.socket.close()
    await sockets[0]!.closed
    await waitFor(() => openWatches() === 2)
    sockets[1]!.socket.close()
    await waitFor(() => openWatches() === 1)
    // A reset ends the watches as kube-apiserver ends them on shutdown: a normal close.
    await h.server.emulator.reset()
    expect((await sockets[2]!.closed).code).toBe(1000)
    expect(openWatches()).toBe(0)
  })

  test('a client that stops reading is cut off once its backlog passes the hub\'s limit, and the watch is released', async () => {
    const client = new WebSocketClient(`${h.ws}${images}?watch=true`, { origin })
    await new Promise((resolve) => client.once('open', resolve))
    const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)))
    client.pause()
    await waitFor(() => openWatches() === 1)
    const [watch] = h.server.emulator.kube.hub.watches()
    // 40 MiB of events for a client that reads none of them (the hub drops a watch 16 MiB behind).
    const big = { kind: 'Image', apiVersion: 'image.openshift.io/v1', metadata: { name: 'big', resourceVersion: '1' }, dockerImageManifest: 'x'.repeat(1 << 20) }
    for (let i = 0; i < 40 && !watch!.closed; i++) {
      watch!.emit('MODIFIED', big)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(watch!.closed).toBe(true)
    expect(openWatches()).toBe(0)
    client.resume()
    // Cut, not closed: no close frame reached the client.
    expect(await closed).toBe(1006)
  })

  test('subprotocols: one offered is echoed, and the events stay JSON text frames, as kube-apiserver sends them', async () => {
    for (const protocol of ['base64.binary.k8s.io', 'binary.k8s.io', 'v4.channel.k8s.io']) {
      const socket = await openWatch(`${h.ws}${images}?watch=true&resourceVersion=${h.server.emulator.store.resourceVersion()}`, [protocol])
      expect(socket.socket.protocol).toBe(protocol)
      await createImage(protocol.length)
      expect((await socket.next()).type).toBe('ADDED')
      expect(socket.messages[0]).toMatch(/^\{"type":"ADDED","object":\{"kind":"Image"/)
      socket.socket.close()
      await h.server.emulator.reset()
    }
    // The `ws` client tells text frames from binary ones.
    const client = new WebSocketClient(`${h.ws}${images}?watch=true`, ['base64.binary.k8s.io'], { origin })
    const frame = new Promise<{ binary: boolean; text: string }>((resolve) => client.once('message', (data, isBinary) => resolve({ binary: isBinary, text: String(data) })))
    await new Promise((resolve) => client.once('open', resolve))
    expect(client.protocol).toBe('base64.binary.k8s.io')
    await createImage(9)
    expect(await frame).toMatchObject({ binary: false, text: expect.stringMatching(/^\{"type":"ADDED".*\n$/) })
    client.close()
  })

  test('handshakes the watch handler refuses: no Origin (403), several subprotocols (400); a request it does not watch is answered as HTTP', async () => {
    expect(await refusal(`${h.ws}${images}?watch=true`, [], {})).toEqual({ status: 403, body: '' })
    expect(await refusal(`${h.ws}${images}?watch=true`, [], { origin: 'null' })).toMatchObject({ status: 403 })
    expect(await refusal(`${h.ws}${images}?watch=true`, ['base64.binary.k8s.io', 'binary.k8s.io'])).toEqual({ status: 400, body: '' })
    const bad = await refusal(`${h.ws}${images}?watch=true&labelSelector=a%20in%20`)
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body)).toMatchObject({ kind: 'Status', code: 400, reason: 'BadRequest' })
    const missing = await refusal(`${h.ws}/apis/cci/v2/nothings?watch=true`)
    expect(missing.status).toBe(404)
    // Not a watch: the list itself comes back, so the client's handshake fails.
    const list = await refusal(`${h.ws}${images}`)
    expect(list.status).toBe(200)
    expect(JSON.parse(list.body)).toMatchObject({ kind: 'ImageList' })
    await waitFor(() => openWatches() === 0)
  })
})

describe('WebSocket watches with tokens', () => {
  const h = useServer({ auth: { tokens: { 'console-token': { user: 'console' }, 'reader-token': { user: 'reader', verbs: ['get', 'list'] } } } })
  const url = () => `${h.ws}${images}?watch=true`

  test('the bearer token may come as the base64url.bearer.authorization.k8s.io subprotocol, which is not echoed', async () => {
    const socket = await openWatch(url(), ['base64.binary.k8s.io', bearerTokenProtocol('console-token')])
    expect(socket.socket.protocol).toBe('base64.binary.k8s.io')
    socket.socket.close()
    const header = await openWatch(url(), [], { origin, authorization: 'Bearer console-token' })
    header.socket.close()
  })

  test('without a valid token the handshake is a 401 Status; without the watch verb a 403 (K-2)', async () => {
    const unauthorized = await refusal(url())
    expect(unauthorized.status).toBe(401)
    expect(JSON.parse(unauthorized.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 })
    expect((await refusal(url(), ['base64.binary.k8s.io', bearerTokenProtocol('wrong')])).status).toBe(401)
    // ProtocolAuthenticator's own refusals: the token alone (nothing left to echo), a bad encoding, two tokens.
    expect((await refusal(url(), [bearerTokenProtocol('console-token')])).status).toBe(401)
    // Standard base64 is not base64url: `+` (and `/`, `=`) are refused.
    expect((await refusal(url(), ['base64.binary.k8s.io', 'base64url.bearer.authorization.k8s.io.Y29u+c29sZQ'])).status).toBe(401)
    expect((await refusal(url(), ['base64.binary.k8s.io', bearerTokenProtocol('console-token'), bearerTokenProtocol('reader-token')])).status).toBe(401)
    const forbidden = await refusal(url(), ['base64.binary.k8s.io', bearerTokenProtocol('reader-token')])
    expect(forbidden.status).toBe(403)
    expect(JSON.parse(forbidden.body)).toMatchObject({ reason: 'Forbidden', message: expect.stringContaining('cannot watch resource "images"') })
  })
})

describe('wss: the standalone server with TLS', () => {
  const tls = {
    cert: readFileSync(new URL('../support/tls/localhost.crt', import.meta.url)),
    key: readFileSync(new URL('../support/tls/localhost.key', import.meta.url)),
  }
  let server: RunningServer
  beforeAll(async () => {
    server = await listen({ tls, emulatorOptions: { seed: 1, clock: { mode: 'manual' } } })
  })
  afterAll(async () => {
    await server.close()
  })

  test('a watch over wss:// carries its events as over ws://', async () => {
    // The certificate names localhost; the server listens on 127.0.0.1 (servername is passed on to tls.connect).
    const options = { origin, ca: tls.cert, servername: 'localhost' }
    const client = new WebSocketClient(`${server.url.replace(/^https/, 'wss')}${images}?watch=true&allowWatchBookmarks=true`, options)
    const first = new Promise<string>((resolve) => client.once('message', (data) => resolve(String(data))))
    expect(JSON.parse(await first)).toMatchObject({ type: 'BOOKMARK', object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } })
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()))
    client.close(1000)
    await closed
    await waitFor(() => server.emulator.kube.hub.watches().length === 0)
  })
})

describe('a console path prefix (kube.pathPrefix)', () => {
  const h = useServer({ kube: { pathPrefix: '/api/kubernetes/' } })

  test('the Kubernetes paths and their WebSocket watches are served under the prefix as well as at the root', async () => {
    const socket = await openWatch(`${h.ws}/api/kubernetes${images}?watch=true&resourceVersion=${h.server.emulator.store.resourceVersion()}`)
    const created = await fetch(`${h.http}/api/kubernetes${images}`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ metadata: { name: imageName(1) }, dockerImageReference: 'quay.io/a/b:1' }),
    })
    expect(created.status).toBe(201)
    expect((await socket.next()).object.metadata.name).toBe(imageName(1))
    expect((await (await fetch(`${h.http}${images}`)).json()).items).toHaveLength(1)
    expect((await fetch(`${h.http}/api/kubernetes/apis`)).status).toBe(200)
    // The scenario engine and the journal see the path the API serves.
    expect(h.server.emulator.journal.entries({ method: 'POST' })).toMatchObject([{ url: images, status: 201 }])
    socket.socket.close()
  })
})
