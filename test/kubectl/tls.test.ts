// The standalone server over https: kubectl (client-go) sends a kubeconfig token only over TLS, so
// this is how a token-protected emulator is tested with kubectl. The certificate is the self-signed
// test one; the kubeconfig skips its verification, as the CLI's does.
import { readFileSync } from 'node:fs'
import { request } from 'node:https'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CustomObjectsApi } from '@kubernetes/client-node'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'
import { kubeConfigFor } from '../support/realClients.ts'
import { withoutKubectl, noKubectl, rows, useKubectl, type Kubectl } from './kubectlRunner.ts'

const tls = {
  cert: readFileSync(new URL('../support/tls/localhost.crt', import.meta.url)),
  key: readFileSync(new URL('../support/tls/localhost.key', import.meta.url)),
}
const frontend = 'sha256:126898eea4d1800a0a30564315417bcace2e85d576fcdac9225e7dbc5d63550d'

/** One https request that trusts the test certificate; status, headers and body text. */
function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, ca: tls.cert, servername: 'localhost' }, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }))
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

describe('the standalone server over https', () => {
  let server: RunningServer
  const kubectls: Kubectl[] = []
  beforeAll(async () => {
    server = await listen({
      tls,
      emulatorOptions: { seed: 1, fixtures: ['openshift-images'], auth: { tokens: { 'secret-1': { user: 'alice', admin: true } } } },
    })
  })
  afterAll(async () => {
    for (const kubectl of kubectls) kubectl.remove()
    await server.close()
  })

  test('it listens on https and checks tokens; Glance links carry the https origin', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect((await call(`${server.url}/apis/image.openshift.io/v1/images`)).status).toBe(401)
    const listed = await call(`${server.url}/apis/image.openshift.io/v1/images`, { headers: { authorization: 'Bearer secret-1' } })
    expect(listed.status).toBe(200)
    expect(JSON.parse(listed.text).items).toHaveLength(3)
    const created = await call(`${server.url}/v2/images`, {
      method: 'POST',
      headers: { 'x-auth-token': 'secret-1', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'tls-image', disk_format: 'raw', container_format: 'bare' }),
    })
    expect(created.status).toBe(201)
    expect(created.headers.location).toBe(`${server.url}/v2/images/${JSON.parse(created.text).id}`)
  })

  test.skipIf(withoutKubectl)(`kubectl sends the kubeconfig token over https: the right one lists, a wrong one is refused${noKubectl}`, async () => {
    const allowed = useKubectl(server.url, 'secret-1')
    const refused = useKubectl(server.url, 'wrong')
    kubectls.push(allowed, refused)
    expect(rows(await allowed.ok(['get', 'images.image.openshift.io', frontend]))).toEqual([
      ['NAME', 'IMAGE REFERENCE'],
      [frontend, `image-registry.openshift-image-registry.svc:5000/demo/frontend@${frontend}`],
    ])
    const sent = server.emulator.journal.entries({ path: `/apis/image.openshift.io/v1/images/${frontend}` }).at(-1)!
    expect(sent.requestHeaders.authorization).toBe('Bearer secret-1')
    const denied = await refused.run(['get', 'images.image.openshift.io'])
    expect(denied.code).toBe(1)
    // What kubectl prints for a 401 from kube-apiserver's discovery.
    expect(denied.stderr.trim().split('\n').at(-1)).toBe('error: You must be logged in to the server (the server has asked for the client to provide credentials)')
  })

  test('@kubernetes/client-node lists over https with its token', async () => {
    const api = kubeConfigFor(server.url, 'alice', 'secret-1').makeApiClient(CustomObjectsApi)
    const list = (await api.listClusterCustomObject({ group: 'image.openshift.io', version: 'v1', plural: 'images' })) as { items: Array<{ metadata: { name: string } }> }
    expect(list.items.map((item) => item.metadata.name)).toContain(frontend)
  })
})
