// Metadata definitions (glance/api/v2/metadef_*.py): the shipped namespaces as a fixture set,
// visibility by owner project, admin-only writes, protection, validation and Glance's error texts.
import { describe, expect, test } from 'vitest'
import { createEmulator } from '../../src/emulator.ts'
import { glanceHarness } from './glanceSetup.ts'

const h = glanceHarness({ fixtures: ['glance-metadefs'] })

const ns = (name: string) => `/v2/metadefs/namespaces/${encodeURIComponent(name)}`

async function errorOf(response: Response) {
  const text = await response.text()
  return { status: response.status, text }
}

describe('the shipped namespaces (fixture set glance-metadefs)', () => {
  test('list pages by 25 with a next link, and every shipped namespace is there', async () => {
    const first = await h.ok('GET', '/v2/metadefs/namespaces', { token: 'admin-token' })
    expect(first.namespaces).toHaveLength(25)
    expect(first.next).toMatch(/^\/v2\/metadefs\/namespaces\?marker=/)
    expect(first.schema).toBe('/v2/schemas/metadefs/namespaces')
    const rest = await h.ok('GET', first.next, { token: 'admin-token' })
    const names = [...first.namespaces, ...rest.namespaces].map((n: { namespace: string }) => n.namespace)
    expect(names).toHaveLength(33)
    expect(names).toContain('OS::Compute::Watchdog')
    expect(names).toContain('OS::Glance::CommonImageProperties')
  })

  test('show with ?resource_type prefixes property names with that association prefix', async () => {
    const plain = await h.ok('GET', ns('OS::Compute::Watchdog'), { token: 'alice-token' })
    expect(Object.keys(plain.properties)).toEqual(['watchdog_action'])
    expect(plain.properties.watchdog_action.enum).toEqual(['disabled', 'reset', 'poweroff', 'pause', 'none'])
    expect(plain.properties.watchdog_action).toEqual({
      type: 'string',
      title: 'Watchdog Action',
      description: 'What happens when the guest watchdog device fires.',
      enum: ['disabled', 'reset', 'poweroff', 'pause', 'none'],
    })
    const flavor = await h.ok('GET', `${ns('OS::Compute::Watchdog')}?resource_type=OS::Nova::Flavor`, { token: 'alice-token' })
    expect(Object.keys(flavor.properties)).toEqual(['hw:watchdog_action'])
  })

  test('resource types list the seeded ones and those the namespaces name', async () => {
    const body = await h.ok('GET', '/v2/metadefs/resource_types', { token: 'alice-token' })
    const names = body.resource_types.map((t: { name: string }) => t.name)
    // The five every Glance database is created with come first, in their migration's order.
    expect(names.slice(0, 5)).toEqual(['OS::Glance::Image', 'OS::Cinder::Volume', 'OS::Nova::Flavor', 'OS::Nova::Aggregate', 'OS::Nova::Server'])
    expect(names).toContain('OS::Trove::Instance')
  })

  test('a shipped namespace is protected: deleting it is a 403 with Glance text', async () => {
    const r = await errorOf(await h.call('DELETE', ns('OS::Compute::Watchdog'), { token: 'admin-token', headers: { accept: 'application/json' } }))
    expect(r.status).toBe(403)
    expect(r.text).toContain('Metadata definition namespace OS::Compute::Watchdog is protected and cannot be deleted.')
  })
})

