// G9 tags, G12 deactivate/reactivate, G11 stage and import.
import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { glanceError, glanceHarness } from './glanceSetup.ts'
import { createEmulator } from '../../src/emulator.ts'
import { transports } from '../support/transports.ts'

describe.each(transports)('over %s', (transport) => {
  const g = glanceHarness({
    glance: { webDownloads: { 'https://images.example/cirros.img': 'cirros bytes' } },
  }, true, transport)

  describe('G9 tags', () => {
    test('PUT is idempotent and bumps updated_at; DELETE removes; absent tag 404', async () => {
      const image = await g.createImage()
      await g.emulator.clock.advance('5s')
      expect((await g.call('PUT', `/v2/images/${image.id}/tags/prod`)).status).toBe(204)
      expect((await g.call('PUT', `/v2/images/${image.id}/tags/prod`)).status).toBe(204)
      expect((await g.call('PUT', `/v2/images/${image.id}/tags/a%20b`)).status).toBe(204)
      let shown = await g.ok('GET', `/v2/images/${image.id}`)
      expect(shown.tags).toEqual(['prod', 'a b'])
      expect(shown.updated_at).toBe('2026-01-01T00:00:05Z')
      expect((await g.call('DELETE', `/v2/images/${image.id}/tags/prod`)).status).toBe(204)
      shown = await g.ok('GET', `/v2/images/${image.id}`)
      expect(shown.tags).toEqual(['a b'])
      expect(await glanceError(await g.call('DELETE', `/v2/images/${image.id}/tags/prod`))).toEqual({ status: 404, message: 'The resource could not be found.' })
    })

    test('errors: long tag 400, unknown image 404, others 403, 129th tag 413', async () => {
      const image = await g.createImage()
      const long = 't'.repeat(256)
      expect(await glanceError(await g.call('PUT', `/v2/images/${image.id}/tags/${long}`))).toEqual({
        status: 400,
        message: `Provided object does not match schema 'image': '${long}' is too long`,
      })
      expect(await glanceError(await g.call('PUT', '/v2/images/nope/tags/x'))).toEqual({ status: 404, message: 'Image nope not found.' })
      const shared = await g.createImage({ visibility: 'community' })
      expect((await g.call('PUT', `/v2/images/${shared.id}/tags/x`, { token: 'bob-token' })).status).toBe(403)
      const full = await g.createImage({ tags: Array.from({ length: 128 }, (_, i) => `t${i}`) })
      expect((await g.call('PUT', `/v2/images/${full.id}/tags/one-more`)).status).toBe(413)
    })
  })

  describe('G12 deactivate and reactivate', () => {
    test('active ⇄ deactivated, repeat is a no-op, other statuses 403', async () => {
      const image = await g.createImage()
      expect(await glanceError(await g.call('POST', `/v2/images/${image.id}/actions/deactivate`, { token: 'admin-token' }))).toEqual({
        status: 403,
        message: "Not allowed to deactivate image in status 'queued'",
      })
      await g.upload(image.id, 'data')
      for (const [action, status] of [
        ['deactivate', 'deactivated'],
        ['deactivate', 'deactivated'],
        ['reactivate', 'active'],
        ['reactivate', 'active'],
      ] as const) {
        expect((await g.call('POST', `/v2/images/${image.id}/actions/${action}`, { token: 'admin-token' })).status).toBe(204)
        expect((await g.ok('GET', `/v2/images/${image.id}`)).status).toBe(status)
      }
    })

    test('G12.2 admins and the owning project may; other projects 403; invisible 404', async () => {
      const image = await g.createImage({ visibility: 'public' }, 'admin-token')
      await g.upload(image.id, 'data', 'admin-token')
      expect(await glanceError(await g.call('POST', `/v2/images/${image.id}/actions/deactivate`, { token: 'bob-token' }))).toEqual({
        status: 403,
        message: 'You are not authorized to complete deactivate action.',
      })
      const own = await g.createImage()
      await g.upload(own.id, 'data')
      expect((await g.call('POST', `/v2/images/${own.id}/actions/deactivate`)).status).toBe(204)
      const hidden = await g.createImage({ visibility: 'private' })
      expect((await g.call('POST', `/v2/images/${hidden.id}/actions/deactivate`, { token: 'bob-token' })).status).toBe(404)
    })
  })

  describe('G11 import', () => {
    test('G11.1 discovery: import methods; no stores', async () => {
      expect(await g.ok('GET', '/v2/info/import')).toEqual({
        'import-methods': { description: 'Import methods available.', type: 'array', value: ['glance-direct', 'web-download', 'copy-image'] },
      })
      expect(await glanceError(await g.call('GET', '/v2/info/stores'))).toEqual({ status: 404, message: 'Multi backend is not supported at this site.' })
    })

    test('G11.2-G11.3 glance-direct: stage (uploading, size, no checksum) then import (active, hashes)', async () => {
      const image = await g.createImage()
      const staged = await g.call('PUT', `/v2/images/${image.id}/stage`, { body: 'staged data', headers: { 'content-type': 'application/octet-stream' } })
      expect(staged.status).toBe(204)
      expect(await g.ok('GET', `/v2/images/${image.id}`)).toMatchObject({ status: 'uploading', size: 11, checksum: null })
      expect(await glanceError(await g.call('PUT', `/v2/images/${image.id}/stage`, { body: 'x', headers: { 'content-type': 'application/octet-stream' } }))).toEqual({
        status: 409,
        message: 'Image status transition from uploading to uploading is not allowed',
      })
      const imported = await g.call('POST', `/v2/images/${image.id}/import`, { json: { method: { name: 'glance-direct' } } })
      expect(imported.status).toBe(202)
      const shown = await g.ok('GET', `/v2/images/${image.id}`)
      expect(shown).toMatchObject({ status: 'active', size: 11, checksum: createHash('md5').update('staged data').digest('hex') })
      expect(shown.os_glance_import_task).toBeUndefined()
      expect(shown.os_glance_importing_to_stores).toBe('')
      expect(shown.os_glance_failed_import).toBe('')
      expect(await (await g.call('GET', `/v2/images/${image.id}/file`)).text()).toBe('staged data')
    })

    test('importing lasts importingFor on the clock, holding the import task lock', async () => {
      const emulator = createEmulator({ seed: 3, glance: { lifecycle: { importingFor: '2m' } } })
      const call = (path: string, init: RequestInit = {}) =>
        emulator.dispatch(new Request(`http://glance.test${path}`, { ...init, headers: { accept: 'application/json', ...init.headers } }))
      const image = await (await call('/v2/images', { method: 'POST', body: JSON.stringify({ disk_format: 'raw', container_format: 'bare' }) })).json()
      await call(`/v2/images/${image.id}/stage`, { method: 'PUT', body: 'abc', headers: { 'content-type': 'application/octet-stream' } })
      const importBody = JSON.stringify({ method: { name: 'glance-direct' } })
      expect((await call(`/v2/images/${image.id}/import`, { method: 'POST', body: importBody })).status).toBe(202)
      const running = await (await call(`/v2/images/${image.id}`)).json()
      expect(running.status).toBe('importing')
      expect(running.os_glance_import_task).toMatch(/^[0-9a-f-]{36}$/)
      expect((await call(`/v2/images/${image.id}/import`, { method: 'POST', body: importBody })).status).toBe(409)
      // A snapshot taken mid-import finishes it on time once restored.
      const saved = emulator.snapshot()
      await emulator.clock.advance('1m')
      await emulator.restore(saved)
      expect((await (await call(`/v2/images/${image.id}`)).json()).status).toBe('importing')
      await emulator.clock.advance('2m')
      const done = await (await call(`/v2/images/${image.id}`)).json()
      expect(done).toMatchObject({ status: 'active', size: 3 })
      expect(done.os_glance_import_task).toBeUndefined()
      emulator.dispose()
    })

    test('G11.4 web-download fetches only emulator-known URLs; others fail back to queued', async () => {
      const known = await g.createImage()
      expect((await g.call('POST', `/v2/images/${known.id}/import`, { json: { method: { name: 'web-download', uri: 'https://images.example/cirros.img' } } })).status).toBe(202)
      expect(await g.ok('GET', `/v2/images/${known.id}`)).toMatchObject({ status: 'active', size: 12 })
      const unknown = await g.createImage()
      expect((await g.call('POST', `/v2/images/${unknown.id}/import`, { json: { method: { name: 'web-download', uri: 'https://elsewhere.example/x.img' } } })).status).toBe(202)
      const failed = await g.ok('GET', `/v2/images/${unknown.id}`)
      expect(failed).toMatchObject({ status: 'queued', size: null })
      expect(failed.os_glance_import_task).toBeUndefined()
      expect(await glanceError(await g.call('POST', `/v2/images/${unknown.id}/import`, { json: { method: { name: 'web-download', uri: 'ftp://x/y' } } }))).toEqual({
        status: 400,
        message: 'URI for web-download does not pass filtering: ftp://x/y',
      })
    })

    test('G11.3 import refusals', async () => {
      const image = await g.createImage()
      const importWith = (body: unknown, id = image.id) => g.call('POST', `/v2/images/${id}/import`, { json: body })
      expect(await glanceError(await importWith({}))).toEqual({ status: 400, message: "Import request requires a 'method' field." })
      expect(await glanceError(await importWith({ method: {} }))).toEqual({ status: 400, message: "Import request requires a 'name' field." })
      expect(await glanceError(await importWith({ method: { name: 'glance-download' } }))).toEqual({ status: 400, message: "Unknown import method name 'glance-download'." })
      expect(await glanceError(await importWith({ method: { name: 'glance-direct' } }))).toEqual({
        status: 409,
        message: "Image needs to be staged before 'glance-direct' method can be used",
      })
      expect(await glanceError(await importWith({ method: { name: 'copy-image' } }))).toEqual({
        status: 409,
        message: 'Only images with status active can be targeted for copying',
      })
      const noFormats = await g.ok('POST', '/v2/images', { json: {} })
      expect(await glanceError(await importWith({ method: { name: 'web-download', uri: 'https://images.example/cirros.img' } }, noFormats.id))).toEqual({
        status: 409,
        message: "'container_format' needs to be set before import",
      })
      await g.upload(image.id, 'x')
      expect(await glanceError(await importWith({ method: { name: 'web-download', uri: 'https://images.example/cirros.img' } }))).toEqual({
        status: 409,
        message: 'Image with status active cannot be target for import',
      })
      expect(await glanceError(await importWith({ method: { name: 'copy-image' } }))).toEqual({
        status: 403,
        message: 'You are not authorized to complete copy_image action.',
      })
      expect((await g.call('POST', `/v2/images/${image.id}/import`, { token: 'admin-token', json: { method: { name: 'copy-image' } } })).status).toBe(202)
    })
  })
})
