// Server-side apply and managedFields over HTTP (K-19, K-11, K-16, K-17), the rules kubectl
// --server-side and controllers rely on, over both doors of the emulator.
import { describe, expect, test } from 'vitest'
import { readJson, transports, useEmulator } from '../support/transports.ts'

const images = '/apis/image.openshift.io/v1/images'
const snapshots = '/apis/cci/v2/imagesnapshots'
const name = `sha256:${'a'.repeat(64)}`
const applyType = { 'content-type': 'application/apply-patch+yaml' }

const config = (fields: Record<string, unknown> = {}, labels?: Record<string, string>) => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'Image',
  metadata: labels ? { name, labels } : { name },
  dockerImageReference: 'quay.io/demo/app:1',
  ...fields,
})

describe.each(transports)('server-side apply over %s', (transport) => {
  const h = useEmulator(transport, { seed: 31, clock: { mode: 'manual' } })
  const call = (path: string, init: RequestInit = {}) => fetch(`${h.base}${path}`, init)
  const apply = (manager: string, body: unknown, query = '', path = `${images}/${name}`) =>
    call(`${path}?fieldManager=${manager}${query}`, { method: 'PATCH', headers: applyType, body: typeof body === 'string' ? body : JSON.stringify(body) })
  const mergePatch = (body: unknown, query = '') =>
    call(`${images}/${name}${query}`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify(body) })
  const get = async () => readJson(await call(`${images}/${name}`))

  test('apply creates (201) and records an Apply entry; the same apply again changes nothing (K-6)', async () => {
    const created = await apply('deployer', config({}, { app: 'web' }))
    expect(created.status).toBe(201)
    const object = await readJson(created)
    expect(object.metadata.managedFields).toEqual([
      {
        manager: 'deployer',
        operation: 'Apply',
        apiVersion: 'image.openshift.io/v1',
        time: '2026-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:dockerImageReference': {}, 'f:metadata': { 'f:labels': { 'f:app': {} } } },
      },
    ])
    // YAML works as well as JSON, and an unchanged apply keeps the resourceVersion and the entry's time.
    await h.emulator.clock.advance('1m')
    const yaml = `apiVersion: image.openshift.io/v1\nkind: Image\nmetadata:\n  name: "${name}"\n  labels:\n    app: web\ndockerImageReference: quay.io/demo/app:1\n`
    const again = await apply('deployer', yaml)
    expect(again.status).toBe(200)
    const same = await readJson(again)
    expect(same.metadata.resourceVersion).toBe(object.metadata.resourceVersion)
    expect(same.metadata.managedFields[0].time).toBe('2026-01-01T00:00:00Z')
  })

  test('create and update record Update entries by fieldManager, else by User-Agent product (K-11)', async () => {
    const created = await call(`${images}?fieldManager=creator`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { name, labels: { app: 'web' } }, dockerImageReference: 'quay.io/demo/app:1' }),
    })
    expect((await readJson(created)).metadata.managedFields).toEqual([
      {
        manager: 'creator',
        operation: 'Update',
        apiVersion: 'image.openshift.io/v1',
        time: '2026-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:dockerImageReference': {}, 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
      },
    ])
    await h.emulator.clock.advance('10s')
    const patched = await call(`${images}/${name}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json', 'user-agent': 'image-pruner/2.1 (linux)' },
      body: JSON.stringify({ metadata: { labels: { app: 'api', pruned: 'true' } } }),
    })
    const managed = (await readJson(patched)).metadata.managedFields
    // The label the pruner changed is now its own; the creator keeps the rest (the labels map itself:
    // a member with no members of its own prints as `{}`).
    expect(managed.map((entry: any) => [entry.manager, entry.time, entry.fieldsV1])).toEqual([
      ['creator', '2026-01-01T00:00:00Z', { 'f:dockerImageReference': {}, 'f:metadata': { 'f:labels': {} } }],
      ['image-pruner', '2026-01-01T00:00:10Z', { 'f:metadata': { 'f:labels': { 'f:app': {}, 'f:pruned': {} } } }],
    ])
  })

  test('conflicts name every other owner; co-owning by applying the same value is allowed; force takes over (K-19)', async () => {
    await apply('deployer', config({}, { app: 'web', tier: 'front' }))
    await h.emulator.clock.advance('1m')
    await mergePatch({ dockerImageReference: 'quay.io/demo/app:hotfix', metadata: { labels: { tier: 'back' } } }, '?fieldManager=hotfixer')
    await apply('auditor', config({ dockerImageReference: 'quay.io/demo/app:hotfix' }))

    const conflict = await apply('deployer', config({}, { app: 'web', tier: 'front' }))
    expect(conflict.status).toBe(409)
    expect(await readJson(conflict)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Apply failed with 3 conflicts: conflicts with "auditor":\n- .dockerImageReference\nconflicts with "hotfixer" using image.openshift.io/v1:\n- .dockerImageReference\n- .metadata.labels.tier',
      reason: 'Conflict',
      details: {
        causes: [
          { reason: 'FieldManagerConflict', message: 'conflict with "auditor"', field: '.dockerImageReference' },
          { reason: 'FieldManagerConflict', message: 'conflict with "hotfixer" using image.openshift.io/v1', field: '.dockerImageReference' },
          { reason: 'FieldManagerConflict', message: 'conflict with "hotfixer" using image.openshift.io/v1', field: '.metadata.labels.tier' },
        ],
      },
      code: 409,
    })
    expect((await get()).dockerImageReference).toBe('quay.io/demo/app:hotfix')

    // Applying the live values conflicts with no one: the deployer co-owns them.
    const shared = await apply('deployer', config({ dockerImageReference: 'quay.io/demo/app:hotfix' }, { app: 'web', tier: 'back' }))
    expect(shared.status).toBe(200)

    const forced = await apply('deployer', config({}, { app: 'web', tier: 'front' }), '&force=true')
    expect(forced.status).toBe(200)
    const object = await readJson(forced)
    expect(object.dockerImageReference).toBe('quay.io/demo/app:1')
    expect(object.metadata.labels).toEqual({ app: 'web', tier: 'front' })
    // The hotfixer lost both its fields and its entry; the auditor lost its only field.
    expect(object.metadata.managedFields.map((entry: any) => `${entry.manager} ${entry.operation}`)).toEqual(['deployer Apply'])
  })

  test('a field an applier stops applying is removed, unless another manager owns it too (K-19)', async () => {
    await apply('deployer', config({}, { app: 'web', keep: 'yes', drop: 'yes' }))
    await apply('labeler', config({}, { keep: 'yes' }))
    const next = await readJson(await apply('deployer', config({}, { app: 'web' })))
    expect(next.metadata.labels).toEqual({ app: 'web', keep: 'yes' })
  })

  test('request errors: fieldManager required, force only on apply, version and name must match, no managedFields (K-17)', async () => {
    const noManager = await call(`${images}/${name}`, { method: 'PATCH', headers: applyType, body: JSON.stringify(config()) })
    expect(noManager.status).toBe(422)
    expect((await readJson(noManager)).message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch')

    const force = await mergePatch({}, '?force=true')
    expect(force.status).toBe(422)
    expect((await readJson(force)).message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch')

    const version = await apply('deployer', { ...config(), apiVersion: 'image.openshift.io/v2' })
    expect(version.status).toBe(400)
    expect((await readJson(version)).message).toBe(
      'Incorrect version specified in apply patch. Specified patch version: image.openshift.io/v2, expected: image.openshift.io/v1',
    )

    const renamed = await apply('deployer', { ...config(), metadata: { name: 'sha256:' + 'b'.repeat(64) } })
    expect(renamed.status).toBe(400)
    expect((await readJson(renamed)).message).toBe(`the name of the object (sha256:${'b'.repeat(64)}) does not match the name on the URL (${name})`)

    const managed = await apply('deployer', { ...config(), metadata: { name, managedFields: [{ manager: 'x' }] } })
    expect(managed.status).toBe(400)
    expect((await readJson(managed)).message).toBe('metadata.managedFields must be nil')

    // IMG-9: /oapi never had server-side apply.
    const legacy = await call(`/oapi/v1/images/${name}?fieldManager=deployer`, { method: 'PATCH', headers: applyType, body: JSON.stringify(config()) })
    expect(legacy.status).toBe(415)
  })

  test('dryRun=All apply answers the result and stores nothing (K-18)', async () => {
    const dry = await apply('deployer', config(), '&dryRun=All')
    expect(dry.status).toBe(201)
    expect((await readJson(dry)).metadata.managedFields[0].manager).toBe('deployer')
    expect((await call(`${images}/${name}`)).status).toBe(404)
  })

  test('ImageSnapshot: responses carry no managedFields (cci.md §3.2), yet ownership still holds', async () => {
    const snapshot = (size: number) => ({
      apiVersion: 'cci/v2',
      kind: 'ImageSnapshot',
      metadata: { name: 'snap-1' },
      spec: { buildingConfig: { namespace: 'ns-a' }, images: [{ image: 'nginx:latest' }], imageSnapshotSize: size },
    })
    const path = `${snapshots}/snap-1`
    const created = await apply('deployer', snapshot(20), '', path)
    expect(created.status).toBe(201)
    expect((await readJson(created)).metadata.managedFields).toBeUndefined()
    const labeled = await call(`${path}?fieldManager=labeler`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { labels: { team: 'a' } } }),
    })
    expect(labeled.status).toBe(200)
    const conflict = await apply('other', { ...snapshot(20), metadata: { name: 'snap-1', labels: { team: 'b' } } }, '', path)
    expect(conflict.status).toBe(409)
    expect((await readJson(conflict)).message).toBe('Apply failed with 1 conflict: conflict with "labeler" using cci/v2: .metadata.labels.team')
  })
})
