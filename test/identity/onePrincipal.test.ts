// One principal for every API: a token the identity service issued is accepted by Glance
// (X-Auth-Token), CCI (X-Auth-Token; tenant labels from the token's project) and the Kubernetes-style
// APIs (Authorization: Bearer); roles decide what Glance allows (Glance's default policies); once the
// token expires or is revoked every API answers 401 in its own dialect.
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createEmulator, type Emulator } from '../../src/emulator.ts'

const origin = 'http://cloud.test'
let emulator: Emulator

beforeEach(() => {
  // A token table of its own: requests without an identity token are refused, as on a real cloud.
  emulator = createEmulator({ seed: 1, clock: { mode: 'manual' }, auth: { tokens: { 'legacy-token': { user: 'legacy', admin: true } } } })
})
afterEach(() => emulator.dispose())

async function send(method: string, path: string, headers: Record<string, string>, json?: unknown) {
  if (json !== undefined) headers['content-type'] ??= 'application/json'
  const response = await emulator.dispatch(new Request(`${origin}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) }))
  const text = await response.text()
  let body: any = text
  try {
    body = JSON.parse(text)
  } catch {
    // Glance's plain-text and HTML errors stay text.
  }
  return { status: response.status, body, headers: response.headers }
}

async function login(user: string, project = user) {
  const answer = await send('POST', '/identity/v3/auth/tokens', {}, {
    auth: { identity: { methods: ['password'], password: { user: { name: user, domain: { id: 'default' }, password: 'secret' } } }, scope: { project: { name: project, domain: { id: 'default' } } } },
  })
  expect(answer.status).toBe(201)
  return { token: answer.headers.get('x-subject-token')!, projectId: answer.body.token.project.id as string, domainId: answer.body.token.project.domain.id as string }
}

const snapshot = (name: string) => ({
  apiVersion: 'cci/v2',
  kind: 'ImageSnapshot',
  metadata: { name },
  spec: { images: [{ image: 'nginx:latest' }], buildingConfig: { namespace: 'default', autoCreateEIPAttribute: {} }, imageSnapshotSize: 30 },
})

describe('a Keystone token works on every API', () => {
  test('Glance: the image is owned by the token project; another project cannot see it', async () => {
    const demo = await login('demo')
    const created = await send('POST', '/v2/images', { 'x-auth-token': demo.token }, { name: 'mine', disk_format: 'raw', container_format: 'bare' })
    expect(created.status).toBe(201)
    expect(created.body.owner).toBe(demo.projectId)
    const alt = await login('alt_demo')
    expect((await send('GET', `/v2/images/${created.body.id}`, { 'x-auth-token': alt.token })).status).toBe(404)
    expect((await send('GET', `/v2/images/${created.body.id}`, { 'x-auth-token': demo.token })).status).toBe(200)
  })

  test('CCI: X-Auth-Token, and the snapshot carries the token project and domain as tenant labels', async () => {
    const demo = await login('demo')
    const created = await send('POST', '/apis/cci/v2/imagesnapshots', { 'x-auth-token': demo.token }, snapshot('snap-a'))
    expect(created.status).toBe(201)
    expect(created.body.metadata.labels).toMatchObject({ 'tenant.kubernetes.io/project-id': demo.projectId, 'tenant.kubernetes.io/domain-id': demo.domainId })
  })

  test('Kubernetes-style APIs: the same token as a bearer token', async () => {
    const admin = await login('admin')
    expect((await send('GET', '/apis/image.openshift.io/v1/images', { authorization: `Bearer ${admin.token}` })).status).toBe(200)
    expect((await send('GET', '/apis/image.openshift.io/v1/images', { authorization: 'Bearer not-a-token' })).status).toBe(401)
  })

  test('fixed tokens from the auth option keep working beside identity tokens', async () => {
    expect((await send('GET', '/v2/images', { 'x-auth-token': 'legacy-token' })).status).toBe(200)
    expect((await send('GET', '/apis/cci/v2/imagesnapshots', { authorization: 'Bearer legacy-token' })).status).toBe(200)
  })
})

describe('roles decide what Glance allows (admin, member, reader)', () => {
  test('a reader may list but not create; a member may create', async () => {
    await emulator.dispose()
    emulator = createEmulator({
      seed: 1,
      clock: { mode: 'manual' },
      identity: {
        projects: [{ name: 'team' }],
        users: [
          { name: 'viewer', password: 'secret' },
          { name: 'dev', password: 'secret' },
        ],
        roles: ['admin', 'member', 'reader'],
        assignments: [
          { user: 'viewer', project: 'team', roles: ['reader'] },
          { user: 'dev', project: 'team', roles: ['member'] },
        ],
      },
    })
    const viewer = await login('viewer', 'team')
    expect((await send('GET', '/v2/images', { 'x-auth-token': viewer.token, accept: 'application/json' })).status).toBe(200)
    const refused = await send('POST', '/v2/images', { 'x-auth-token': viewer.token, accept: 'application/json' }, { name: 'x' })
    expect(refused.status).toBe(403)
    expect(refused.body.message).toContain('You are not authorized to complete add_image action.')
    expect(emulator.glance.images()).toHaveLength(0)
    const dev = await login('dev', 'team')
    expect((await send('POST', '/v2/images', { 'x-auth-token': dev.token }, { name: 'x' })).status).toBe(201)
  })
})

describe('expired and revoked tokens: 401 in each dialect', () => {
  test('after expires_at on the emulator clock', async () => {
    const demo = await login('demo')
    await emulator.clock.advance('1h')
    const glance = await send('GET', '/v2/images', { 'x-auth-token': demo.token, accept: 'application/json' })
    expect(glance.status).toBe(401)
    // Glance's keystonemiddleware answers in Keystone's own error format.
    expect(glance.body.error).toMatchObject({ code: 401, title: 'Unauthorized' })
    const cci = await send('GET', '/apis/cci/v2/imagesnapshots', { 'x-auth-token': demo.token })
    expect(cci.status).toBe(401)
    expect(cci.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 })
    const kube = await send('GET', '/apis/image.openshift.io/v1/images', { authorization: `Bearer ${demo.token}` })
    expect(kube.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized' })
  })

  test('a scenario revokes every token at a time of its choosing; a fresh login works again', async () => {
    const demo = await login('demo')
    emulator.play({ name: 'revoke-at-ten', steps: [{ at: '10m', identity: { revoke: 'all' } }] })
    await emulator.clock.advance('9m')
    expect((await send('GET', '/v2/images', { 'x-auth-token': demo.token })).status).toBe(200)
    await emulator.clock.advance('1m')
    expect((await send('GET', '/v2/images', { 'x-auth-token': demo.token })).status).toBe(401)
    const again = await login('demo')
    expect((await send('GET', '/v2/images', { 'x-auth-token': again.token })).status).toBe(200)
  })

  test('a scenario can expire one user tokens only', async () => {
    const demo = await login('demo')
    const alt = await login('alt_demo')
    emulator.play({ name: 'expire-demo', steps: [{ at: '1m', identity: { expire: 'demo' } }] })
    await emulator.clock.advance('1m')
    expect((await send('GET', '/v2/images', { 'x-auth-token': demo.token })).status).toBe(401)
    expect((await send('GET', '/v2/images', { 'x-auth-token': alt.token })).status).toBe(200)
  })
})
