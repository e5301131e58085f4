// @kubernetes/client-node's Watch against the standalone server (K-34): `timeoutSeconds=0` means "not
// set", so the watch lives for the server's default — kube-apiserver's minRequestTimeout of 1800 s
// times a factor in [1, 2) — instead of ending at once and sending the client into a re-watch loop.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { KubeConfig, Watch } from '@kubernetes/client-node'
import { createEmulator, type Emulator } from '../../src/emulator.ts'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'
import { renderKubeconfig } from '../../src/runtimes/kubeconfig.ts'
import { eventually } from '../support/realClients.ts'

const path = '/apis/image.openshift.io/v1/images'
const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`

let emulator: Emulator
let server: RunningServer
let kc: KubeConfig

beforeAll(async () => {
  emulator = createEmulator({ seed: 41 })
  server = await listen({ emulator })
  kc = new KubeConfig()
  kc.loadFromString(renderKubeconfig({ server: server.url }))
})

afterAll(async () => {
  await server.close()
  emulator.dispose()
})

async function createImage(name: string) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ metadata: { name }, dockerImageReference: `quay.io/demo/${name.slice(7, 12)}:1` }),
  })
  expect(response.status).toBe(201)
}

describe('client-node Watch with timeoutSeconds=0', () => {
  test('stays open for the default timeout: at least 1800 s, less than 3600 s of server time', async () => {
    const events: string[] = []
    let ended: unknown = 'open'
    const request = await new Watch(kc).watch(
      path,
      { timeoutSeconds: 0, resourceVersion: String(emulator.store.resourceVersion()) },
      (type, object) => events.push(`${type} ${object.metadata.name}`),
      (error) => (ended = error),
    )
    try {
      await eventually(() => expect(emulator.kube.hub.watches()).toHaveLength(1))
      await createImage(digest(1))
      await eventually(() => expect(events).toEqual([`ADDED ${digest(1)}`]))

      // Just under the least default timeout: still open, still delivering.
      await emulator.clock.advance('1799s')
      await createImage(digest(2))
      await eventually(() => expect(events).toEqual([`ADDED ${digest(1)}`, `ADDED ${digest(2)}`]))
      expect(ended).toBe('open')

      // Past the greatest: the stream has ended cleanly, as a timeout ends it.
      await emulator.clock.advance('1801s')
      await eventually(() => expect(ended).toBeNull())
      expect(emulator.kube.hub.watches()).toHaveLength(0)
    } finally {
      request.abort()
    }
  })
})
