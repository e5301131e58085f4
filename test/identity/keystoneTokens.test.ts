// Keystone v3's token API as the emulator serves it at /identity and /v3: version discovery, password,
// token and application-credential authentication, every scope, validation and revocation, and the
// error bodies Keystone gives for bad credentials and bad input (keystone/api/auth.py,
// keystone/auth/core.py, keystone/exception.py).
import { beforeEach, describe, expect, test } from 'vitest'
import { createEmulator, type Emulator } from '../../src/emulator.ts'

const origin = 'http://cloud.test'

let emulator: Emulator
beforeEach(() => {
  emulator = createEmulator({ seed: 1, clock: { mode: 'manual', start: '2026-01-01T00:00:00Z' } })
  return () => emulator.dispose()
})

async function call(method: string, path: string, options: { json?: unknown; body?: string; token?: string; subject?: string } = {}) {
  const headers: Record<string, string> = {}
  if (options.json !== undefined || options.body !== undefined) headers['content-type'] = 'application/json'
  if (options.token) headers['x-auth-token'] = options.token
  if (options.subject) headers['x-subject-token'] = options.subject
  const response = await emulator.dispatch(new Request(`${origin}${path}`, { method, headers, body: options.body ?? (options.json === undefined ? undefined : JSON.stringify(options.json)) }))
  const text = await response.text()
  return { status: response.status, headers: response.headers, text, body: text ? (JSON.parse(text) as Record<string, any>) : undefined }
}

const password = (name: string, secret = 'secret', scope?: unknown) => ({
  auth: {
    identity: { methods: ['password'], password: { user: { name, domain: { name: 'Default' }, password: secret } } },
    ...(scope === undefined ? {} : { scope }),
  },
})

const projectScope = (name: string) => ({ project: { name, domain: { id: 'default' } } })

async function login(name: string, project = name) {
  const answer = await call('POST', '/identity/v3/auth/tokens', { json: password(name, 'secret', projectScope(project)) })
  expect(answer.status).toBe(201)
  return answer.headers.get('x-subject-token')!
}

const unauthorizedBody = { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } }

describe('version discovery', () => {
  test('GET /identity lists v3 with 300 Multiple Choices and a Location, as devstack serves it', async () => {
    const answer = await call('GET', '/identity')
    expect(answer.status).toBe(300)
    expect(answer.headers.get('location')).toBe(`${origin}/identity/v3/`)
    expect(answer.body).toEqual({
      versions: {
        values: [
          {
            id: 'v3.14',
            status: 'stable',
            updated: '2020-04-07T00:00:00Z',
            links: [{ rel: 'self', href: `${origin}/identity/v3/` }],
            'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
          },
        ],
      },
    })
  })

  test('GET /identity/v3 and GET /v3 describe the version under their own mount', async () => {
    expect((await call('GET', '/identity/v3')).body!.version.links[0].href).toBe(`${origin}/identity/v3/`)
    const bare = await call('GET', '/v3')
    expect(bare.status).toBe(200)
    expect(bare.body!.version.links[0].href).toBe(`${origin}/v3/`)
  })
})

