// kube-apiserver's health endpoints, as CI scripts and kubectl read them: /healthz, /livez and /readyz
// answer `ok` (verbose: one line per check), each check has its own path, and they are public: a
// request without credentials reads them, one with a bad token is refused 401 as /version is.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'
import { withoutKubectl, noKubectl, useKubectl, type Kubectl } from './kubectlRunner.ts'

const readyChecks = [
  'ping',
  'log',
  'etcd',
  'etcd-readiness',
  'informer-sync',
  'poststarthook/start-apiserver-admission-initializer',
  'poststarthook/generic-apiserver-start-informers',
  'poststarthook/storage-object-count-tracker-hook',
  'shutdown',
]

describe.skipIf(withoutKubectl)(`kubectl get --raw on the health endpoints${noKubectl}`, () => {
  let server: RunningServer
  let kubectl: Kubectl
  beforeAll(async () => {
    server = await listen({ emulatorOptions: { seed: 1 } })
    kubectl = useKubectl(server.url)
  })
  afterAll(async () => {
    kubectl?.remove()
    await server?.close()
  })

  test('/readyz?verbose lists every check and ends "readyz check passed"; /livez and /healthz say ok', async () => {
    expect(await kubectl.ok(['get', '--raw', '/readyz?verbose'])).toBe(`${readyChecks.map((check) => `[+]${check} ok`).join('\n')}\nreadyz check passed\n`)
    expect(await kubectl.ok(['get', '--raw', '/livez'])).toBe('ok')
    expect(await kubectl.ok(['get', '--raw', '/healthz'])).toBe('ok')
    expect(await kubectl.ok(['get', '--raw', '/readyz/etcd'])).toBe('ok')
  })

  test('?exclude= skips a check and says so; a name matching no check is a warning, not an error', async () => {
    const out = await kubectl.ok(['get', '--raw', '/livez?verbose&exclude=etcd&exclude=nope&exclude=also-not'])
    expect(out.split('\n')).toEqual([
      '[+]ping ok',
      '[+]log ok',
      '[+]etcd excluded: ok',
      '[+]poststarthook/start-apiserver-admission-initializer ok',
      '[+]poststarthook/generic-apiserver-start-informers ok',
      '[+]poststarthook/storage-object-count-tracker-hook ok',
      'warn: some health checks cannot be excluded: no matches for "also-not","nope"',
      'livez check passed',
      '',
    ])
  })

  test('a check that does not exist is 404, as the apiserver mux answers an unknown path', async () => {
    const result = await kubectl.run(['get', '--raw', '/readyz/no-such-check'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/NotFound|could not find the requested resource/)
  })

  test('the answer is plain text with nosniff, as Go writes it', async () => {
    const response = await fetch(`${server.url}/readyz`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toBe('ok')
  })
})

describe('public paths with a token table: anonymous requests read them, a bad token is 401', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await listen({ emulatorOptions: { seed: 1, auth: { tokens: { 'good-token': { user: 'alice' } } } } })
  })
  afterAll(async () => {
    await server?.close()
  })

  const get = async (path: string, token?: string) => {
    const response = await fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
    return { status: response.status, text: await response.text() }
  }

  test('/version and the health endpoints: 200 without credentials and with a good token, 401 with a bad one', async () => {
    for (const path of ['/version', '/healthz', '/livez', '/readyz', '/readyz?verbose', '/readyz/ping']) {
      expect((await get(path)).status, `${path} anonymous`).toBe(200)
      expect((await get(path, 'good-token')).status, `${path} good token`).toBe(200)
      const refused = await get(path, 'wrong-token')
      expect(refused.status, `${path} bad token`).toBe(401)
      expect(JSON.parse(refused.text)).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 })
    }
  })

  test('discovery and OpenAPI need a known token: a bad one is 401 too', async () => {
    for (const path of ['/api', '/apis', '/apis/image.openshift.io/v1', '/openapi/v3']) {
      expect((await get(path, 'good-token')).status, `${path} good token`).toBe(200)
      expect((await get(path, 'wrong-token')).status, `${path} bad token`).toBe(401)
    }
  })
})
