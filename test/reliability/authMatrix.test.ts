// The authentication and authorisation matrix of each API: no token, an unknown token, another
// project's token and a caller without the rights an action needs. Each answer is the one the real
// API gives (K-2 401/403 Status, CCI-7, G2.2, G5.4, G7, G8.5, G12.2), and a refused request changes nothing.
import { describe, expect, test } from 'vitest'
import { transports, useEmulator } from '../support/transports.ts'
import { glanceHarness } from '../glance/glanceSetup.ts'

const tokens = {
  'admin-token': { user: 'admin', project: 'project-admin', admin: true },
  'alice-token': { user: 'alice', project: 'project-alice' },
  'bob-token': { user: 'bob', project: 'project-bob' },
  'viewer-token': { user: 'viewer', project: 'project-alice', verbs: ['get', 'list', 'watch'] },
}

interface KubeCase {
  api: string
  path: string
  group: string
  plural: string
  body: (name: string) => Record<string, unknown>
  name: string
}

const kubeApis: KubeCase[] = [
  {
    api: 'OpenShift Image',
    path: '/apis/image.openshift.io/v1/images',
    group: 'image.openshift.io',
    plural: 'images',
    name: `sha256:${'a'.repeat(64)}`,
    body: (name) => ({ metadata: { name }, dockerImageReference: 'quay.io/a/b:1' }),
  },
  {
    api: 'CCI ImageSnapshot',
    path: '/apis/cci/v2/imagesnapshots',
    group: 'cci',
    plural: 'imagesnapshots',
    name: 'snap-1',
    body: (name) => ({ metadata: { name }, spec: { buildingConfig: { namespace: 'ns-a' }, images: [{ image: 'nginx:latest' }] } }),
  },
]

const unauthorized = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }

describe.each(transports)('auth matrix over %s', (transport) => {
  const h = useEmulator(transport, { seed: 1, auth: { tokens } })

  describe.each(kubeApis)('$api', ({ path, group, plural, body, name }) => {
    const call = async (token: string | undefined, method: string, target: string, sent?: unknown) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (token) headers.authorization = `Bearer ${token}`
      const response = await fetch(`${h.base}${target}`, { method, headers, body: sent === undefined ? undefined : JSON.stringify(sent) })
      const text = await response.text()
      return { status: response.status, body: text ? JSON.parse(text) : undefined }
    }
    const verbs: Array<[string, string, string, (() => unknown) | undefined]> = [
      ['get', 'GET', `${path}/${name}`, undefined],
      ['list', 'GET', path, undefined],
      ['create', 'POST', path, () => body('snap-2')],
      ['delete', 'DELETE', `${path}/${name}`, undefined],
    ]

    test('no token and an unknown token: 401 Unauthorized on every verb, nothing written', async () => {
      expect((await call('alice-token', 'POST', path, body(name))).status).toBe(201)
      const before = h.emulator.store.snapshot()
      for (const token of [undefined, 'expired-token', '__proto__', 'constructor']) {
        for (const [, method, target, make] of verbs) {
          const answer = await call(token, method, target, make?.())
          expect(answer).toEqual({ status: 401, body: unauthorized })
        }
      }
      expect(h.emulator.store.snapshot()).toEqual(before)
    })

    test('another project’s token: these kinds are cluster-scoped, so it reads and writes like its own', async () => {
      expect((await call('alice-token', 'POST', path, body(name))).status).toBe(201)
      const seen = await call('bob-token', 'GET', `${path}/${name}`)
      expect(seen.status).toBe(200)
      expect((await call('bob-token', 'GET', path)).body.items).toHaveLength(1)
    })

    test('a caller without the verb: 403 Forbidden naming user, verb and resource; nothing written', async () => {
      expect((await call('admin-token', 'POST', path, body(name))).status).toBe(201)
      const before = h.emulator.store.snapshot()
      for (const [verb, method, target, make] of verbs.slice(2)) {
        const answer = await call('viewer-token', method, target, make?.())
        expect(answer.status).toBe(403)
        const resource = group ? `${plural}.${group}` : plural
        const subject = verb === 'create' ? resource : `${resource} "${name}"`
        expect(answer.body).toMatchObject({
          reason: 'Forbidden',
          code: 403,
          message: `${subject} is forbidden: User "viewer" cannot ${verb} resource "${plural}" in API group "${group}" at the cluster scope`,
        })
      }
      expect(h.emulator.store.snapshot()).toEqual(before)
      expect((await call('viewer-token', 'GET', `${path}/${name}`)).status).toBe(200)
    })
  })
})

