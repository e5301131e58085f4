// The deployment options Glance has off by default (spec G1.2, G11): the image cache API, multiple
// locations and multiple stores, each switched on by a glance option, and the versions document that
// advertises them. With the options off the same calls answer as a default Glance does.
import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { transports } from '../support/transports.ts'
import { glanceError, glanceHarness } from './glanceSetup.ts'

const httpImage = 'http://download.example/cirros.img'

describe.each(transports)('Glance deployment options over %s', (transport) => {
  describe('defaults: one store, no cache, locations hidden', () => {
    const g = glanceHarness({}, true, transport)

    test('no stores list, no cache API, no locations; the versions document is the default one', async () => {
      expect(await glanceError(await g.call('GET', '/v2/info/stores'))).toEqual({ status: 404, message: 'Multi backend is not supported at this site.' })
      expect(await glanceError(await g.call('GET', '/v2/cache', { token: 'admin-token' }))).toEqual({ status: 404, message: 'Caching via API is not supported at this site.' })
      expect((await g.call('GET', '/v2/cache')).status).toBe(403)
      const image = await g.createImage()
      expect(image.locations).toBeUndefined()
      expect(image.stores).toBeUndefined()
      const refused = await g.call('PATCH', `/v2/images/${image.id}`, {
        json: [{ op: 'add', path: '/locations/-', value: { url: httpImage, metadata: {} } }],
        headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' },
      })
      expect(await glanceError(refused)).toEqual({ status: 403, message: "It's not allowed to add locations if locations are invisible." })
      const versions = (await g.ok('GET', '/versions')).versions.map((v: { id: string; status: string }) => `${v.id}:${v.status}`)
      expect(versions.slice(0, 3)).toEqual(['v2.15:SUPPORTED', 'v2.9:SUPPORTED', 'v2.17:CURRENT'])
      expect((await g.call('GET', '/v2.12/images')).status).toBe(300)
    })
  })

  describe('imageCache', () => {
    const g = glanceHarness({ glance: { imageCache: { cachingFor: '5s' } } }, true, transport)

    test('queue, cache after cachingFor, list, delete, clear; admin only', async () => {
      expect((await g.call('GET', '/v2/cache')).status).toBe(403)
      expect(await glanceError(await g.call('PUT', '/v2/cache/nope', { token: 'admin-token' }))).toEqual({ status: 404, message: 'Image nope not found.' })
      const queued = await g.createImage({}, 'admin-token')
      expect(await glanceError(await g.call('PUT', `/v2/cache/${queued.id}`, { token: 'admin-token' }))).toEqual({
        status: 400,
        message: 'Only images with status active can be targeted for queueing',
      })
      const image = await g.createImage({}, 'admin-token')
      await g.upload(image.id, 'cache me', 'admin-token')
      expect((await g.call('PUT', `/v2/cache/${image.id}`, { token: 'admin-token' })).status).toBe(202)
      expect(await g.ok('GET', '/v2/cache', { token: 'admin-token' })).toEqual({ cached_images: [], queued_images: [image.id] })
      await g.emulator.clock.advance('5s')
      const state = await g.ok('GET', '/v2/cache', { token: 'admin-token' })
      expect(state.queued_images).toEqual([])
      expect(state.cached_images).toEqual([
        expect.objectContaining({ image_id: image.id, size: 8, hits: 0, checksum: createHash('md5').update('cache me').digest('hex') }),
      ])
      await g.call('GET', `/v2/images/${image.id}/file`, { token: 'admin-token' })
      expect((await g.ok('GET', '/v2/cache', { token: 'admin-token' })).cached_images[0].hits).toBe(1)
      expect(await glanceError(await g.call('DELETE', '/v2/cache', { token: 'admin-token', headers: { 'x-image-cache-clear-target': 'invalid' } }))).toEqual({
        status: 400,
        message: "If provided 'x-image-cache-clear-target' must be 'cache', 'queue' or empty string.",
      })
      expect((await g.call('DELETE', '/v2/cache', { token: 'admin-token' })).status).toBe(204)
      expect(await g.ok('GET', '/v2/cache', { token: 'admin-token' })).toEqual({ cached_images: [], queued_images: [] })
    })

    test('the versions document advertises 2.14-2.18 with 2.18 current', async () => {
      const versions = (await g.ok('GET', '/versions')).versions.map((v: { id: string; status: string }) => `${v.id}:${v.status}`)
      expect(versions.slice(0, 6)).toEqual(['v2.18:CURRENT', 'v2.17:SUPPORTED', 'v2.16:SUPPORTED', 'v2.15:SUPPORTED', 'v2.14:SUPPORTED', 'v2.9:SUPPORTED'])
      expect((await g.call('GET', '/v2.16/cache', { token: 'admin-token' })).status).toBe(200)
    })
  })

  describe('locations', () => {
    const g = glanceHarness({ glance: { locations: true, webDownloads: { [httpImage]: 'remote bytes' } } }, true, transport)
    const patch = (id: string, json: unknown[]) => g.call('PATCH', `/v2/images/${id}`, { json, headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' } })

    test('an upload gets one location; add, replace metadata and remove follow Glance rules', async () => {
      const uploaded = await g.createImage()
      expect(uploaded.locations).toEqual([])
      await g.upload(uploaded.id, 'abc')
      expect((await g.ok('GET', `/v2/images/${uploaded.id}`)).locations).toEqual([{ url: `file:///var/lib/glance/images/${uploaded.id}`, metadata: {} }])

      const image = await g.createImage()
      expect((await patch(image.id, [{ op: 'add', path: '/locations/-', value: { url: httpImage, metadata: { foo: 'bar' } } }])).status).toBe(200)
      let shown = await g.ok('GET', `/v2/images/${image.id}`)
      expect(shown).toMatchObject({ status: 'active', size: 12, os_hash_value: null, locations: [{ url: httpImage, metadata: { foo: 'bar' } }] })
      await patch(image.id, [{ op: 'add', path: '/locations/-', value: { url: `${httpImage}#new`, metadata: {} } }])
      shown = await g.ok('GET', `/v2/images/${image.id}`)
      expect(shown.locations).toHaveLength(2)
      const changed = [{ ...shown.locations[0], metadata: { foo: 'baz' } }, shown.locations[1]]
      expect((await patch(image.id, [{ op: 'replace', path: '/locations', value: changed }])).status).toBe(200)
      expect((await patch(image.id, [{ op: 'replace', path: '/locations', value: [changed[0]] }])).status).toBe(400)
      expect(await glanceError(await patch(image.id, [{ op: 'add', path: '/locations/-', value: { url: 'gopher://info.cern.ch', metadata: {} } }]))).toEqual({
        status: 400,
        message: 'Invalid location',
      })
      expect((await g.ok('GET', `/v2/images/${image.id}`)).locations).toEqual(changed)
      expect((await patch(image.id, [{ op: 'remove', path: '/locations/0' }])).status).toBe(200)
      expect(await glanceError(await patch(image.id, [{ op: 'remove', path: '/locations/0' }]))).toEqual({ status: 403, message: 'Cannot remove last location in the image.' })
      expect(await g.ok('GET', `/v2/images/${image.id}/locations`, { token: 'admin-token' })).toEqual([{ url: `${httpImage}#new`, metadata: {} }])
    })

    test('validation_data sets the hashes of a queued image; a mismatch later is a 409', async () => {
      const image = await g.createImage()
      const validation = { checksum: '1'.repeat(32), os_hash_algo: 'sha512', os_hash_value: 'deadbeef'.repeat(16) }
      await patch(image.id, [{ op: 'add', path: '/locations/-', value: { url: httpImage, metadata: {}, validation_data: validation } }])
      const shown = await g.ok('GET', `/v2/images/${image.id}`)
      expect(shown).toMatchObject({ status: 'active', checksum: '1'.repeat(32), os_hash_value: 'deadbeef'.repeat(16) })
      expect(shown.locations[0].validation_data).toBeUndefined()
      const mismatch = await patch(image.id, [{ op: 'add', path: '/locations/-', value: { url: `${httpImage}#2`, metadata: {}, validation_data: { ...validation, checksum: '2'.repeat(32) } } }])
      expect(await glanceError(mismatch)).toEqual({ status: 409, message: 'checksum is already set with a different value' })
    })
  })

  describe('importMethods with glance-download', () => {
    const g = glanceHarness({ glance: { importMethods: ['glance-direct', 'glance-download'] } }, true, transport)
    const download = (id: string, method: Record<string, unknown>) => g.call('POST', `/v2/images/${id}/import`, { json: { method: { name: 'glance-download', ...method } } })

    test('only the enabled methods are listed and accepted', async () => {
      expect((await g.ok('GET', '/v2/info/import'))['import-methods'].value).toEqual(['glance-direct', 'glance-download'])
      const created = await g.call('POST', '/v2/images', { json: { disk_format: 'raw', container_format: 'bare' } })
      expect(created.headers.get('openstack-image-import-methods')).toBe('glance-direct,glance-download')
      const image = await created.json()
      const web = await g.call('POST', `/v2/images/${image.id}/import`, { json: { method: { name: 'web-download', uri: httpImage } } })
      expect(await glanceError(web)).toEqual({ status: 400, message: "Unknown import method name 'web-download'." })
    })

    test('fetches a visible active image of its own region: data, formats and the copied properties', async () => {
      const source = await g.createImage({ disk_format: 'qcow2', hw_cpu_cores: '5', os_distro: 'rhel', speed: '88mph' })
      await g.upload(source.id, 'source data')
      const target = await g.createImage({ container_format: 'ovf', disk_format: 'iso', os_distro: 'windows' })
      expect((await download(target.id, { glance_region: 'RegionOne', glance_image_id: source.id })).status).toBe(202)
      const shown = await g.ok('GET', `/v2/images/${target.id}`)
      expect(shown).toMatchObject({ status: 'active', size: 11, disk_format: 'qcow2', container_format: 'bare', hw_cpu_cores: '5', os_distro: 'rhel' })
      expect(shown.speed).toBeUndefined()
      expect((await g.ok('GET', `/v2/images/${target.id}/tasks`)).tasks[0]).toMatchObject({ status: 'success', result: { image_id: target.id } })
    })

    test('a bad id is a 400; an unknown region or an invisible image fails the task and leaves the image queued', async () => {
      const target = await g.createImage({ os_distro: 'windows' })
      expect(await glanceError(await download(target.id, { glance_region: 'RegionOne', glance_image_id: 'foo' }))).toEqual({ status: 400, message: 'Remote image id does not look like a UUID: foo' })
      expect(await glanceError(await download(target.id, { glance_image_id: target.id }))).toEqual({ status: 400, message: "'glance_region' needs to be set for glance-download import method" })
      await download(target.id, { glance_region: 'not a region', glance_image_id: '36d4b546-64a2-4bb9-bdd0-ba676aa48f2c', glance_service_interface: 'not an interface' })
      expect(await g.ok('GET', `/v2/images/${target.id}`)).toMatchObject({ status: 'queued', os_distro: 'windows' })
      const hidden = await g.createImage({}, 'bob-token')
      await g.upload(hidden.id, 'bob data', 'bob-token')
      await download(target.id, { glance_region: 'RegionOne', glance_image_id: hidden.id })
      const { tasks } = await g.ok('GET', `/v2/images/${target.id}/tasks`)
      expect(tasks.map((task: { status: string; message: string }) => [task.status, task.message])).toEqual([
        ['failure', 'not an interface glance endpoint not found for region not a region'],
        ['failure', 'HTTP Error 404: Not Found'],
      ])
      expect((await g.ok('GET', `/v2/images/${target.id}`)).status).toBe('queued')
    })
  })

  describe('stores', () => {
    const g = glanceHarness({ glance: { stores: ['cheap', { id: 'fast', description: 'SSD', default: true }, { id: 'web', readOnly: true }] } }, true, transport)

    test('/v2/info/stores lists them; the versions document adds 2.8-2.13', async () => {
      expect(await g.ok('GET', '/v2/info/stores')).toEqual({ stores: [{ id: 'cheap' }, { id: 'fast', description: 'SSD', default: 'true' }, { id: 'web', 'read-only': 'true' }] })
      const versions = (await g.ok('GET', '/versions')).versions.map((v: { id: string }) => v.id)
      expect(versions.slice(0, 8)).toEqual(['v2.15', 'v2.13', 'v2.12', 'v2.11', 'v2.10', 'v2.9', 'v2.8', 'v2.17'])
      const created = await g.call('POST', '/v2/images', { json: { disk_format: 'raw', container_format: 'bare' } })
      expect(created.headers.get('openstack-image-store-ids')).toBe('cheap,fast,web')
    })

    test('uploads go to the default store or X-Image-Meta-Store; copy-image adds the others', async () => {
      const image = await g.createImage({ visibility: 'public' }, 'admin-token')
      expect((await g.upload(image.id, 'abc', 'admin-token')).status).toBe(204)
      expect((await g.ok('GET', `/v2/images/${image.id}`, { token: 'admin-token' })).stores).toBe('fast')
      const other = await g.createImage({}, 'admin-token')
      const unknown = await g.call('PUT', `/v2/images/${other.id}/file`, { token: 'admin-token', body: 'x', headers: { 'content-type': 'application/octet-stream', 'x-image-meta-store': 'tape' } })
      expect(await glanceError(unknown)).toEqual({ status: 400, message: 'Store for identifier tape not found' })
      await g.call('PUT', `/v2/images/${other.id}/file`, { token: 'admin-token', body: 'x', headers: { 'content-type': 'application/octet-stream', 'x-image-meta-store': 'cheap' } })
      expect((await g.ok('GET', `/v2/images/${other.id}`, { token: 'admin-token' })).stores).toBe('cheap')

      const again = await g.call('POST', `/v2/images/${image.id}/import`, { token: 'admin-token', json: { method: { name: 'copy-image' }, stores: ['fast'] } })
      expect(await glanceError(again)).toEqual({ status: 400, message: "Image is already present at store 'fast'" })
      expect((await g.call('POST', `/v2/images/${image.id}/import`, { token: 'alice-token', json: { method: { name: 'copy-image' }, all_stores: true } })).status).toBe(403)
      const copy = await g.call('POST', `/v2/images/${image.id}/import`, { token: 'admin-token', json: { method: { name: 'copy-image' }, all_stores: true, all_stores_must_succeed: false } })
      expect(copy.status).toBe(202)
      expect(await g.ok('GET', `/v2/images/${image.id}`, { token: 'admin-token' })).toMatchObject({ status: 'active', stores: 'fast,cheap', os_glance_importing_to_stores: '', os_glance_failed_import: '' })
    })

    test('glance-direct to listed stores or all writable stores; an unknown store is a 409', async () => {
      const image = await g.createImage()
      await g.call('PUT', `/v2/images/${image.id}/stage`, { body: 'staged', headers: { 'content-type': 'application/octet-stream' } })
      const unknown = await g.call('POST', `/v2/images/${image.id}/import`, { json: { method: { name: 'glance-direct' }, stores: ['tape'] } })
      expect(await glanceError(unknown)).toEqual({ status: 409, message: 'Store for identifier tape not found' })
      const notAnId = await g.call('POST', `/v2/images/${image.id}/import`, { json: { method: { name: 'glance-direct' }, stores: [{ id: 'fast' }] } })
      expect(await glanceError(notAnId)).toEqual({ status: 409, message: "Store for identifier {'id': 'fast'} not found" })
      const both = await g.call('POST', `/v2/images/${image.id}/import`, { json: { method: { name: 'glance-direct' }, all_stores: true, stores: ['fast'] } })
      expect(await glanceError(both)).toEqual({ status: 400, message: "All_stores parameter can't be used with x-image-meta-store header or stores parameter" })
      expect((await g.call('POST', `/v2/images/${image.id}/import`, { json: { method: { name: 'glance-direct' }, all_stores: true } })).status).toBe(202)
      expect(await g.ok('GET', `/v2/images/${image.id}`)).toMatchObject({ status: 'active', size: 6, stores: 'cheap,fast' })
      const { tasks } = await g.ok('GET', `/v2/images/${image.id}/tasks`)
      expect(tasks.map((task: { status: string; input: { backend: string[] } }) => [task.status, task.input.backend])).toEqual([['success', ['cheap', 'fast']]])
    })
  })
})