describe('namespaces of a project', () => {
  test('writes are admin-only: a member gets the policy 403', async () => {
    const r = await errorOf(await h.call('POST', '/v2/metadefs/namespaces', { token: 'alice-token', json: { namespace: 'mine' }, headers: { accept: 'application/json' } }))
    // fixed tokens without roles: only the administrator may write
    expect(r.status).toBe(403)
    expect(r.text).toContain('You are not authorized to complete add_metadef_namespace action.')
  })

  test('a private namespace is seen by its owner project only; others get 404', async () => {
    const created = await h.ok('POST', '/v2/metadefs/namespaces', { token: 'admin-token', json: { namespace: 'private-one', owner: 'project-alice' } })
    expect(created).toMatchObject({ namespace: 'private-one', visibility: 'private', protected: false, owner: 'project-alice' })
    expect((await h.call('GET', ns('private-one'), { token: 'alice-token' })).status).toBe(200)
    expect((await h.call('GET', ns('private-one'), { token: 'bob-token' })).status).toBe(404)
    const listed = await h.ok('GET', '/v2/metadefs/namespaces?visibility=private', { token: 'bob-token' })
    expect(listed.namespaces).toEqual([])
  })

  test('duplicate names are a 409; read-only attributes a 403; schema violations a 400', async () => {
    await h.ok('POST', '/v2/metadefs/namespaces', { token: 'admin-token', json: { namespace: 'dup' } })
    const dup = await errorOf(await h.call('POST', '/v2/metadefs/namespaces', { token: 'admin-token', json: { namespace: 'dup' }, headers: { accept: 'application/json' } }))
    expect(dup.status).toBe(409)
    expect(dup.text).toContain('The metadata definition namespace=dup already exists.')
    const ro = await errorOf(await h.call('POST', '/v2/metadefs/namespaces', { token: 'admin-token', json: { namespace: 'x', created_at: 'now' }, headers: { accept: 'application/json' } }))
    expect(ro.status).toBe(403)
    expect(ro.text).toContain("Attribute 'created_at' is read-only.")
    const bad = await errorOf(await h.call('POST', '/v2/metadefs/namespaces', { token: 'admin-token', json: { namespace: 'x', visibility: 'shared' }, headers: { accept: 'application/json' } }))
    expect(bad.status).toBe(400)
    expect(bad.text).toContain("Provided object does not match schema 'namespace'")
    const limit = await errorOf(await h.call('GET', '/v2/metadefs/namespaces?limit=-1', { token: 'admin-token', headers: { accept: 'application/json' } }))
    expect(limit.status).toBe(400)
    expect(limit.text).toContain('limit param must be positive')
  })

  test('objects, properties, tags and associations round-trip; protection blocks their deletion', async () => {
    const n = ns('contents')
    await h.ok('POST', '/v2/metadefs/namespaces', { token: 'admin-token', json: { namespace: 'contents', visibility: 'public' } })
    const object = await h.ok('POST', `${n}/objects`, { token: 'admin-token', json: { name: 'o1', properties: { p: { title: 'P', type: 'string' } } } })
    expect(object).toMatchObject({ name: 'o1', self: '/v2/metadefs/namespaces/contents/objects/o1', schema: '/v2/schemas/metadefs/object' })
    const missing = await errorOf(await h.call('GET', `${n}/objects/nope`, { token: 'admin-token', headers: { accept: 'application/json' } }))
    expect(missing.status).toBe(404)
    expect(missing.text).toContain('The metadata definition object with name=nope was not found in namespace=contents.')
    const property = await h.ok('POST', `${n}/properties`, { token: 'admin-token', json: { name: 'speed', title: 'Speed', type: 'integer', minimum: 1 } })
    expect(property).toEqual({ name: 'speed', type: 'integer', title: 'Speed', minimum: 1 })
    const tags = await h.ok('POST', `${n}/tags`, { token: 'admin-token', json: { tags: [{ name: 'a' }, { name: 'b' }] } })
    expect(tags.tags.map((t: { name: string }) => t.name)).toEqual(['a', 'b'])
    const appended = await h.ok('POST', `${n}/tags`, { token: 'admin-token', json: { tags: [{ name: 'c' }] }, headers: { 'x-openstack-append': 'true' } })
    expect(appended.tags).toHaveLength(1)
    expect((await h.ok('GET', `${n}/tags`, { token: 'alice-token' })).tags).toHaveLength(3)
    const dupTag = await errorOf(await h.call('POST', `${n}/tags/A`, { token: 'admin-token', headers: { accept: 'application/json' } }))
    expect(dupTag.status).toBe(409)
    const association = await h.ok('POST', `${n}/resource_types`, { token: 'admin-token', json: { name: 'OS::Glance::Image', prefix: 'x_' } })
    expect(association).toMatchObject({ name: 'OS::Glance::Image', prefix: 'x_' })
    const shown = await h.ok('GET', `${n}/properties/x_speed?resource_type=OS::Glance::Image`, { token: 'alice-token' })
    expect(shown.name).toBe('speed')
    await h.ok('PUT', n, { token: 'admin-token', json: { namespace: 'contents', visibility: 'public', protected: true } })
    const blocked = await errorOf(await h.call('DELETE', `${n}/objects/o1`, { token: 'admin-token', headers: { accept: 'application/json' } }))
    expect(blocked.status).toBe(403)
    expect(blocked.text).toContain('Metadata definition object o1 is protected and cannot be deleted.')
  })

  test('a property or object property named __proto__ is kept as a property', async () => {
    const body = { namespace: 'proto', properties: { ['__proto__']: { title: 'P', type: 'string' } }, objects: [{ name: 'o', properties: { ['__proto__']: { title: 'Q', type: 'string' } } }] }
    const response = await h.call('POST', '/v2/metadefs/namespaces', { token: 'admin-token', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
    expect(response.status).toBe(201)
    const shown = await (await h.call('GET', ns('proto'), { token: 'admin-token' })).text()
    expect(shown).toContain('"properties": {"__proto__": {"type": "string", "title": "P"}}')
    expect(shown).toContain('"properties": {"__proto__": {"type": "string", "title": "Q"}}')
    expect(({} as Record<string, unknown>).title).toBeUndefined()
  })

  test('all ten metadef schemas are served with their names', async () => {
    const expected: Record<string, string> = {
      namespace: 'namespace', namespaces: 'namespaces', resource_type: 'resource_type_association', resource_types: 'resource_type_associations',
      object: 'object', objects: 'objects', property: 'property', properties: 'properties', tag: 'tag', tags: 'tags',
    }
    for (const [path, name] of Object.entries(expected)) expect((await h.ok('GET', `/v2/schemas/metadefs/${path}`)).name).toBe(name)
  })
})

describe('principals with Keystone roles (glance/policies/metadef.py defaults)', () => {
  test('a reader reads public and own-project namespaces only, and may not write', async () => {
    const emulator = createEmulator({
      seed: 2,
      fixtures: ['glance-metadefs'],
      auth: { tokens: { boss: { user: 'boss', project: 'ops', admin: true }, reader: { user: 'rita', project: 'team', roles: ['reader'] } } },
    })
    try {
      const send = (token: string, method: string, path: string, json?: unknown) =>
        emulator.fetch(`http://glance.test${path}`, {
          method,
          headers: { 'x-auth-token': token, accept: 'application/json', ...(json ? { 'content-type': 'application/json' } : {}) },
          body: json ? JSON.stringify(json) : undefined,
        })
      for (const [namespace, owner] of [['team-private', 'team'], ['other-private', 'elsewhere']]) {
        expect((await send('boss', 'POST', '/v2/metadefs/namespaces', { namespace, owner })).status).toBe(201)
      }
      const listed = (await (await send('reader', 'GET', '/v2/metadefs/namespaces?limit=100')).json()) as { namespaces: Array<{ namespace: string }> }
      const names = listed.namespaces.map((n) => n.namespace)
      expect(names).toContain('team-private')
      expect(names).toContain('OS::Compute::Watchdog')
      expect(names).not.toContain('other-private')
      expect(names).not.toContain('OS::OperatingSystem')
      expect((await send('reader', 'GET', ns('other-private'))).status).toBe(404)
      const refused = await send('reader', 'POST', `${ns('team-private')}/tags/t1`)
      expect(refused.status).toBe(403)
      expect(await refused.text()).toContain('You are not authorized to complete add_metadef_tag action.')
    } finally {
      emulator.dispose()
    }
  })
})
