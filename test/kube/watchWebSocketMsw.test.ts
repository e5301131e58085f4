// Watches over WebSocket through msw's `ws` API in Node (setupServer over emulator.handlers): Node's own
// WebSocket is intercepted, no server listens, and the emulator answers as the standalone server does
// (K-28..K-34), one event per text message.
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { createEmulator } from '../../src/index.ts'
import { bearerTokenProtocol } from '../../src/kube/watchSocket/bearerTokenProtocol.ts'

const base = 'http://kube.test'
const wsBase = 'ws://kube.test'
const snapshots = '/apis/cci/v2/imagesnapshots'
const images = '/apis/image.openshift.io/v1/images'

interface Opened {
  socket: WebSocket
  messages: string[]
  next(): Promise<any>
  closed: Promise<{ code: number }>
  /** Whether the socket reported an error before closing. */
  errored(): boolean
}

function openWatch(url: string, protocols: string[] = []): Opened {
  const socket = new WebSocket(url, protocols)
  const messages: string[] = []
  let taken = 0
  let wake: (() => void) | undefined
  let errored = false
  socket.addEventListener('message', (event) => {
    messages.push(event.data as string)
    wake?.()
  })
  socket.addEventListener('error', () => (errored = true))
  return {
    socket,
    messages,
    closed: new Promise((done) => socket.addEventListener('close', (event) => done({ code: event.code }))),
    errored: () => errored,
    async next() {
      while (taken >= messages.length) await new Promise<void>((woken) => (wake = woken))
      return JSON.parse(messages[taken++]!)
    },
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

describe('watches over WebSocket through msw in Node', () => {
  const emulator = createEmulator({
    seed: 1,
    clock: { mode: 'manual' },
    auth: { tokens: { 'console-token': { user: 'console' } } },
    kube: { pathPrefix: '/api/kubernetes' },
  })
  const server = setupServer(...emulator.handlers)
  const authorized = { authorization: 'Bearer console-token', 'content-type': 'application/json' }
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
  afterEach(async () => {
    await emulator.reset()
  })
  afterAll(() => {
    server.close()
    emulator.dispose()
  })

  test('a CCI watch opened with the token subprotocol gets each lifecycle change as one text message (K-28, K-29, cci.md §10.3)', async () => {
    const start = emulator.store.resourceVersion()
    const watch = openWatch(`${wsBase}${snapshots}?watch=true&resourceVersion=${start}`, ['base64.binary.k8s.io', bearerTokenProtocol('console-token')])
    await settle()
    expect(emulator.kube.hub.watches()).toHaveLength(1)
    const created = await fetch(`${base}${snapshots}`, {
      method: 'POST',
      headers: authorized,
      body: JSON.stringify({ metadata: { name: 'snap-msw' }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx' }] } }),
    })
    expect(created.status).toBe(201)
    const added = await watch.next()
    expect([added.type, added.object.metadata.name, added.object.status.phase]).toEqual(['ADDED', 'snap-msw', 'Creating'])
    expect(watch.messages[0]).toMatch(/^\{"type":"ADDED",.*\}\n$/)
    await emulator.clock.advance('90s')
    const available = await watch.next()
    expect([available.type, available.object.status.phase]).toEqual(['MODIFIED', 'Available'])
    expect(Number(available.object.metadata.resourceVersion)).toBeGreaterThan(Number(added.object.metadata.resourceVersion))
    watch.socket.close()
    await watch.closed
    await settle()
    expect(emulator.kube.hub.watches()).toHaveLength(0)
  })

  test('replay from a resourceVersion, a selector and an expired start behave as over HTTP (K-30, K-31)', async () => {
    const create = (n: number, app: string) =>
      fetch(`${base}${images}`, {
        method: 'POST',
        headers: authorized,
        body: JSON.stringify({ metadata: { name: `sha256:${String(n).padStart(64, '0')}`, labels: { app } }, dockerImageReference: `quay.io/a/b:${n}` }),
      }).then((r) => r.json())
    const first = await create(1, 'web')
    await create(2, 'db')
    await create(3, 'web')
    const token = [bearerTokenProtocol('console-token'), 'base64.binary.k8s.io']
    // Under the console prefix, as the OpenShift console opens it.
    const replay = openWatch(`${wsBase}/api/kubernetes${images}?watch=true&resourceVersion=${first.metadata.resourceVersion}&labelSelector=app%3Dweb`, token)
    const replayed = await replay.next()
    // The token's protocol, offered first, is not the one the socket ends up with.
    expect(replay.socket.protocol).toBe('base64.binary.k8s.io')
    expect([replayed.type, replayed.object.metadata.name]).toEqual(['ADDED', `sha256:${String(3).padStart(64, '0')}`])
    await settle()
    expect(replay.messages).toHaveLength(1)
    replay.socket.close()

    emulator.store.events.compact()
    const expired = openWatch(`${wsBase}${images}?watch=true&resourceVersion=${first.metadata.resourceVersion}`, token)
    expect(await expired.next()).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } })
    expect((await expired.closed).code).toBe(1000)
  })

  test('a refused watch errors and closes with 1006, as a failed handshake does, and holds no watch', async () => {
    const unauthorized = openWatch(`${wsBase}${images}?watch=true`)
    expect((await unauthorized.closed).code).toBe(1006)
    expect(unauthorized.errored()).toBe(true)
    expect(unauthorized.messages).toEqual([])
    const badSelector = openWatch(`${wsBase}${images}?watch=true&labelSelector=a%20in%20`, ['x', bearerTokenProtocol('console-token')])
    expect((await badSelector.closed).code).toBe(1006)
    expect(emulator.kube.hub.watches()).toHaveLength(0)
  })

  test('bookmarks and timeoutSeconds follow the emulator clock (K-32, K-34)', async () => {
    const watch = openWatch(`${wsBase}${images}?watch=true&allowWatchBookmarks=true&timeoutSeconds=90`, ['x', bearerTokenProtocol('console-token')])
    expect(await watch.next()).toMatchObject({ type: 'BOOKMARK', object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } })
    await emulator.clock.advance('60s')
    expect(await watch.next()).toMatchObject({ type: 'BOOKMARK', object: { kind: 'Image', apiVersion: 'image.openshift.io/v1' } })
    await emulator.clock.advance('30s')
    // The bookmark 2 s before the deadline, then a clean end.
    expect((await watch.next()).type).toBe('BOOKMARK')
    expect((await watch.closed).code).toBe(1000)
    expect(emulator.kube.hub.watches()).toHaveLength(0)
  })
})
