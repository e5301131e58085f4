// Every object action of the scenario format (design §4), played from one JSON file through msw and
// over the standalone server: lifecycle transitions of a CCI snapshot (cci.md §10, CCI-44) and of a
// Glance image (glance.md §14), and create, update and delete on each API, seen by a client.
import { beforeEach, describe, expect, test } from 'vitest'
import { loadScenarioFile } from '../../src/scenarios/loadScenarioFile.ts'
import type { PlayHandle } from '../../src/scenarios/engine.ts'
import { readJson, transports, useEmulator, watchEvents } from '../support/transports.ts'

const file = 'test/scenarios/files/actions.json'
const snapshots = '/apis/cci/v2/imagesnapshots'
const images = '/apis/image.openshift.io/v1/images'
const activeImage = '6ff0eaa6-a444-441b-b769-78099d06f985'
const queuedImage = '4d5d0496-d499-4407-a79b-013c4f89200c'
const relabelled = 'sha256:126898eea4d1800a0a30564315417bcace2e85d576fcdac9225e7dbc5d63550d'
const deletedImage = 'sha256:84686fa9038deaa38280f8a3ad85e945beea41afe86f5c89c6ce15482ebe9e77'

describe.each(transports)('scenario actions over %s', (transport) => {
  const h = useEmulator(transport)
  let handle: PlayHandle
  const call = (path: string, init: RequestInit = {}) => fetch(`${h.base}${path}`, init)
  const json = async (path: string) => readJson(await call(path))
  const post = (path: string, body: unknown) => call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

  beforeEach(async () => {
    handle = h.emulator.play(await loadScenarioFile(file))
    await handle.ready
  })

  test('transitions, creates, updates and deletes happen at their times, as clients see them', async () => {
    const created = await post(snapshots, {
      apiVersion: 'cci/v2',
      kind: 'ImageSnapshot',
      metadata: { name: 'snap-a' },
      spec: { buildingConfig: { namespace: 'ns-a' }, images: [{ image: 'nginx:latest' }] },
    })
    expect(created.status).toBe(201)
    const watch = watchEvents(await call(`${snapshots}?watch=true&resourceVersion=${h.emulator.store.resourceVersion()}`))

    // 10s: the CCI snapshot fails (the wire says Unavailable, CCI-43); the Glance image is deactivated.
    await h.emulator.clock.advance('10s')
    expect((await json(`${snapshots}/snap-a`)).status).toEqual({
      lastUpdatedTime: '2026-01-01T00:00:10Z',
      message: 'pull nginx:latest: 429',
      phase: 'Unavailable',
      reason: 'ImagePullFailed',
    })
    expect((await watch.until(1)).map((e) => `${e.type} ${e.object.status.phase}`)).toEqual(['MODIFIED Unavailable'])
    expect((await json(`/v2/images/${activeImage}`)).status).toBe('deactivated')

    // 20s: new objects, made through each API's own rules.
    await h.emulator.clock.advance('10s')
    const made = await json(`${snapshots}/made-by-scenario`)
    expect(made.status).toEqual({ phase: 'Creating' })
    expect(made.metadata.finalizers).toEqual(['imagesnapshot.kubernetes.io/imagesnapshot-finalizer'])
    expect(made.metadata.labels.origin).toBe('scenario')
    expect(made.metadata.creationTimestamp).toBe('2026-01-01T00:00:20Z')
    const glanceImage = await json('/v2/images/8f4a1c2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b')
    expect(glanceImage).toMatchObject({ name: 'scenario-image', status: 'queued', disk_format: 'raw', created_at: '2026-01-01T00:00:20Z' })

    // 30s: updates.
    await h.emulator.clock.advance('10s')
    expect((await json(`${images}/${relabelled}`)).metadata.labels).toMatchObject({ checked: 'yes' })
    const retagged = await json(`/v2/images/${activeImage}`)
    expect(retagged.os_distro).toBe('ubuntu')
    expect(retagged.min_ram).toBe(1024)
    expect(retagged).not.toHaveProperty('description')

    // 40s: deletes. The snapshot keeps its finalizer until the CCI controller lets go (CCI-39).
    await h.emulator.clock.advance('10s')
    expect((await json(`${snapshots}/made-by-scenario`)).metadata.deletionTimestamp).toBe('2026-01-01T00:00:40Z')
    await h.emulator.clock.advance('5s')
    expect((await call(`${snapshots}/made-by-scenario`)).status).toBe(404)
    expect((await call(`/v2/images/${queuedImage}`)).status).toBe(404)
    expect((await call(`${images}/${deletedImage}`)).status).toBe(404)

    // The forced failure held: the default build outcome at 90s does not turn it Available (CCI-44).
    await h.emulator.clock.advance('2m')
    expect((await json(`${snapshots}/snap-a`)).status.phase).toBe('Unavailable')
    await watch.stop()
  })

  test('a transition triggered by a request acts on the object the request names', async () => {
    await h.emulator.clock.advance('1m')
    const upload = await call(`/v2/images/${'8f4a1c2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b'}/file`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
      body: 'some image bytes',
    })
    expect(upload.status).toBe(500)
    expect(await readJson(upload)).toEqual({
      message: 'The server has either erred or is incapable of performing the requested operation.<br /><br />\n\n\n',
      code: '500 Internal Server Error',
      title: 'Internal Server Error',
    })
    expect((await json('/v2/images/8f4a1c2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b')).status).toBe('killed')
    // G6.3: killed images are not listed.
    expect((await json('/v2/images')).images.map((image: { id: string }) => image.id)).not.toContain('8f4a1c2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b')
    expect(handle.steps().find((step) => step.id === 'kill-on-upload')).toMatchObject({ fired: 1, complete: true, errors: [] })
  })

  test('an action that cannot be carried out is reported by expectComplete(), naming the step', async () => {
    // snap-a was never created in this test: the forced transition finds nothing.
    await h.emulator.clock.advance('1m')
    expect(handle.steps()[0]).toMatchObject({ id: 'snapshot-fails', fired: 1, errors: ['transition: imagesnapshots.cci "snap-a" not found'] })
    expect(() => handle.expectComplete()).toThrowError(
      'scenario "actions" is not complete:\n  step 1 ("snapshot-fails") failed: transition: imagesnapshots.cci "snap-a" not found\n  step 10 ("kill-on-upload") never fired',
    )
  })
})
