// Bad input gets a Status of the right code and leaves the store as it was.
import { describe, expect, test } from 'vitest'
import { readJson, transports, useEmulator } from '../support/transports.ts'

const images = '/apis/image.openshift.io/v1/images'
const name = `sha256:${'a'.repeat(64)}`

describe.each(transports)('bad input over %s', (transport) => {
  const h = useEmulator(transport)
  // Kubernetes clients always label their bodies; fetch would otherwise send text/plain (a 415).
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${h.base}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } })

  async function seed() {
    const response = await call(images, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { name, labels: { app: 'web' } }, dockerImageReference: 'quay.io/a/b:1' }),
    })
    expect(response.status).toBe(201)
    return h.emulator.store.snapshot()
  }

  const cases: Array<[string, () => RequestInit & { path?: string }, number, RegExp | string]> = [
    ['malformed JSON', () => ({ method: 'POST', body: '{"metadata": {', headers: { 'content-type': 'application/json' } }), 400, /^the object provided is unrecognized \(must be of type Image\)/],
    ['a body that is an array', () => ({ method: 'POST', body: '[1,2]', headers: { 'content-type': 'application/json' } }), 400, /cannot unmarshal array into Go value/],
    ['a body that is a string', () => ({ method: 'POST', body: '"image"', headers: { 'content-type': 'application/json' } }), 400, /cannot unmarshal string into Go value/],
    ['a wrong kind', () => ({ method: 'POST', body: JSON.stringify({ kind: 'Pod', metadata: { name: 'p' }, dockerImageReference: 'a' }) }), 400, 'the kind in the data (Pod) does not match the expected kind (Image)'],
    ['a wrong apiVersion', () => ({ method: 'POST', body: JSON.stringify({ apiVersion: 'apps/v1', metadata: { name: 'p' }, dockerImageReference: 'a' }) }), 400, 'the API version in the data (apps/v1) does not match the expected API version (image.openshift.io/v1)'],
    ['an invalid name', () => ({ method: 'POST', body: JSON.stringify({ metadata: { name: 'a/b' }, dockerImageReference: 'a' }) }), 422, /metadata\.name: Invalid value: "a\/b": may not contain '\/'/],
    ['an invalid label', () => ({ method: 'POST', body: JSON.stringify({ metadata: { name: 'ok', labels: { 'bad key!': 'v' } }, dockerImageReference: 'a' }) }), 422, /metadata\.labels: Invalid value: "bad key!"/],
    ['an unsupported content type', () => ({ method: 'POST', body: 'x', headers: { 'content-type': 'text/csv' } }), 415, /^the body of the request was in an unknown format/],
    ['an invalid label selector', () => ({ path: `${images}?labelSelector=${encodeURIComponent('app in (a')}` }), 400, /^unable to parse requirement|^found '', expected/],
    ['an invalid field selector', () => ({ path: `${images}?fieldSelector=${encodeURIComponent('metadata.name')}` }), 400, /^invalid selector: 'metadata.name'; can't understand 'metadata.name'$/],
    ['a forged continue token', () => ({ path: `${images}?limit=1&continue=${btoa('{"v":"meta.k8s.io/v1","rv":1,"start":"../../secrets"}')}` }), 400, /^invalid continue token/],
    ['a non-numeric resourceVersion', () => ({ path: `${images}?resourceVersion=abc` }), 400, /^invalid resource version/],
    ['a resourceVersion from the future', () => ({ path: `${images}?resourceVersion=999` }), 504, 'Timeout: Too large resource version: 999, current: 1'],
    ['resourceVersionMatch without resourceVersion', () => ({ path: `${images}?resourceVersionMatch=Exact` }), 422, /^ListOptions\.meta\.k8s\.io "" is invalid: resourceVersionMatch: Forbidden/],
    ['an unknown dryRun value', () => ({ method: 'POST', path: `${images}?dryRun=Some`, body: JSON.stringify({ metadata: { name: 'd' }, dockerImageReference: 'a' }) }), 422, 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Some"}: supported values: "All"'],
    ['a 5 MB body', () => ({ method: 'POST', body: JSON.stringify({ metadata: { name: 'big' }, dockerImageReference: 'a', dockerImageManifest: 'x'.repeat(5 * 1024 * 1024) }) }), 413, 'Request entity too large: limit is 3145728'],
    ['a JSON patch that fails a test op', () => ({ method: 'PATCH', path: `${images}/${name}`, headers: { 'content-type': 'application/json-patch+json' }, body: JSON.stringify([{ op: 'replace', path: '/dockerImageReference', value: 'b' }, { op: 'test', path: '/metadata/labels/app', value: 'db' }]) }), 422, 'the server rejected our request due to an error in our request'],
    // kube-apiserver's NewRequestEntityTooLargeError wording (apimachinery errors.go).
    ['a JSON patch of 10,001 operations', () => ({ method: 'PATCH', path: `${images}/${name}`, headers: { 'content-type': 'application/json-patch+json' }, body: JSON.stringify(Array.from({ length: 10_001 }, () => ({ op: 'test', path: '/metadata/name', value: name }))) }), 413, 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001'],
    ['a patch that is not JSON', () => ({ method: 'PATCH', path: `${images}/${name}`, headers: { 'content-type': 'application/merge-patch+json' }, body: '{nope' }), 400, /^error decoding patch/],
    ['a body nested 2,000 levels deep', () => ({ method: 'POST', body: `{"metadata":{"name":"deep"},"dockerImageReference":"a","x":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}` }), 400, /exceeded max depth/],
    ['a strategic patch nested 2,000 levels deep', () => ({ method: 'PATCH', path: `${images}/${name}`, headers: { 'content-type': 'application/strategic-merge-patch+json' }, body: `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}` }), 400, /exceeded max depth/],
    ['a patch renaming the object', () => ({ method: 'PATCH', path: `${images}/${name}`, headers: { 'content-type': 'application/merge-patch+json' }, body: '{"metadata":{"name":"other"}}' }), 400, /does not match the name on the URL/],
  ]

  test.each(cases)('%s → Status %i, store unchanged', async (_label, make, code, message) => {
    const before = await seed()
    const { path = images, ...init } = make()
    const response = await call(path, init)
    expect(response.status).toBe(code)
    expect(response.headers.get('content-type')).toBe('application/json')
    const status = await readJson(response)
    expect(status).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code })
    if (typeof message === 'string') expect(status.message).toBe(message)
    else expect(status.message).toMatch(message)
    expect(h.emulator.store.snapshot()).toEqual(before)
  })

  test('__proto__ and constructor keys in a body and in patch paths never reach Object.prototype', async () => {
    const before = await seed()
    const body = `{"metadata":{"name":"proto","labels":{"__proto__":{"polluted":"yes"}}},"dockerImageReference":"a","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}`
    const created = await call(images, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    // Go decodes the label value {"polluted":"yes"} into a string field: a 400, like any type error.
    expect(created.status).toBe(400)
    for (const path of ['/__proto__/polluted', '/constructor/prototype/polluted', '/metadata/__proto__/polluted']) {
      const patched = await call(`${images}/${name}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json-patch+json' },
        body: JSON.stringify([{ op: 'add', path, value: 'yes' }]),
      })
      expect(patched.status).toBeLessThan(500)
    }
    const merge = await call(`${images}/${name}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: '{"__proto__":{"polluted":"yes"},"metadata":{"labels":{"constructor":"x"}}}',
    })
    expect(merge.status).toBeLessThan(500)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
    expect(before.resourceVersion).toBeGreaterThan(0)
  })

})

