// The OpenShift Image API over real HTTP, through msw and through the standalone server.
import { describe, expect, test } from 'vitest'
import { readEvents, readJson, transports, useEmulator, watchEvents } from '../support/transports.ts'

const images = '/apis/image.openshift.io/v1/images'
const legacy = '/oapi/v1/images'

function image(name: string, extra: Record<string, unknown> = {}) {
  return {
    kind: 'Image',
    apiVersion: 'image.openshift.io/v1',
    metadata: { name, labels: { app: 'web' } },
    dockerImageReference: `registry.example.com/demo/web@${name}`,
    ...extra,
  }
}
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`

describe.each(transports)('OpenShift Image over %s', (transport) => {
  const h = useEmulator(transport)
  const call = (path: string, init: RequestInit = {}) => fetch(`${h.base}${path}`, init)
  const post = (path: string, body: unknown, query = '') =>
    call(`${path}${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

  test('create answers 201 with uid, resourceVersion, creationTimestamp and the IMG-12 metadata shape', async () => {
    const response = await post(images, { kind: 'Image', apiVersion: 'image.openshift.io/v1', metadata: { name: 'test' }, dockerImageReference: 'openshift/ruby-19-centos:latest' })
    expect(response.status).toBe(201)
    expect(response.headers.get('content-type')).toBe('application/json')
    const created = await readJson(response)
    expect(Object.keys(created).slice(0, 3)).toEqual(['kind', 'apiVersion', 'metadata'])
    expect(created.metadata).toMatchObject({ name: 'test', resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z' })
    expect(created.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(created.metadata.generation).toBeUndefined()
    expect(created.dockerImageMetadata).toEqual({ kind: 'DockerImage', apiVersion: 'image.openshift.io/1.0', Id: '', Created: null, ContainerConfig: {} })
    expect(created.dockerImageMetadataVersion).toBe('1.0')
  })

  test('get returns the stored object; a missing one is a NotFound Status (K-2)', async () => {
    await post(images, image(digest(1)))
    const found = await readJson(await call(`${images}/${digest(1)}`))
    expect(found.metadata.name).toBe(digest(1))
    const missing = await call(`${images}/nope`)
    expect(missing.status).toBe(404)
    expect(await missing.text()).toBe(
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"images.image.openshift.io \\"nope\\" not found","reason":"NotFound","details":{"name":"nope","group":"image.openshift.io","kind":"images"},"code":404}\n',
    )
  })

  test('the same objects are served under /oapi/v1 in the legacy representation (IMG-3, IMG-45)', async () => {
    await post(legacy, { kind: 'Image', apiVersion: 'v1', metadata: { name: 'legacy-one' }, dockerImageReference: 'busybox:latest' })
    const viaGroup = await readJson(await call(`${images}/legacy-one`))
    expect(viaGroup.apiVersion).toBe('image.openshift.io/v1')
    expect(viaGroup.dockerImageMetadata.apiVersion).toBe('image.openshift.io/1.0')
    const viaLegacy = await readJson(await call(`${legacy}/legacy-one`))
    expect(viaLegacy.apiVersion).toBe('v1')
    expect(viaLegacy.dockerImageMetadata.apiVersion).toBe('1.0')
    const missing = await readJson(await call(`${legacy}/nothing`))
    expect(missing.message).toBe('images "nothing" not found')
    expect(missing.details).toEqual({ name: 'nothing', kind: 'images' })
  })

  test('409 AlreadyExists on a duplicate name; generateName draws a seeded suffix (K-10)', async () => {
    await post(images, image(digest(2)))
    const again = await post(images, image(digest(2)))
    expect(again.status).toBe(409)
    expect((await readJson(again)).message).toBe(`images.image.openshift.io "${digest(2)}" already exists`)
    const generated = await readJson(await post(images, { metadata: { generateName: 'snap-' }, dockerImageReference: 'busybox' }))
    expect(generated.metadata.name).toMatch(/^snap-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
  })

  test('422 Invalid lists every cause (IMG-15, K-3)', async () => {
    const response = await post(images, { metadata: { name: 'x', labels: { ok: 'a b' } } })
    expect(response.status).toBe(422)
    const status = await readJson(response)
    expect(status.reason).toBe('Invalid')
    expect(status.details.kind).toBe('Image')
    expect(status.details.causes).toContainEqual({ reason: 'FieldValueRequired', message: 'Required value', field: 'dockerImageReference' })
    expect(status.details.causes.some((c: any) => c.field === 'metadata.labels')).toBe(true)
    expect(status.message).toMatch(/^Image\.image\.openshift\.io "x" is invalid: \[/)
    expect(h.emulator.store.count('kube:image.openshift.io/images')).toBe(0)
  })

  test('400 for a name mismatch, a wrong apiVersion and malformed JSON (K-14, K-15)', async () => {
    await post(images, image(digest(3)))
    const mismatch = await call(`${images}/${digest(3)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(image('other')) })
    expect(mismatch.status).toBe(400)
    expect((await readJson(mismatch)).message).toBe(`the name of the object (other) does not match the name on the URL (${digest(3)})`)
    const wrongVersion = await post(images, { ...image('v'), apiVersion: 'v1' })
    expect((await readJson(wrongVersion)).message).toBe('the API version in the data (v1) does not match the expected API version (image.openshift.io/v1)')
    const malformed = await call(images, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"metadata":' })
    expect(malformed.status).toBe(400)
    expect((await readJson(malformed)).message).toMatch(/^the object provided is unrecognized \(must be of type Image\): /)
  })

  test('replace needs the current resourceVersion: missing → 422 (IMG-26), stale → 409 Conflict (K-15)', async () => {
    const created = await readJson(await post(images, image(digest(4))))
    const put = (body: unknown) => call(`${images}/${digest(4)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const unconditional = await put(image(digest(4)))
    expect(unconditional.status).toBe(422)
    expect((await readJson(unconditional)).message).toBe(
      `images.image.openshift.io "${digest(4)}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`,
    )
    const updated = await put({ ...created, dockerImageReference: 'registry.example.com/demo/web:v2' })
    expect(updated.status).toBe(200)
    const body = await readJson(updated)
    expect(body.dockerImageReference).toBe('registry.example.com/demo/web:v2')
    expect(Number(body.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion))
    const stale = await put({ ...created, dockerImageReference: 'registry.example.com/demo/web:v3' })
    expect(stale.status).toBe(409)
    expect((await readJson(stale)).message).toBe(
      `Operation cannot be fulfilled on images.image.openshift.io "${digest(4)}": the object has been modified; please apply your changes to the latest version and try again`,
    )
  })

  test('a no-op replace keeps the resourceVersion and emits no event (K-6, IMG-34)', async () => {
    const created = await readJson(await post(images, image(digest(5))))
    const watch = watchEvents(await call(`${images}?watch=true&resourceVersion=${created.metadata.resourceVersion}&timeoutSeconds=60`))
    const same = await readJson(await call(`${images}/${digest(5)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(created) }))
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion)
    // A real change after it: the watch's first event must be that change, with nothing before it.
    await call(`${images}/${digest(5)}`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: '{"metadata":{"labels":{"after":"noop"}}}' })
    const [first] = await watch.until(1)
    await watch.stop()
    expect([first.type, first.object.metadata.labels?.after, first.object.metadata.resourceVersion]).toEqual(['MODIFIED', 'noop', String(Number(created.metadata.resourceVersion) + 1)])
  })

  test('patch: json, merge and strategic; 415 for anything else (K-16, IMG-35)', async () => {
    await post(images, image(digest(6)))
    const patch = (type: string, body: unknown) => call(`${images}/${digest(6)}`, { method: 'PATCH', headers: { 'content-type': type }, body: JSON.stringify(body) })
    const json = await patch('application/json-patch+json', [{ op: 'add', path: '/metadata/labels/tier', value: 'gold' }])
    expect(json.status).toBe(200)
    expect((await readJson(json)).metadata.labels).toEqual({ app: 'web', tier: 'gold' })
    const merge = await readJson(await patch('application/merge-patch+json', { metadata: { labels: { app: null } } }))
    expect(merge.metadata.labels).toEqual({ tier: 'gold' })
    const strategic = await readJson(await patch('application/strategic-merge-patch+json; charset=utf-8', { metadata: { annotations: { note: 'x' } } }))
    expect(strategic.metadata.annotations).toEqual({ note: 'x' })
    const failedTest = await patch('application/json-patch+json', [{ op: 'test', path: '/dockerImageReference', value: 'nope' }])
    expect(failedTest.status).toBe(422)
    const unsupported = await patch('text/plain', {})
    expect(unsupported.status).toBe(415)
    expect((await readJson(unsupported)).message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
    )
    const legacyApply = await call(`${legacy}/${digest(6)}`, { method: 'PATCH', headers: { 'content-type': 'application/apply-patch+yaml' }, body: '{}' })
    expect(legacyApply.status).toBe(415)
    const missing = await call(`${images}/missing`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: '{}' })
    expect(missing.status).toBe(404)
  })

  test('delete returns a Success Status with the uid (IMG-40); finalizers hold the object (K-21)', async () => {
    const created = await readJson(await post(images, image(digest(7))))
    const deleted = await call(`${images}/${digest(7)}`, { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: '{"propagationPolicy":"Background"}' })
    expect(deleted.status).toBe(200)
    expect(await readJson(deleted)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: digest(7), group: 'image.openshift.io', kind: 'images', uid: created.metadata.uid },
    })
    expect((await call(`${images}/${digest(7)}`)).status).toBe(404)

    const held = await readJson(await post(images, image(digest(8), { metadata: { name: digest(8), finalizers: ['example.com/hold'] } })))
    await h.emulator.clock.advance('90s')
    const marked = await readJson(await call(`${images}/${digest(8)}`, { method: 'DELETE' }))
    expect(marked.metadata.deletionTimestamp).toBe('2026-01-01T00:01:30Z')
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(0)
    const addFinalizer = await call(`${images}/${digest(8)}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { finalizers: ['example.com/hold', 'example.com/more'] } }),
    })
    expect(addFinalizer.status).toBe(422)
    const released = await call(`${images}/${digest(8)}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { finalizers: null } }),
    })
    expect(released.status).toBe(200)
    expect((await call(`${images}/${digest(8)}`)).status).toBe(404)
    expect(held.metadata.uid).toBeTruthy()
  })

  test('delete preconditions and dryRun (K-18, K-21)', async () => {
    const created = await readJson(await post(images, image(digest(9))))
    const wrongUid = await call(`${images}/${digest(9)}`, { method: 'DELETE', body: JSON.stringify({ preconditions: { uid: 'other' } }) })
    expect(wrongUid.status).toBe(409)
    expect((await readJson(wrongUid)).message).toBe(
      `Operation cannot be fulfilled on Image.image.openshift.io "${digest(9)}": the UID in the precondition (other) does not match the UID in record (${created.metadata.uid}). The object might have been deleted and then recreated`,
    )
    const dry = await call(`${images}/${digest(9)}?dryRun=All`, { method: 'DELETE' })
    expect(dry.status).toBe(200)
    expect((await call(`${images}/${digest(9)}`)).status).toBe(200)
    const dryCreate = await readJson(await post(images, image(digest(10)), '?dryRun=All'))
    expect(dryCreate.metadata.uid).toBeTruthy()
    expect(dryCreate.metadata.resourceVersion).toBeUndefined()
    expect((await call(`${images}/${digest(10)}`)).status).toBe(404)
    const badPolicy = await call(`${images}/${digest(9)}?propagationPolicy=Sideways`, { method: 'DELETE' })
    expect(badPolicy.status).toBe(422)
  })

  test('list: label and field selectors, items without kind, list resourceVersion (K-23, K-27)', async () => {
    await post(images, image(digest(11)))
    await post(images, { ...image(digest(12)), metadata: { name: digest(12), labels: { app: 'db' } } })
    const all = await readJson(await call(images))
    expect(all.kind).toBe('ImageList')
    expect(all.metadata.resourceVersion).toBe('2')
    expect(all.items.map((i: any) => i.metadata.name)).toEqual([digest(11), digest(12)])
    expect(all.items[0].kind).toBeUndefined()
    const web = await readJson(await call(`${images}?labelSelector=${encodeURIComponent('app in (web,api)')}`))
    expect(web.items.map((i: any) => i.metadata.name)).toEqual([digest(11)])
    const byName = await readJson(await call(`${images}?fieldSelector=metadata.name%3D${digest(12)}`))
    expect(byName.items).toHaveLength(1)
    const badField = await call(`${images}?fieldSelector=spec.foo%3Dbar`)
    expect(badField.status).toBe(400)
    expect((await readJson(badField)).message).toBe('"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"')
    const badLabel = await call(`${images}?labelSelector=a%20b`)
    expect(badLabel.status).toBe(400)
  })

  test('limit/continue pages over one snapshot; an expired token is 410 with a fresh one (K-26)', async () => {
    for (let i = 1; i <= 5; i++) await post(images, image(digest(100 + i)))
    const first = await readJson(await call(`${images}?limit=2`))
    expect(first.items).toHaveLength(2)
    expect(first.metadata.remainingItemCount).toBe(3)
    await post(images, image(digest(100)))
    await call(`${images}/${digest(101)}`, { method: 'DELETE' })
    const second = await readJson(await call(`${images}?limit=2&continue=${first.metadata.continue}`))
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion)
    expect(second.items.map((i: any) => i.metadata.name)).toEqual([digest(103), digest(104)])
    const third = await readJson(await call(`${images}?limit=2&continue=${second.metadata.continue}`))
    expect(third.items.map((i: any) => i.metadata.name)).toEqual([digest(105)])
    expect(third.metadata.continue).toBeUndefined()

    h.emulator.store.events.compact()
    const expired = await call(`${images}?limit=2&continue=${second.metadata.continue}`)
    expect(expired.status).toBe(410)
    const status = await readJson(expired)
    expect(status.reason).toBe('Expired')
    const resumed = await readJson(await call(`${images}?limit=2&continue=${status.metadata.continue}`))
    expect(resumed.items.map((i: any) => i.metadata.name)).toEqual([digest(105)])

    const forged = await call(`${images}?limit=2&continue=not-a-token!`)
    expect(forged.status).toBe(400)
    expect((await readJson(forged)).message).toMatch(/^invalid continue token/)
  })

  test('watch replays from a resourceVersion, in order, in both path forms (K-28, K-30)', async () => {
    const before = await readJson(await post(images, image(digest(19))))
    await readJson(await post(images, image(digest(20))))
    await call(`${images}/${digest(20)}`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: '{"metadata":{"labels":{"v":"2"}}}' })
    await call(`${images}/${digest(20)}`, { method: 'DELETE' })
    const replay = await call(`/apis/image.openshift.io/v1/watch/images?resourceVersion=${before.metadata.resourceVersion}&timeoutSeconds=5`)
    expect(replay.status).toBe(200)
    const events = await readEvents(replay, 3)
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED'])
    expect(events.map((e) => Number(e.object.metadata.resourceVersion))).toEqual([2, 3, 4])
    expect(events[0].object.kind).toBe('Image')
    expect(events[0].object.apiVersion).toBe('image.openshift.io/v1')
    // The /watch/<plural>/<name> form is a field selector on the name; RV unset starts with the current state.
    const named = await call(`/apis/image.openshift.io/v1/watch/images/${digest(19)}?timeoutSeconds=5`)
    const current = await readEvents(named, 1)
    expect(current.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([`ADDED ${digest(19)}`])
    const conflicting = await call(`/apis/image.openshift.io/v1/watch/images/${digest(19)}?fieldSelector=metadata.name%3Dother`)
    expect(conflicting.status).toBe(400)
  })

  test('a live watch sees writes made by other requests, and ends at timeoutSeconds of emulator time (K-34)', async () => {
    const response = await call(`${legacy}?watch=True&timeoutSeconds=30`)
    const watch = watchEvents(response)
    await post(images, image(digest(21)))
    await call(`${images}/${digest(21)}`, { method: 'DELETE' })
    const events = await watch.until(2)
    expect(events.map((e) => `${e.type} ${e.object.apiVersion}`)).toEqual(['ADDED v1', 'DELETED v1'])
    await h.emulator.clock.advance('30s')
    expect(await watch.ends()).toBe(true)
    await watch.stop()
  })

  test('watches of one write each get their own representation: path form, selector and Table (IMG-45, K-31, K-37)', async () => {
    await post(images, image(digest(30)))
    const open = (path: string, accept = 'application/json') => call(path, { headers: { accept } }).then(watchEvents)
    const current = await open(`${images}?watch=true&timeoutSeconds=60`)
    const again = await open(`${images}?watch=true&timeoutSeconds=60`)
    const old = await open(`${legacy}?watch=true&timeoutSeconds=60`)
    const web = await open(`${images}?watch=true&labelSelector=app%3Dweb&timeoutSeconds=60`)
    const table = await open(`${images}?watch=true&timeoutSeconds=60`, 'application/json;as=Table;v=v1;g=meta.k8s.io')
    for (const watch of [current, again, old, web, table]) await watch.until(1)
    await call(`${images}/${digest(30)}`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ metadata: { labels: { app: 'db' } } }) })
    const last = async (watch: Awaited<ReturnType<typeof open>>) => (await watch.until(2))[1]
    const [a, b, c, d, e] = await Promise.all([current, again, old, web, table].map(last))
    expect([a.type, a.object.apiVersion, a.object.metadata.labels]).toEqual(['MODIFIED', 'image.openshift.io/v1', { app: 'db' }])
    expect(b).toEqual(a)
    expect([c.type, c.object.apiVersion, c.object.metadata.resourceVersion]).toEqual(['MODIFIED', 'v1', a.object.metadata.resourceVersion])
    // Leaving the selection: DELETED with the last matching state, at the new resourceVersion.
    expect([d.type, d.object.metadata.labels, d.object.metadata.resourceVersion]).toEqual(['DELETED', { app: 'web' }, a.object.metadata.resourceVersion])
    expect([e.type, e.object.kind, Boolean(e.object.columnDefinitions), e.object.rows[0].cells[0]]).toEqual(['MODIFIED', 'Table', false, digest(30)])
    for (const watch of [current, again, old, web, table]) await watch.stop()
  })

  test('a watch from a compacted resourceVersion gets one ERROR 410 event and ends (K-30)', async () => {
    await post(images, image(digest(22)))
    await post(images, image(digest(23)))
    await post(images, image(digest(24)))
    h.emulator.store.events.compact(2)
    const response = await call(`${images}?watch=1&resourceVersion=1`)
    expect(response.status).toBe(200)
    const events = await readEvents(response, 5)
    expect(events).toEqual([
      { type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 1 (2)', reason: 'Expired', code: 410 } },
    ])
  })

  test('watch selectors: leaving the selection is DELETED, entering it is ADDED (K-31); bookmarks on request (K-33)', async () => {
    const watch = watchEvents(await call(`${images}?watch=true&labelSelector=app%3Dweb&allowWatchBookmarks=true&timeoutSeconds=600`))
    await post(images, image(digest(25)))
    const move = (app: string) =>
      call(`${images}/${digest(25)}`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ metadata: { labels: { app } } }) })
    await move('db')
    await move('web')
    const events = await watch.until(4)
    expect(events.map((e) => e.type)).toEqual(['BOOKMARK', 'ADDED', 'DELETED', 'ADDED'])
    expect(events[0].object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' })
    expect(events[2].object.metadata.labels).toEqual({ app: 'web' })
    expect(events[2].object.metadata.resourceVersion).toBe('2')
    await h.emulator.clock.advance('60s')
    const withBookmark = await watch.until(5)
    expect(withBookmark[4]).toEqual({ type: 'BOOKMARK', object: { kind: 'Image', apiVersion: 'image.openshift.io/v1', metadata: { resourceVersion: '3', creationTimestamp: null } } })
    await watch.stop()
  })

  test('deletecollection deletes what the selector picks and lists it (K-22)', async () => {
    await post(images, image(digest(30)))
    await post(images, { ...image(digest(31)), metadata: { name: digest(31), labels: { app: 'keep' } } })
    const response = await call(`${images}?labelSelector=app%3Dweb`, { method: 'DELETE' })
    expect(response.status).toBe(200)
    const body = await readJson(response)
    expect(body.kind).toBe('ImageList')
    expect(body.items.map((i: any) => i.metadata.name)).toEqual([digest(30)])
    const left = await readJson(await call(images))
    expect(left.items.map((i: any) => i.metadata.name)).toEqual([digest(31)])
  })

  test('negotiation: 406 for protobuf only, Table on request (K-35, IMG-51); 405 for a verb with no route', async () => {
    await post(images, image(digest(40)))
    const protobuf = await call(images, { headers: { accept: 'application/vnd.kubernetes.protobuf' } })
    expect(protobuf.status).toBe(406)
    const table = await readJson(await call(images, { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } }))
    expect(table.kind).toBe('Table')
    expect(table.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Image Reference'])
    expect(table.rows[0].cells).toEqual([digest(40), `registry.example.com/demo/web@${digest(40)}`])
    const put = await call(images, { method: 'PUT', body: '{}' })
    expect(put.status).toBe(405)
    const unknownResource = await call('/apis/image.openshift.io/v1/imagestreams')
    expect(unknownResource.status).toBe(404)
    expect((await readJson(unknownResource)).message).toBe('the server could not find the requested resource')
  })
})
