// G5 POST /v2/images.
import { describe, expect, test } from 'vitest'
import { glanceError, glanceHarness, glanceUrl } from './glanceSetup.ts'
import { createEmulator } from '../../src/index.ts'
import { transports } from '../support/transports.ts'

describe.each(transports)('over %s', (transport) => {
  const g = glanceHarness({}, true, transport)

  describe('G5 create', () => {
    test('G5.2 201 with defaults, Location and the import methods header', async () => {
      const response = await g.call('POST', '/v2/images', { json: { name: 'cirros' } })
      expect(response.status).toBe(201)
      const image = (await response.json()) as Record<string, unknown>
      expect(response.headers.get('location')).toBe(`${g.base}/v2/images/${image.id}`)
      expect(response.headers.get('openstack-image-import-methods')).toBe('glance-direct,web-download,copy-image')
      expect(image).toEqual({
        name: 'cirros',
        disk_format: null,
        container_format: null,
        visibility: 'shared',
        size: null,
        virtual_size: null,
        status: 'queued',
        checksum: null,
        protected: false,
        min_ram: 0,
        min_disk: 0,
        owner: 'project-alice',
        os_hidden: false,
        os_hash_algo: null,
        os_hash_value: null,
        id: image.id,
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
        tags: [],
        self: `/v2/images/${image.id}`,
        file: `/v2/images/${image.id}/file`,
        schema: '/v2/schemas/image',
      })
      expect(image.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    })

    test('ids come from the seed: the same requests give the same ids', async () => {
      const first = await g.createImage()
      await g.emulator.reset()
      const again = await g.createImage()
      expect(again.id).toBe(first.id)
    })

    test('free-form extra properties come first, then the core ones; tags are a set', async () => {
      const image = await g.createImage({ os_distro: 'ubuntu', 'hw:cpu': '2', tags: ['a', 'b', 'a'] })
      expect(Object.keys(image).slice(0, 3)).toEqual(['os_distro', 'hw:cpu', 'name'])
      expect(image.tags).toEqual(['a', 'b'])
    })

    test('G5.3 a user-supplied id, and 409 when it is taken, even by a deleted image', async () => {
      const id = '11111111-2222-4333-8444-555555555555'
      expect((await g.createImage({ id })).id).toBe(id)
      expect(await glanceError(await g.call('POST', '/v2/images', { json: { id } }))).toEqual({ status: 409, message: `Image ID ${id} already exists!` })
      await g.ok('DELETE', `/v2/images/${id}`)
      expect((await g.call('POST', '/v2/images', { json: { id } })).status).toBe(409)
    })

    test.each([
      ['status', 'read-only'],
      ['checksum', 'read-only'],
      ['size', 'read-only'],
      ['virtual_size', 'read-only'],
      ['created_at', 'read-only'],
      ['updated_at', 'read-only'],
      ['self', 'read-only'],
      ['file', 'read-only'],
      ['schema', 'read-only'],
      ['direct_url', 'read-only'],
      ['os_hash_value', 'read-only'],
      ['location', 'reserved'],
      ['deleted', 'reserved'],
      ['deleted_at', 'reserved'],
      ['os_glance_import_task', 'reserved'],
      ['os_glance_anything', 'reserved'],
    ])('G5.4 403 for %s (%s)', async (key, kind) => {
      // Values the schema accepts: the refusal is about the key, not the value.
      const value = key === 'size' || key === 'virtual_size' ? 1 : key === 'status' ? 'active' : 'x'
      const response = await g.call('POST', '/v2/images', { json: { [key]: value } })
      expect(await glanceError(response)).toEqual({ status: 403, message: `Attribute '${key}' is ${kind}.` })
    })

    test('G5.4 locations are reserved', async () => {
      const response = await g.call('POST', '/v2/images', { json: { locations: [] } })
      expect(await glanceError(response)).toEqual({ status: 403, message: "Attribute 'locations' is reserved." })
    })

    test('G5.4 a non-admin may neither create for another project nor make public images', async () => {
      expect(await glanceError(await g.call('POST', '/v2/images', { json: { owner: 'project-bob' } }))).toEqual({
        status: 403,
        message: "You are not permitted to create images owned by 'project-bob'.",
      })
      expect(await glanceError(await g.call('POST', '/v2/images', { json: { visibility: 'public' } }))).toEqual({
        status: 403,
        message: 'You are not authorized to complete publicize_image action.',
      })
      const adminImage = await g.createImage({ owner: 'project-bob', visibility: 'public' }, 'admin-token')
      expect(adminImage).toMatchObject({ owner: 'project-bob', visibility: 'public' })
    })

    test.each([
      [{ disk_format: 'qcow3' }, "'qcow3' is not one of [None, 'ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop']"],
      [{ name: 'x'.repeat(256) }, `'${'x'.repeat(256)}' is too long`],
      [{ min_ram: 'big' }, "'big' is not of type 'integer'"],
      [{ protected: 'yes' }, "'yes' is not of type 'boolean'"],
      [{ os_distro: 7 }, "7 is not of type 'string'"],
      [{ build: null }, "None is not of type 'string'"],
      [{ id: 'not-a-uuid' }, "'not-a-uuid' does not match '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$'"],
      [{ tags: ['ok', 5] }, "5 is not of type 'string'"],
    ])('G5.1 schema violation %j → 400', async (body, reason) => {
      const response = await g.call('POST', '/v2/images', { json: body })
      expect(await glanceError(response)).toEqual({ status: 400, message: `Provided object does not match schema 'image': ${reason}` })
    })

    test('G5.1 no body, bad JSON, long keys, negative min_ram', async () => {
      expect(await glanceError(await g.call('POST', '/v2/images'))).toEqual({ status: 400, message: 'Body expected in request.' })
      expect(await glanceError(await g.call('POST', '/v2/images', { body: '{nope' }))).toEqual({ status: 400, message: 'Malformed JSON in request body.' })
      expect(await glanceError(await g.call('POST', '/v2/images', { json: { ['k'.repeat(256)]: 'v' } }))).toEqual({
        status: 400,
        message: 'Custom property should not be greater than 255 characters.',
      })
      expect(await glanceError(await g.call('POST', '/v2/images', { json: { min_ram: -1 } }))).toEqual({
        status: 400,
        message: "Invalid value '-1' for parameter 'min_ram': Cannot be a negative value",
      })
    })

    test('G5.4 more than 128 extra properties or tags → 413', async () => {
      const properties = Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`p${i}`, 'v']))
      expect((await g.call('POST', '/v2/images', { json: properties })).status).toBe(413)
      const tags = Array.from({ length: 129 }, (_, i) => `t${i}`)
      expect((await g.call('POST', '/v2/images', { json: { tags } })).status).toBe(413)
      expect((await g.call('POST', '/v2/images', { json: { tags: tags.slice(1) } })).status).toBe(201)
    })

    test('the image lands in the store as a glance.images record', async () => {
      const image = await g.createImage({ name: 'stored' })
      expect(g.emulator.store.get('glance.images', image.id)).toMatchObject({ id: image.id, name: 'stored', status: 'queued' })
    })
  })
})

test('G5.3 with glance.deletedImagesKept: the oldest deleted ids are purged and may be used again', async () => {
  const purging = createEmulator({ seed: 1, glance: { deletedImagesKept: 1 } })
  const create = (id: string) =>
    purging.fetch(`${glanceUrl}/v2/images`, { method: 'POST', headers: { 'x-auth-token': 'any', 'content-type': 'application/json' }, body: JSON.stringify({ id }) })
  const remove = (id: string) => purging.fetch(`${glanceUrl}/v2/images/${id}`, { method: 'DELETE', headers: { 'x-auth-token': 'any' } })
  const [a, b] = ['11111111-2222-4333-8444-555555555555', '66666666-7777-4888-9999-000000000000']
  for (const id of [a, b]) {
    expect((await create(id)).status).toBe(201)
    expect((await remove(id)).status).toBe(204)
  }
  // Only the newest delete is kept: `a` was purged, `b` is still taken.
  expect((await create(b)).status).toBe(409)
  expect((await create(a)).status).toBe(201)
  purging.dispose()
})
