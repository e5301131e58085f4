// The built-in scenario library (image-api-emulator/scenarios) does what each file's first line says,
// as a client sees it, through msw and over the standalone server.
import { describe, expect, test, vi } from 'vitest'
import {
  flakyApi,
  glanceUploadKilled,
  rateLimited,
  slowApi,
  snapshotExpiresByTtl,
  snapshotFailsAfterTwoMinutes,
  updateConflict,
  validationFailure,
  watchExpires,
} from '../../scenarios/index.ts'
import { readJson, transports, useEmulator, watchEvents } from '../support/transports.ts'

const snapshots = '/apis/cci/v2/imagesnapshots'
const snapshotBody = (name: string, spec: Record<string, unknown> = {}) =>
  JSON.stringify({ apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name }, spec: { buildingConfig: { namespace: 'ns-a' }, images: [{ image: 'nginx:latest' }], ...spec } })

describe.each(transports)('built-in scenarios over %s', (transport) => {
  const h = useEmulator(transport)
  const call = (path: string, init: RequestInit = {}) => fetch(`${h.base}${path}`, init)
  const json = async (path: string, init?: RequestInit) => readJson(await call(path, init))
  const send = (method: string, path: string, body: string, type = 'application/json') => call(path, { method, headers: { 'content-type': type }, body })
  const phase = async (name: string) => (await json(`${snapshots}/${name}`)).status

  test('updateConflict: the first update answers 409 Conflict, the retry goes through', async () => {
    const handle = h.emulator.play(updateConflict)
    await send('POST', snapshots, snapshotBody('snap-1'))
    const labelled = JSON.stringify({ ...JSON.parse(snapshotBody('snap-1')), metadata: { name: 'snap-1', labels: { team: 'a' } } })
    const stale = await send('PUT', `${snapshots}/snap-1`, labelled)
    expect(stale.status).toBe(409)
    expect((await readJson(stale)).message).toBe(
      'Operation cannot be fulfilled on imagesnapshots.cci "snap-1": the object has been modified; please apply your changes to the latest version and try again',
    )
    const retried = await send('PUT', `${snapshots}/snap-1`, labelled)
    expect(retried.status).toBe(200)
    expect((await readJson(retried)).metadata.labels.team).toBe('a')
    handle.expectComplete()
  })

  test('rateLimited: two 429s with Retry-After: 5, then the list', async () => {
    const handle = h.emulator.play(rateLimited)
    const first = await call('/v2/images', { headers: { accept: 'application/json' } })
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '5'])
    const second = await call(snapshots)
    expect([second.status, second.headers.get('retry-after')]).toEqual([429, '5'])
    expect((await readJson(second)).details).toEqual({ retryAfterSeconds: 5 })
    expect((await json('/v2/images')).images).toEqual([])
    handle.expectComplete()
  })

  test('validationFailure: the first create answers 422 with the field cause', async () => {
    const handle = h.emulator.play(validationFailure)
    const refused = await send('POST', snapshots, snapshotBody('snap-1'))
    expect(refused.status).toBe(422)
    expect(await readJson(refused)).toMatchObject({
      message: 'ImageSnapshot.cci "snap-1" is invalid: spec.images[0].image: Forbidden: images from docker.io cannot be pulled in this region',
      reason: 'Invalid',
      details: {
        name: 'snap-1',
        group: 'cci',
        kind: 'ImageSnapshot',
        causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: images from docker.io cannot be pulled in this region', field: 'spec.images[0].image' }],
      },
    })
    expect((await send('POST', snapshots, snapshotBody('snap-1'))).status).toBe(201)
    handle.expectComplete()
  })

  test('snapshotFailsAfterTwoMinutes: snap-1 stays Creating past the default 90s, then is Unavailable: ImagePullFailed', async () => {
    const handle = h.emulator.play(snapshotFailsAfterTwoMinutes)
    await send('POST', snapshots, snapshotBody('snap-1'))
    await h.emulator.clock.advance('90s')
    expect(await phase('snap-1')).toEqual({ phase: 'Creating' })
    await h.emulator.clock.advance('30s')
    expect(await phase('snap-1')).toEqual({
      lastUpdatedTime: '2026-01-01T00:02:00Z',
      message: 'pull nginx:latest: 429 Too Many Requests',
      phase: 'Unavailable',
      reason: 'ImagePullFailed',
    })
    handle.expectComplete()
  })

  test('snapshotExpiresByTtl: Available at 90s, Deleting at its expireDateTime a day later, gone 5s after', async () => {
    const handle = h.emulator.play(snapshotExpiresByTtl)
    expect(await phase('cache-snapshot')).toEqual({ phase: 'Creating' })
    await h.emulator.clock.advance('90s')
    expect(await phase('cache-snapshot')).toMatchObject({ phase: 'Available', expireDateTime: '2026-01-02T00:00:00Z' })
    await h.emulator.clock.advanceTo('2026-01-02T00:00:00Z')
    const expiring = await json(`${snapshots}/cache-snapshot`)
    expect([expiring.status.phase, expiring.metadata.deletionTimestamp]).toEqual(['Deleting', '2026-01-02T00:00:00Z'])
    await h.emulator.clock.advance('5s')
    expect((await call(`${snapshots}/cache-snapshot`)).status).toBe(404)
    handle.expectComplete()
  })

  test('glanceUploadKilled: the upload fails with 500, the image is killed and no longer listed', async () => {
    const handle = h.emulator.play(glanceUploadKilled)
    const image = await json('/v2/images', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'cirros', disk_format: 'qcow2', container_format: 'bare' }) })
    const upload = await call(`/v2/images/${image.id}/file`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(1024) })
    expect(upload.status).toBe(500)
    expect(await upload.text()).toContain('The server has either erred or is incapable of performing the requested operation.')
    expect((await json(`/v2/images/${image.id}`)).status).toBe('killed')
    expect((await json('/v2/images')).images).toEqual([])
    handle.expectComplete()
  })

  test('watchExpires: at 3m open watches get ERROR 410 Expired and end; a re-list and a new watch work', async () => {
    const handle = h.emulator.play(watchExpires)
    const watch = watchEvents(await call(`${snapshots}?watch=true&resourceVersion=${h.emulator.store.resourceVersion()}`))
    await h.emulator.clock.advance('3m')
    expect(await watch.ends()).toBe(true)
    expect(watch.events.map((e) => [e.type, e.object.code, e.object.reason])).toEqual([['ERROR', 410, 'Expired']])
    const list = await json(snapshots)
    const again = watchEvents(await call(`${snapshots}?watch=true&resourceVersion=${list.metadata.resourceVersion}`))
    await send('POST', snapshots, snapshotBody('after-expiry'))
    expect((await again.until(1)).map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED after-expiry'])
    await again.stop()
    handle.expectComplete()
  })

  test('flakyApi: two 503s in each API’s dialect, then success', async () => {
    const handle = h.emulator.play(flakyApi)
    const kube = await call(snapshots)
    expect([kube.status, (await readJson(kube)).reason]).toEqual([503, 'ServiceUnavailable'])
    const glance = await call('/v2/images', { headers: { accept: 'application/json' } })
    expect(glance.status).toBe(503)
    expect((await readJson(glance)).message).toContain('The server is currently unavailable. Please try again at a later time.')
    expect((await call(snapshots)).status).toBe(200)
    expect((await call('/v2/images')).status).toBe(200)
    handle.expectComplete()
  })

  test('slowApi: an answer comes when the emulator clock has moved on 2s', async () => {
    const handle = h.emulator.play(slowApi)
    const pending = call(snapshots)
    await vi.waitFor(() => expect(h.emulator.scenarios.heldRequests()).toBeGreaterThan(0), { timeout: 5000, interval: 2 })
    await h.emulator.clock.advance('2s')
    expect((await pending).status).toBe(200)
    handle.expectComplete()
  })
})