describe('POST /v3/auth/tokens', () => {
  test('a password login scoped to a project: 201, X-Subject-Token, user, project, roles, catalog, times on the emulator clock', async () => {
    const answer = await call('POST', '/identity/v3/auth/tokens', { json: password('demo', 'secret', projectScope('demo')) })
    expect(answer.status).toBe(201)
    expect(answer.headers.get('x-subject-token')).toMatch(/^gAAAAAB[\w-]+$/)
    const token = answer.body!.token
    expect(token.methods).toEqual(['password'])
    expect(token.user).toMatchObject({ name: 'demo', domain: { id: 'default', name: 'Default' }, password_expires_at: null })
    expect(token.project).toMatchObject({ name: 'demo', domain: { id: 'default', name: 'Default' } })
    expect(token.roles.map((role: { name: string }) => role.name).sort()).toEqual(['member', 'reader'])
    expect(token.issued_at).toBe('2026-01-01T00:00:00.000000Z')
    expect(token.expires_at).toBe('2026-01-01T01:00:00.000000Z')
    expect(token.audit_ids).toHaveLength(1)
    const types = token.catalog.map((service: { type: string }) => service.type)
    expect(types).toEqual(['identity', 'image', 'cci'])
    const image = token.catalog.find((service: { type: string }) => service.type === 'image')
    expect(image.endpoints.find((endpoint: { interface: string }) => endpoint.interface === 'public')).toMatchObject({ url: origin, region: 'RegionOne', region_id: 'RegionOne' })
  })

  test('the same login through /v3 works; ?nocatalog leaves the catalog out', async () => {
    const answer = await call('POST', '/v3/auth/tokens?nocatalog', { json: password('demo', 'secret', projectScope('demo')) })
    expect(answer.status).toBe(201)
    expect(answer.body!.token.catalog).toBeUndefined()
    expect(answer.body!.token.project.name).toBe('demo')
  })

  test('the admin token carries admin, member and reader; a user id works in place of name and domain', async () => {
    const userId = emulator.identity.users().find((user) => user.name === 'admin')!.id
    const answer = await call('POST', '/v3/auth/tokens', {
      json: { auth: { identity: { methods: ['password'], password: { user: { id: userId, password: 'secret' } } }, scope: projectScope('admin') } },
    })
    expect(answer.status).toBe(201)
    expect(answer.body!.token.roles.map((role: { name: string }) => role.name).sort()).toEqual(['admin', 'member', 'reader'])
    expect(answer.body!.token.is_domain).toBe(false)
  })

  test('no scope: the user default project; "unscoped" asks for an unscoped token, which has no catalog', async () => {
    const byDefault = await call('POST', '/v3/auth/tokens', { json: password('alt_demo') })
    expect(byDefault.body!.token.project.name).toBe('alt_demo')
    const unscoped = await call('POST', '/v3/auth/tokens', { json: password('alt_demo', 'secret', 'unscoped') })
    expect(unscoped.status).toBe(201)
    expect(unscoped.body!.token.project).toBeUndefined()
    expect(unscoped.body!.token.roles).toBeUndefined()
    expect(unscoped.body!.token.catalog).toBeUndefined()
  })

  test('domain and system scopes need a role there', async () => {
    const system = await call('POST', '/v3/auth/tokens', { json: password('admin', 'secret', { system: { all: true } }) })
    expect(system.status).toBe(201)
    expect(system.body!.token.system).toEqual({ all: true })
    expect((await call('POST', '/v3/auth/tokens', { json: password('demo', 'secret', { system: { all: true } }) })).body).toEqual(unauthorizedBody)
    expect((await call('POST', '/v3/auth/tokens', { json: password('demo', 'secret', { domain: { id: 'default' } }) })).status).toBe(401)
  })

  test('the token method rescopes: same user, same expiry, the audit chain kept', async () => {
    const unscoped = await call('POST', '/v3/auth/tokens', { json: password('admin', 'secret', 'unscoped') })
    await emulator.clock.advance('10m')
    const rescoped = await call('POST', '/v3/auth/tokens', {
      json: { auth: { identity: { methods: ['token'], token: { id: unscoped.headers.get('x-subject-token') } }, scope: projectScope('admin') } },
    })
    expect(rescoped.status).toBe(201)
    expect(rescoped.body!.token.methods.sort()).toEqual(['password', 'token'])
    expect(rescoped.body!.token.expires_at).toBe(unscoped.body!.token.expires_at)
    expect(rescoped.body!.token.issued_at).toBe('2026-01-01T00:10:00.000000Z')
    expect(rescoped.body!.token.audit_ids[1]).toBe(unscoped.body!.token.audit_ids[0])
  })

  test('application credentials: created by their user, then a login by id and secret is scoped to their project', async () => {
    const token = await login('demo')
    const userId = emulator.identity.users().find((user) => user.name === 'demo')!.id
    const created = await call('POST', `/v3/users/${userId}/application_credentials`, { token, json: { application_credential: { name: 'ci', secret: 's3cret' } } })
    expect(created.status).toBe(201)
    expect(created.body!.application_credential).toMatchObject({ name: 'ci', secret: 's3cret', unrestricted: false })
    const credentialId = created.body!.application_credential.id
    const login2 = await call('POST', '/v3/auth/tokens', {
      json: { auth: { identity: { methods: ['application_credential'], application_credential: { id: credentialId, secret: 's3cret' } } } },
    })
    expect(login2.status).toBe(201)
    expect(login2.body!.token.project.name).toBe('demo')
    expect(login2.body!.token.application_credential).toEqual({ id: credentialId, name: 'ci', restricted: true })
    const byName = await call('POST', '/v3/auth/tokens', {
      json: { auth: { identity: { methods: ['application_credential'], application_credential: { name: 'ci', user: { name: 'demo', domain: { id: 'default' } }, secret: 's3cret' } } } },
    })
    expect(byName.status).toBe(201)
    const wrong = await call('POST', '/v3/auth/tokens', {
      json: { auth: { identity: { methods: ['application_credential'], application_credential: { id: credentialId, secret: 'nope' } } } },
    })
    expect(wrong.body).toEqual(unauthorizedBody)
  })
})

