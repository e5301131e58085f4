// G10 image data: upload, download, ranges, size cap, the saving phase on the clock, and a 10 MB
// round trip checked against node:crypto.
import { createHash } from 'node:crypto'
import { describe, expect, test, vi } from 'vitest'
import { seededBytes } from '../support/seededBytes.ts'
import { glanceError, glanceHarness, type GlanceHarness } from './glanceSetup.ts'
import { createEmulator } from '../../src/emulator.ts'
import { transports } from '../support/transports.ts'

describe.each(transports)('over %s', (transport) => {
  const g = glanceHarness({ glance: { maxImageSize: 64 * 1024 * 1024 } }, true, transport)

  describe('G10 upload and download', () => {
    test('G10.2 queued → active with size, md5 checksum and sha512 os_hash_value', async () => {
      const image = await g.createImage()
      const response = await g.upload(image.id, 'hello')
      expect(response.status).toBe(204)
      expect(await response.text()).toBe('')
      const shown = await g.ok('GET', `/v2/images/${image.id}`)
      expect(shown).toMatchObject({
        status: 'active',
        size: 5,
        virtual_size: 5,
        checksum: createHash('md5').update('hello').digest('hex'),
        os_hash_algo: 'sha512',
        os_hash_value: createHash('sha512').update('hello').digest('hex'),
      })
    })

    test('G10.5 download: identical bytes, Content-MD5, Content-Length, octet-stream', async () => {
      const image = await g.createImage()
      await g.upload(image.id, 'hello world')
      const response = await g.call('GET', `/v2/images/${image.id}/file`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/octet-stream')
      expect(response.headers.get('content-length')).toBe('11')
      expect(response.headers.get('content-md5')).toBe(createHash('md5').update('hello world').digest('hex'))
      expect(await response.text()).toBe('hello world')
    })

    test('G10.5 no data yet → 204', async () => {
      const image = await g.createImage()
      const response = await g.call('GET', `/v2/images/${image.id}/file`)
      expect(response.status).toBe(204)
      expect(await response.text()).toBe('')
    })

    test('G10.6 Range → 206 with Content-Range; 416 and 400 for bad ranges', async () => {
      const image = await g.createImage()
      await g.upload(image.id, '0123456789')
      const range = (header: string) => g.call('GET', `/v2/images/${image.id}/file`, { headers: { range: header } })
      let response = await range('bytes=2-5')
      expect(response.status).toBe(206)
      expect(response.headers.get('content-range')).toBe('bytes 2-5/10')
      expect(await response.text()).toBe('2345')
      response = await range('bytes=7-')
      expect([response.headers.get('content-range'), await response.text()]).toEqual(['bytes 7-9/10', '789'])
      response = await range('bytes=-3')
      expect([response.headers.get('content-range'), await response.text()]).toEqual(['bytes 7-9/10', '789'])
      response = await range('bytes=8-100')
      expect(await response.text()).toBe('89')
      response = await range('bytes=10-')
      expect(response.status).toBe(416)
      expect((await response.json()).message).toBe(
        'The Range requested is not available.<br /><br />\nInvalid start position in Range header. Start position MUST be in the inclusive range [0, 9].\n\n',
      )
      expect((await range('bytes=5-2')).status).toBe(416)
      expect((await range('pages=1')).status).toBe(416)
      expect(await glanceError(await range('bytes=0-1,3-4'))).toEqual({
        status: 400,
        message: 'Requests with multiple ranges are not supported in Glance. You may make multiple single-range requests instead.',
      })
    })

    test('G10.1 415 without octet-stream, 409 unless queued, 400 without formats, 403 for others', async () => {
      const image = await g.createImage()
      const wrongType = await g.call('PUT', `/v2/images/${image.id}/file`, { body: 'x', headers: { 'content-type': 'text/plain' } })
      expect(wrongType.status).toBe(415)
      await g.upload(image.id, 'x')
      expect(await glanceError(await g.upload(image.id, 'y'))).toEqual({ status: 409, message: 'Image status transition from active to saving is not allowed' })
      const bare = await g.ok('POST', '/v2/images', { json: { name: 'no formats' } })
      expect(await glanceError(await g.upload(bare.id, 'y'))).toEqual({
        status: 400,
        message: 'Properties disk_format, container_format must be set prior to saving data.',
      })
      const community = await g.createImage({ visibility: 'community' })
      expect(await glanceError(await g.upload(community.id, 'y', 'bob-token'))).toEqual({
        status: 403,
        message: 'You are not authorized to complete upload_image action.',
      })
    })

    test('G10.5 a deactivated image: only admins download', async () => {
      const image = await g.createImage()
      await g.upload(image.id, 'secret')
      await g.ok('POST', `/v2/images/${image.id}/actions/deactivate`, { token: 'admin-token' })
      expect(await glanceError(await g.call('GET', `/v2/images/${image.id}/file`))).toEqual({
        status: 403,
        message: 'The requested image has been deactivated. Image data download is forbidden.',
      })
      expect(await (await g.call('GET', `/v2/images/${image.id}/file`, { token: 'admin-token' })).text()).toBe('secret')
    })

    test('deleting an image discards its data', async () => {
      const image = await g.createImage()
      await g.upload(image.id, 'gone soon')
      expect(g.glance.service.imageData(image.id)).toBeDefined()
      await g.ok('DELETE', `/v2/images/${image.id}`)
      expect(g.glance.service.imageData(image.id)).toBeUndefined()
    })

    test('10 MB of seeded random data: checksum and os_hash_value match node:crypto; bytes come back identical', async () => {
      const data = seededBytes(10 * 1024 * 1024, 42)
      const image = await g.createImage()
      const started = performance.now()
      expect((await g.upload(image.id, data)).status).toBe(204)
      const uploadMs = performance.now() - started
      const shown = await g.ok('GET', `/v2/images/${image.id}`)
      expect(shown.size).toBe(data.byteLength)
      expect(shown.checksum).toBe(createHash('md5').update(data).digest('hex'))
      expect(shown.os_hash_value).toBe(createHash('sha512').update(data).digest('hex'))
      const downloaded = new Uint8Array(await (await g.call('GET', `/v2/images/${image.id}/file`)).arrayBuffer())
      expect(downloaded.byteLength).toBe(data.byteLength)
      expect(Buffer.compare(Buffer.from(downloaded), Buffer.from(data))).toBe(0)
      expect(uploadMs).toBeLessThan(10_000)
    })
  })

  describe('G10.2-G10.3 saving on the clock and the size cap', () => {
    function harnessFor(options: Parameters<typeof createEmulator>[0]): Pick<GlanceHarness, 'emulator'> & { call: typeof fetch } {
      const emulator = createEmulator({ seed: 7, ...options })
      return { emulator, call: (input, init) => emulator.dispatch(new Request(input as string, init)) }
    }

    test('the upload answers only once saving is over; meanwhile the image shows saving', async () => {
      const { emulator, call } = harnessFor({ glance: { lifecycle: { savingFor: '30s' } } })
      const created = await (await call('http://glance.test/v2/images', { method: 'POST', body: JSON.stringify({ disk_format: 'raw', container_format: 'bare' }) })).json()
      let answered = false
      const upload = call(`http://glance.test/v2/images/${created.id}/file`, {
        method: 'PUT',
        body: 'slow',
        headers: { 'content-type': 'application/octet-stream' },
      }).then((response) => {
        answered = true
        return response
      })
      // The body is read and the saving phase is on the clock: the upload waits for emulator time now.
      await vi.waitFor(() => expect(emulator.clock.pending()).toBeGreaterThan(0), { timeout: 5000, interval: 2 })
      expect(answered).toBe(false)
      expect((await (await call(`http://glance.test/v2/images/${created.id}`)).json()).status).toBe('saving')
      await emulator.clock.advance('30s')
      expect((await upload).status).toBe(204)
      const shown = await (await call(`http://glance.test/v2/images/${created.id}`)).json()
      expect(shown).toMatchObject({ status: 'active', size: 4, updated_at: '2026-01-01T00:00:30Z' })
      emulator.dispose()
    })

    test('an image deleted while saving: the upload answers 410 and keeps nothing', async () => {
      const { emulator, call } = harnessFor({ glance: { lifecycle: { savingFor: '10s' } } })
      const created = await (await call('http://glance.test/v2/images', { method: 'POST', body: JSON.stringify({ disk_format: 'raw', container_format: 'bare' }) })).json()
      const upload = call(`http://glance.test/v2/images/${created.id}/file`, {
        method: 'PUT',
        body: 'doomed',
        headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
      })
      await vi.waitFor(() => expect(emulator.clock.pending()).toBeGreaterThan(0), { timeout: 5000, interval: 2 })
      expect((await call(`http://glance.test/v2/images/${created.id}`, { method: 'DELETE' })).status).toBe(204)
      await emulator.clock.advance('10s')
      const response = await upload
      expect(response.status).toBe(410)
      expect((await response.json()).message).toBe(
        `Image ${created.id} could not be found after upload. The image may have been deleted during the upload.<br /><br />\n\n\n`,
      )
      emulator.dispose()
    })

    test('snapshot/restore brings back records and data', async () => {
      const { emulator, call } = harnessFor({})
      const created = await (await call('http://glance.test/v2/images', { method: 'POST', body: JSON.stringify({ disk_format: 'raw', container_format: 'bare' }) })).json()
      await call(`http://glance.test/v2/images/${created.id}/file`, { method: 'PUT', body: 'kept', headers: { 'content-type': 'application/octet-stream' } })
      const saved = emulator.snapshot()
      await call(`http://glance.test/v2/images/${created.id}`, { method: 'DELETE' })
      await emulator.restore(saved)
      expect(await (await call(`http://glance.test/v2/images/${created.id}/file`)).text()).toBe('kept')
      emulator.dispose()
    })

    test('G10.3 over the configured cap: 413, the image back to queued, nothing kept', async () => {
      const { emulator, call } = harnessFor({ glance: { maxImageSize: 8 } })
      const created = await (await call('http://glance.test/v2/images', { method: 'POST', body: JSON.stringify({ disk_format: 'raw', container_format: 'bare' }) })).json()
      const response = await call(`http://glance.test/v2/images/${created.id}/file`, {
        method: 'PUT',
        body: '123456789',
        headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
      })
      expect(response.status).toBe(413)
      expect((await response.json()).message).toBe('The incoming image is too large: The provided image is too large.<br /><br />\n\n\n')
      const shown = await (await call(`http://glance.test/v2/images/${created.id}`)).json()
      expect(shown).toMatchObject({ status: 'queued', size: null, checksum: null })
      expect((await call(`http://glance.test/v2/images/${created.id}/file`, { method: 'PUT', body: '12345678', headers: { 'content-type': 'application/octet-stream' } })).status).toBe(204)
      emulator.dispose()
    })
  })
})
