// CCI-7: CCI clients send the IAM token in `X-Auth-Token` (seed 000, table 2); kubeconfigs send it as
// `Authorization: Bearer`. With a token table, a missing or unknown token is 401 and a known token
// without the verb is 403; the caller's project and domain become the tenant metadata (CCI-16).
import { describe, expect, test } from 'vitest'
import { readJson, transports, useEmulator } from '../support/transports.ts'
import { createRequests, seedDomain, snapshot, snapshots, watchSnapshots } from './cciRequests.ts'

const builder = { user: 'builder', project: '5f0c9d1e2b3a4c5d6e7f8091a2b3c4d5', domain: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b' }
const ops = { user: 'ops', project: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' }
const viewer = { user: 'viewer', project: '5f0c9d1e2b3a4c5d6e7f8091a2b3c4d5', verbs: ['get', 'list', 'watch'] }

describe.each(transports)('CCI authentication over %s', (transport) => {
  const h = useEmulator(transport, { seed: 1, auth: { tokens: { 'iam-token-builder': builder, 'iam-token-ops': ops, 'iam-token-viewer': viewer } } })
  const asBuilder = createRequests(() => h.base, { 'x-auth-token': 'iam-token-builder' })
  const asViewer = createRequests(() => h.base, { 'x-auth-token': 'iam-token-viewer' })
  const anonymous = createRequests(() => h.base)

  test('X-Auth-Token is accepted, and the caller’s project and domain become the tenant labels (CCI-16)', async () => {
    const response = await asBuilder.post(snapshot('snap-1'))
    expect(response.status).toBe(201)
    const created = await readJson(response)
    expect(created.metadata.labels).toEqual({
      sys_enterprise_project_id: '0',
      'tenant.cci.io/tenant-id': builder.project,
      'tenant.kubernetes.io/domain-id': builder.domain,
      'tenant.kubernetes.io/project-id': builder.project,
    })
    expect(created.metadata.annotations).toEqual({ 'tenant.cci.io/tenant-id': builder.project })
  })

  test('Authorization: Bearer is accepted too; a token without a domain falls in the seed’s domain', async () => {
    const bearer = createRequests(() => h.base, { authorization: 'Bearer iam-token-ops' })
    const created = await readJson(await bearer.post(snapshot('snap-1')))
    expect(created.metadata.labels).toMatchObject({ 'tenant.cci.io/tenant-id': ops.project, 'tenant.kubernetes.io/domain-id': seedDomain })
    const list = await readJson(await createRequests(() => h.base, { authorization: 'Bearer iam-token-viewer' }).call(snapshots))
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['snap-1'])
  })

  test('401 Unauthorized for a missing or unknown token, on every verb', async () => {
    const unknown = createRequests(() => h.base, { 'x-auth-token': 'expired-token' })
    const attempts = [
      () => anonymous.get('snap-1'),
      () => anonymous.call(snapshots),
      () => anonymous.post(snapshot('snap-1')),
      () => anonymous.call(`${watchSnapshots}?timeoutSeconds=1`),
      () => unknown.remove('snap-1'),
      () => unknown.patch('snap-1', 'application/merge-patch+json', {}),
      () => createRequests(() => h.base, { authorization: 'Basic dXNlcjpwYXNz' }).call(snapshots),
    ]
    for (const attempt of attempts) {
      const response = await attempt()
      expect(response.status).toBe(401)
      expect(await readJson(response)).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      })
    }
    expect(h.emulator.store.resourceVersion()).toBe(0)
  })

  test('403 Forbidden for a known token without the verb; what it may do still works', async () => {
    await asBuilder.post(snapshot('snap-1'))
    const create = await asViewer.post(snapshot('snap-2'))
    expect(create.status).toBe(403)
    expect(await readJson(create)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'imagesnapshots.cci is forbidden: User "viewer" cannot create resource "imagesnapshots" in API group "cci" at the cluster scope',
      reason: 'Forbidden',
      details: { group: 'cci', kind: 'imagesnapshots' },
      code: 403,
    })
    const remove = await asViewer.remove('snap-1')
    expect(remove.status).toBe(403)
    expect(await readJson(remove)).toMatchObject({
      message: 'imagesnapshots.cci "snap-1" is forbidden: User "viewer" cannot delete resource "imagesnapshots" in API group "cci" at the cluster scope',
      details: { name: 'snap-1', group: 'cci', kind: 'imagesnapshots' },
    })
    expect((await asViewer.patch('snap-1', 'application/merge-patch+json', { metadata: { labels: { a: 'b' } } })).status).toBe(403)
    expect((await asViewer.call(snapshots, { method: 'DELETE' })).status).toBe(403)
    expect((await asViewer.get('snap-1')).status).toBe(200)
    expect((await readJson(await asBuilder.get('snap-1'))).metadata.deletionTimestamp).toBeUndefined()
  })
})

describe.each(transports)('an open CCI emulator over %s', (transport) => {
  const h = useEmulator(transport)
  test('CCI-7: no header is required; the seed’s tenant is stamped (CCI-16)', async () => {
    const created = await readJson(await createRequests(() => h.base).post(snapshot('snap-1')))
    expect(created.metadata.labels['tenant.kubernetes.io/domain-id']).toBe(seedDomain)
  })
})
