// Uploads waiting for `saving` to end (G10.2) across a reset and a restore of the emulator.
import { describe, expect, test } from 'vitest'
import { createEmulator } from '../../src/emulator.ts'

function harness() {
  const emulator = createEmulator({ seed: 7, glance: { lifecycle: { savingFor: '30s' } } })
  const call = (path: string, init: RequestInit = {}) =>
    emulator.dispatch(new Request(`http://glance.test${path}`, { ...init, headers: { accept: 'application/json', ...init.headers } }))
  const createImage = async () => (await (await call('/v2/images', { method: 'POST', body: JSON.stringify({ disk_format: 'raw', container_format: 'bare' }) })).json()) as { id: string }
  const upload = (id: string, body: string) => call(`/v2/images/${id}/file`, { method: 'PUT', body, headers: { 'content-type': 'application/octet-stream' } })
  const show = async (id: string) => (await call(`/v2/images/${id}`)).json() as Promise<Record<string, unknown>>
  const saving = async (id: string) => {
    // The upload's body is read and the image shows `saving` once the request is under way.
    for (let i = 0; i < 100 && (await show(id)).status !== 'saving'; i++) await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return { emulator, call, createImage, upload, show, saving }
}

describe('G10.2 uploads waiting for saving to end', () => {
  test('a reset answers the waiting upload with 410: its image is gone', async () => {
    const g = harness()
    const image = await g.createImage()
    const upload = g.upload(image.id, 'lost')
    await g.saving(image.id)
    await g.emulator.reset()
    const response = await upload
    expect(response.status).toBe(410)
    expect((await g.call(`/v2/images/${image.id}`)).status).toBe(404)
    expect(g.emulator.clock.pending()).toBe(0)
    g.emulator.dispose()
  })

  test('a restore to a snapshot taken while saving keeps the upload going: it ends savingFor after it began', async () => {
    const g = harness()
    const image = await g.createImage()
    const upload = g.upload(image.id, 'kept')
    await g.saving(image.id)
    const saved = g.emulator.snapshot()
    await g.emulator.clock.advance('10s')
    await g.emulator.restore(saved)
    await g.emulator.clock.advance('19s')
    expect((await g.show(image.id)).status).toBe('saving')
    await g.emulator.clock.advance('1s')
    expect((await upload).status).toBe(204)
    expect(await g.show(image.id)).toMatchObject({ status: 'active', size: 4, updated_at: '2026-01-01T00:00:30Z' })
    expect(await (await g.call(`/v2/images/${image.id}/file`)).text()).toBe('kept')
    g.emulator.dispose()
  })
})