describe('bad credentials and bad input get Keystone codes and bodies, and store nothing', () => {
  test('wrong password, unknown user, unknown project: 401 with the fixed text and WWW-Authenticate', async () => {
    const before = emulator.identity.tokenCount()
    for (const body of [password('demo', 'wrong'), password('nobody'), password('demo', 'secret', projectScope('no-such-project')), password('demo', 'secret', projectScope('alt_demo'))]) {
      const answer = await call('POST', '/identity/v3/auth/tokens', { json: body })
      expect(answer.status).toBe(401)
      expect(answer.body).toEqual(unauthorizedBody)
      expect(answer.headers.get('www-authenticate')).toBe(`Keystone uri="${origin}/identity/v3"`)
    }
    expect(emulator.identity.tokenCount()).toBe(before)
  })

  test('malformed bodies: 400 naming what is missing or mistyped', async () => {
    const missingIdentity = await call('POST', '/v3/auth/tokens', { json: { auth: {} } })
    expect(missingIdentity.status).toBe(400)
    expect(missingIdentity.body!.error).toMatchObject({ code: 400, title: 'Bad Request', message: "'identity' is a required property" })
    const methodsNotList = await call('POST', '/v3/auth/tokens', { json: { auth: { identity: { methods: 'password' } } } })
    expect(methodsNotList.body!.error.message).toBe(`Invalid input for field 'identity/methods': "password" is not of type 'array'`)
    const noName = await call('POST', '/v3/auth/tokens', { json: { auth: { identity: { methods: ['password'], password: { user: { password: 'x' } } } } } })
    expect(noName.body!.error.message).toBe('Invalid input for field identity/password/user: id or name must be present.')
    const notJson = await call('POST', '/v3/auth/tokens', { body: '{"auth": ' })
    expect(notJson.status).toBe(400)
    expect(notJson.body!.error.title).toBe('Bad Request')
    const proto = await call('POST', '/v3/auth/tokens', { body: '{"auth": {"identity": {"methods": ["__proto__"], "__proto__": {"x": 1}}}}' })
    expect(proto.status).toBe(401)
    expect(proto.body!.error).toMatchObject({ message: 'Attempted to authenticate with an unsupported method.', identity: { methods: ['password', 'token', 'application_credential'] } })
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })
})