describe.each(transports)('auth over %s', (transport) => {
  const h = useEmulator(transport, { seed: 1, auth: { tokens: { 'token-a': { user: 'alice' }, 'token-r': { user: 'reader', verbs: ['get', 'list', 'watch'] }, 'token-l': { user: 'lister', verbs: ['get', 'list'] } } } })
  const call = (path: string, token?: string, init: RequestInit = {}) =>
    fetch(`${h.base}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) } })

  test('no token or an unknown one → 401 Unauthorized Status; a known one passes', async () => {
    for (const token of [undefined, 'forged', '__proto__', 'constructor']) {
      const response = await call(images, token)
      expect(response.status).toBe(401)
      expect(await readJson(response)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 })
    }
    expect((await call(images, 'token-a')).status).toBe(200)
  })

  test('?watch=true is the watch verb: a token that may only list cannot watch either way', async () => {
    expect((await call(images, 'token-l')).status).toBe(200)
    for (const path of [`${images}?watch=true`, '/apis/image.openshift.io/v1/watch/images']) {
      const response = await call(path, 'token-l')
      expect(response.status).toBe(403)
      expect((await readJson(response)).message).toMatch(/User "lister" cannot watch resource "images"/)
    }
  })

  test('a token limited to reading gets 403 Forbidden on writes', async () => {
    const response = await call(images, 'token-r', { method: 'POST', body: JSON.stringify({ metadata: { name: 'x' }, dockerImageReference: 'a' }) })
    expect(response.status).toBe(403)
    expect((await readJson(response)).message).toBe(
      'images.image.openshift.io is forbidden: User "reader" cannot create resource "images" in API group "image.openshift.io" at the cluster scope',
    )
  })
})