describe('auth matrix: Glance', () => {
  const g = glanceHarness({ auth: { tokens } })
  const v21 = { 'content-type': 'application/openstack-images-v2.1-json-patch' }
  const status = async (response: Promise<Response>) => {
    const answered = await response
    await answered.arrayBuffer()
    return answered.status
  }

  test('G2.2: no token or an unknown token is 401 with WWW-Authenticate, on every route', async () => {
    const image = await g.createImage()
    for (const token of [null, 'expired-token', '__proto__'] as const) {
      for (const [method, path] of [
        ['GET', '/v2/images'],
        ['GET', `/v2/images/${image.id}`],
        ['POST', '/v2/images'],
        ['DELETE', `/v2/images/${image.id}`],
        ['GET', '/v2/schemas/image'],
      ] as const) {
        const headers: Record<string, string> = token ? { 'x-auth-token': token } : {}
        const response = await g.call(method, path, { token: null, headers, json: method === 'POST' ? { name: 'x' } : undefined })
        expect(response.status).toBe(401)
        expect(response.headers.get('www-authenticate')).toMatch(/^Keystone uri=/)
        expect(await response.json()).toEqual({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } })
      }
    }
    expect(g.emulator.glance.images()).toHaveLength(1)
  })

  test('another project’s token: a private image is invisible (404), a public one cannot be changed (403)', async () => {
    const secret = await g.createImage({ visibility: 'private' })
    const shared = await g.createImage({ visibility: 'public' }, 'admin-token')
    const before = g.emulator.store.snapshot()
    expect(await status(g.call('GET', `/v2/images/${secret.id}`, { token: 'bob-token' }))).toBe(404)
    expect(await status(g.call('DELETE', `/v2/images/${secret.id}`, { token: 'bob-token' }))).toBe(404)
    expect(await status(g.call('PATCH', `/v2/images/${secret.id}`, { token: 'bob-token', body: '[]', headers: v21 }))).toBe(404)
    expect(await status(g.call('GET', `/v2/images/${shared.id}`, { token: 'bob-token' }))).toBe(200)
    expect(await status(g.call('DELETE', `/v2/images/${shared.id}`, { token: 'bob-token' }))).toBe(403)
    expect(await status(g.call('PATCH', `/v2/images/${shared.id}`, { token: 'bob-token', body: JSON.stringify([{ op: 'replace', path: '/name', value: 'mine' }]), headers: v21 }))).toBe(403)
    expect(await status(g.upload(shared.id, 'data', 'bob-token'))).toBe(403)
    expect(g.emulator.store.snapshot()).toEqual(before)
  })

  test('a member of the project, not an admin, on admin actions: 403; the admin may', async () => {
    const image = await g.createImage()
    const before = g.emulator.store.snapshot()
    expect(await status(g.call('POST', '/v2/images', { json: { name: 'pub', visibility: 'public' } }))).toBe(403)
    expect(await status(g.call('POST', '/v2/images', { json: { name: 'theirs', owner: 'project-bob' } }))).toBe(403)
    expect(await status(g.call('PATCH', `/v2/images/${image.id}`, { body: JSON.stringify([{ op: 'replace', path: '/owner', value: 'project-bob' }]), headers: v21 }))).toBe(403)
    expect(await status(g.call('PATCH', `/v2/images/${image.id}`, { body: JSON.stringify([{ op: 'replace', path: '/visibility', value: 'public' }]), headers: v21 }))).toBe(403)
    expect(g.emulator.store.snapshot()).toEqual(before)
    expect(await status(g.call('PATCH', `/v2/images/${image.id}`, { token: 'admin-token', body: JSON.stringify([{ op: 'replace', path: '/visibility', value: 'public' }]), headers: v21 }))).toBe(200)
    expect(await status(g.call('POST', '/v2/images', { token: 'admin-token', json: { name: 'pub', visibility: 'public' } }))).toBe(201)
  })

  test('G12.2: deactivating someone else’s visible image is 403, an admin may', async () => {
    const image = await g.createImage({ visibility: 'public' }, 'admin-token')
    expect((await g.upload(image.id, 'bytes', 'admin-token')).status).toBe(204)
    expect(await status(g.call('POST', `/v2/images/${image.id}/actions/deactivate`, { token: 'bob-token' }))).toBe(403)
    expect(await status(g.call('POST', `/v2/images/${image.id}/actions/deactivate`, { token: 'admin-token' }))).toBe(204)
  })
})
