// resourceVersion semantics of list and watch (K-24, K-26, K-30, K-33), dry runs on every write
// (K-18), snapshots, fixtures and watch clean-up, through real HTTP.
import { describe, expect, test } from 'vitest'
import { readEvents, readJson, transports, useEmulator, watchEvents } from '../support/transports.ts'

const images = '/apis/image.openshift.io/v1/images'
const json = { 'content-type': 'application/json' }
const name = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`

describe.each(transports)('list and watch semantics over %s', (transport) => {
  const h = useEmulator(transport)
  const call = (path: string, init: RequestInit = {}) => fetch(`${h.base}${path}`, init)
  const create = async (n: number, labels: Record<string, string> = {}) =>
    readJson(await call(images, { method: 'POST', headers: json, body: JSON.stringify({ metadata: { name: name(n), labels }, dockerImageReference: `quay.io/a/b:${n}` }) }))
  const names = (list: any) => list.items.map((i: any) => i.metadata.name)

  test('resourceVersion=0 serves the latest state and ignores limit (K-24)', async () => {
    for (let i = 1; i <= 3; i++) await create(i)
    const list = await readJson(await call(`${images}?resourceVersion=0&limit=1`))
    expect(names(list)).toEqual([name(1), name(2), name(3)])
    expect(list.metadata.continue).toBeUndefined()
  })

  test('resourceVersion=N with limit lists the state at N from history; compacted → 410 (K-24)', async () => {
    await create(1)
    const two = await create(2)
    await call(`${images}/${name(1)}`, { method: 'DELETE' })
    await create(3)
    const past = await readJson(await call(`${images}?resourceVersion=${two.metadata.resourceVersion}&limit=10`))
    expect(names(past)).toEqual([name(1), name(2)])
    expect(past.metadata.resourceVersion).toBe(two.metadata.resourceVersion)
    const exact = await readJson(await call(`${images}?resourceVersion=${two.metadata.resourceVersion}&resourceVersionMatch=Exact`))
    expect(names(exact)).toEqual([name(1), name(2)])
    const notOlder = await readJson(await call(`${images}?resourceVersion=${two.metadata.resourceVersion}&resourceVersionMatch=NotOlderThan`))
    expect(names(notOlder)).toEqual([name(2), name(3)])
    h.emulator.store.events.compact()
    const gone = await call(`${images}?resourceVersion=${two.metadata.resourceVersion}&limit=10`)
    expect(gone.status).toBe(410)
    expect((await readJson(gone)).message).toBe('The resourceVersion for the provided list is too old.')
  })

  test('continue with an explicit resourceVersion is refused (K-26)', async () => {
    for (let i = 1; i <= 3; i++) await create(i)
    const first = await readJson(await call(`${images}?limit=1`))
    const response = await call(`${images}?limit=1&resourceVersion=1&continue=${first.metadata.continue}`)
    expect(response.status).toBe(400)
    expect((await readJson(response)).message).toBe('specifying resource version is not allowed when using continue')
  })

  test('a selector page can be empty but still continue; remainingItemCount only without selectors (K-26)', async () => {
    await create(1, { app: 'web' })
    await create(2, { app: 'db' })
    await create(3, { app: 'db' })
    const first = await readJson(await call(`${images}?limit=1&labelSelector=app%3Dweb`))
    expect(names(first)).toEqual([name(1)])
    expect(first.metadata.remainingItemCount).toBeUndefined()
    expect(first.metadata.continue).toBeTruthy()
    const rest = await readJson(await call(`${images}?limit=1&labelSelector=app%3Dweb&continue=${first.metadata.continue}`))
    expect(rest.items).toEqual([])
    expect(rest.metadata.continue).toBeUndefined()
  })

  test('sendInitialEvents=true sends the state, then the annotated bookmark, then changes (K-33)', async () => {
    await create(1)
    const response = await call(`${images}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&resourceVersion=&allowWatchBookmarks=true&timeoutSeconds=60`)
    const watch = watchEvents(response)
    await watch.until(2)
    await create(2)
    const events = await watch.until(3)
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK', 'ADDED'])
    expect(events[1].object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' })
    await watch.stop()
    const invalid = await call(`${images}?watch=true&sendInitialEvents=true`)
    expect(invalid.status).toBe(422)
  })

  test('a Table watch sends one-row tables, the first with column definitions (K-37)', async () => {
    const response = await call(`${images}?watch=true&timeoutSeconds=60`, { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } })
    const watch = watchEvents(response)
    await create(1)
    await create(2)
    const events = await watch.until(2)
    expect(events[0].object.kind).toBe('Table')
    expect(events[0].object.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Image Reference'])
    expect(events[1].object.columnDefinitions).toBeUndefined()
    expect(events[1].object.rows[0].cells[0]).toBe(name(2))
    await watch.stop()
  })

  test('dryRun=All on update and patch answers as the write would and changes nothing (K-18)', async () => {
    const created = await create(1)
    const put = await call(`${images}/${name(1)}?dryRun=All`, { method: 'PUT', headers: json, body: JSON.stringify({ ...created, dockerImageReference: 'quay.io/a/b:dry' }) })
    expect(put.status).toBe(200)
    expect((await readJson(put)).dockerImageReference).toBe('quay.io/a/b:dry')
    const patch = await call(`${images}/${name(1)}?dryRun=All`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: '{"metadata":{"labels":{"x":"y"}}}' })
    expect((await readJson(patch)).metadata.labels).toEqual({ x: 'y' })
    const stored = await readJson(await call(`${images}/${name(1)}`))
    expect(stored.dockerImageReference).toBe('quay.io/a/b:1')
    expect(stored.metadata.labels).toBeUndefined()
    expect(stored.metadata.resourceVersion).toBe(created.metadata.resourceVersion)
  })

  test('snapshot() and restore() bring back the stored objects', async () => {
    await create(1)
    const saved = h.emulator.snapshot()
    await create(2)
    await call(`${images}/${name(1)}`, { method: 'DELETE' })
    await h.emulator.restore(saved)
    expect(names(await readJson(await call(images)))).toEqual([name(1)])
  })

  test('fixtures load by name with their uids and timestamps (openshift.md §13)', async () => {
    await h.emulator.loadFixtures(['openshift-images'])
    const list = await readJson(await call(images))
    expect(list.items).toHaveLength(3)
    const first = list.items.find((i: any) => i.metadata.name.startsWith('sha256:1268'))
    expect(first.metadata.uid).toBe('3f0c9a52-6a1e-4f4b-9d6e-0c2b7e5d8a11')
    expect(first.metadata.creationTimestamp).toBe('2025-11-04T09:13:02Z')
    expect(first.dockerImageLayers).toHaveLength(3)
    // The same objects through the typed administrator access.
    expect(h.emulator.openshift.images.list().map((i) => i.metadata.name)).toEqual(list.items.map((i: any) => i.metadata.name))
    expect(h.emulator.openshift.images.get(first.metadata.name)?.metadata.uid).toBe(first.metadata.uid)
  })

  test('a watch the client abandons is forgotten by the server', async () => {
    const before = h.emulator.kube.hub.watches().length
    const response = await call(`${images}?watch=true&timeoutSeconds=600`)
    const events = readEvents(response, 1)
    await create(1)
    await events
    // readEvents cancels the body once it has what it wants; the hub must let go of the watch.
    const deadline = Date.now() + 5000
    while (h.emulator.kube.hub.watches().length > before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    expect(h.emulator.kube.hub.watches().length).toBe(before)
  })
})
