// In-process use through msw's setupServer: a long test run must not pile up sockets. msw's Node
// interception keeps the connection of a mocked fetch for the next request only when the response
// has a known length; a chunked one leaves its socket handle open for good. Every complete answer
// of the emulator, errors included, therefore carries its Content-Length.
import { afterEach, expect, test } from 'vitest'
import { setupServer } from 'msw/node'
import { createEmulator, type Emulator } from '../../src/index.ts'

let emulator: Emulator | undefined
let server: ReturnType<typeof setupServer> | undefined
afterEach(() => {
  server?.close()
  emulator?.dispose()
})

const origin = 'http://emulator.test'
const openSockets = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

test('200 fetches of every kind of answer leave no socket open', async () => {
  emulator = createEmulator({ seed: 1, fixtures: ['openshift-images', 'glance-images'] })
  // A scenario's answer without a body is an answer of known length too (0).
  emulator.play({ name: 'accepted', steps: [{ when: { method: 'POST', path: '/v2/images/:id/actions/deactivate' }, respond: { status: 202 } }] })
  server = setupServer(...emulator.handlers)
  server.listen({ onUnhandledFrame: 'error' })
  const answers = [
    ['GET', '/apis/image.openshift.io/v1/images', 200],
    ['GET', '/apis/image.openshift.io/v1/images/sha256:missing', 404],
    ['DELETE', '/apis/image.openshift.io/v1/images/sha256:missing', 404],
    ['GET', '/apis/cci/v2/imagesnapshots', 200],
    ['GET', '/v2/images', 200],
    ['GET', '/v2/images/00000000-0000-0000-0000-000000000000', 404],
    ['GET', '/version', 200],
    ['POST', '/v2/images/00000000-0000-0000-0000-000000000000/actions/deactivate', 202],
  ] as const
  // Warm: undici opens its pooled connection on the first request.
  await (await fetch(`${origin}/version`)).text()
  await nextTurn()
  const before = openSockets()
  for (let round = 0; round < 25; round++) {
    for (const [method, path, status] of answers) {
      const response = await fetch(`${origin}${path}`, { method })
      expect(response.status).toBe(status)
      expect(response.headers.get('content-length')).toBe(String((await response.arrayBuffer()).byteLength))
    }
  }
  // msw lets go of a request's socket on a later turn of the event loop.
  await nextTurn()
  await nextTurn()
  expect(openSockets() - before).toBeLessThanOrEqual(2)
})