describe('validating and revoking', () => {
  test('GET and HEAD /v3/auth/tokens validate the subject token for its user; DELETE revokes it', async () => {
    const token = await login('demo')
    const shown = await call('GET', '/v3/auth/tokens', { token, subject: token })
    expect(shown.status).toBe(200)
    expect(shown.headers.get('x-subject-token')).toBe(token)
    expect(shown.body!.token.user.name).toBe('demo')
    expect((await call('HEAD', '/v3/auth/tokens', { token, subject: token })).status).toBe(200)

    const other = await login('alt_demo')
    const forbidden = await call('GET', '/v3/auth/tokens', { token, subject: other })
    expect(forbidden.body).toEqual({ error: { code: 403, title: 'Forbidden', message: 'You are not authorized to perform the requested action: identity:validate_token.' } })
    const admin = await login('admin')
    expect((await call('GET', '/v3/auth/tokens', { token: admin, subject: other })).status).toBe(200)

    expect((await call('DELETE', '/v3/auth/tokens', { token: admin, subject: other })).status).toBe(204)
    const gone = await call('GET', '/v3/auth/tokens', { token: admin, subject: other })
    expect(gone.body).toEqual({ error: { code: 404, title: 'Not Found', message: `Could not find token: ${other}.` } })
    expect((await call('GET', '/v3/auth/projects', { token: other })).body).toEqual(unauthorizedBody)
  })

  test('a token expires at expires_at on the emulator clock', async () => {
    const token = await login('demo')
    await emulator.clock.advance('59m59s')
    expect((await call('GET', '/v3/auth/projects', { token })).status).toBe(200)
    await emulator.clock.advance('1s')
    expect((await call('GET', '/v3/auth/projects', { token })).body).toEqual(unauthorizedBody)
    const rescope = await call('POST', '/v3/auth/tokens', { json: { auth: { identity: { methods: ['token'], token: { id: token } } } } })
    expect(rescope.status).toBe(404)
  })

  test('/v3/auth/catalog needs a project-scoped token; /v3/auth/projects, domains and system list what the user may scope to', async () => {
    const token = await login('demo')
    const catalog = await call('GET', '/v3/auth/catalog', { token })
    expect(catalog.body!.catalog.map((service: { type: string }) => service.type)).toEqual(['identity', 'image', 'cci'])
    expect((await call('GET', '/v3/auth/projects', { token })).body!.projects.map((p: { name: string }) => p.name)).toEqual(['demo'])
    expect((await call('GET', '/v3/auth/domains', { token })).body!.domains).toEqual([])
    expect((await call('GET', '/v3/auth/system', { token })).body!.system).toEqual([])
    const admin = await login('admin')
    expect((await call('GET', '/v3/auth/system', { token: admin })).body!.system).toEqual([{ all: true }])
    const unscoped = (await call('POST', '/v3/auth/tokens', { json: password('demo', 'secret', 'unscoped') })).headers.get('x-subject-token')!
    expect((await call('GET', '/v3/auth/catalog', { token: unscoped })).body!.error).toMatchObject({ code: 403, message: 'A project-scoped token is required to produce a service catalog.' })
  })
})

describe('configuration', () => {
  test('identity option: own users, projects, roles, fixed tokens and lifetime; reset() brings them back with the same ids', async () => {
    emulator.dispose()
    emulator = createEmulator({
      clock: { mode: 'manual' },
      identity: {
        tokenLifetime: '5m',
        projects: [{ name: 'team' }],
        users: [{ name: 'ci-bot', password: 'pw' }],
        roles: ['member', 'reader'],
        assignments: [{ user: 'ci-bot', project: 'team', roles: ['member'] }],
        tokens: { 'fixed-token': { user: 'ci-bot', project: 'team' } },
      },
    })
    const answer = await call('POST', '/v3/auth/tokens', { json: password('ci-bot', 'pw', projectScope('team')) })
    expect(answer.body!.token.expires_at).toBe('2026-01-01T00:05:00.000000Z')
    expect(answer.body!.token.roles.map((role: { name: string }) => role.name).sort()).toEqual(['member', 'reader'])
    expect((await call('GET', '/v3/auth/projects', { token: 'fixed-token' })).body!.projects.map((p: { name: string }) => p.name)).toEqual(['team'])
    expect((await call('POST', '/v3/auth/tokens', { json: password('demo') })).status).toBe(401)
    const ids = emulator.identity.users().map((user) => user.id)
    await emulator.reset()
    expect(emulator.identity.users().map((user) => user.id)).toEqual(ids)
    expect(emulator.identity.tokenCount()).toBe(1)
  })
})
