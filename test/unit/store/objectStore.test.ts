// The store of record (K-6): every write replaces one record in its kind's @msw/data collection, and every read,
// list and snapshot answers from those records, whatever order the writes came in.
import { describe, expect, test } from 'vitest'
import { createObjectStore, type WriteOp } from '../../../src/store/objectStore.ts'

function newStore() {
  const store = createObjectStore({ eventLogCapacity: 100 })
  store.defineKind('things', {
    stamp: (object, resourceVersion) => void (object.rv = resourceVersion),
    labels: (object) => object.labels as Record<string, string> | undefined,
  })
  const write = (op: WriteOp) => store.commit(() => ({ kind: 'things', op }))
  return { store, write }
}

describe('object store', () => {
  test('reads, keys and counts follow creates, updates and deletes; keys stay in byte order', async () => {
    const { store, write } = newStore()
    for (const key of ['b', 'a', 'Z', 'a-1', 'c']) await write({ type: 'create', key, object: { name: key, labels: { app: key } } })
    await write({ type: 'update', key: 'a', object: { name: 'a', labels: { app: 'changed' } } })
    await write({ type: 'delete', key: 'c' })
    expect(store.keys('things')).toEqual(['Z', 'a', 'a-1', 'b'])
    expect(store.count('things')).toBe(4)
    expect(store.get('things', 'a')).toEqual({ name: 'a', labels: { app: 'changed' }, rv: 6 })
    expect(store.labelsOf('things', 'a')).toEqual({ app: 'changed' })
    expect(store.has('things', 'c')).toBe(false)
    expect(store.get('things', 'c')).toBeUndefined()
    expect(store.resourceVersion()).toBe(7)
  })

  test('a read hands out a copy: changing it does not change the store', async () => {
    const { store, write } = newStore()
    await write({ type: 'create', key: 'a', object: { name: 'a', spec: { size: 1 } } })
    const read = store.get('things', 'a') as { spec: { size: number } }
    read.spec.size = 2
    expect(store.get('things', 'a')).toEqual({ name: 'a', spec: { size: 1 }, rv: 1 })
  })

  test('an update that changes nothing takes no resourceVersion and emits no event (K-6)', async () => {
    const { store, write } = newStore()
    const seen: string[] = []
    store.subscribe((event) => seen.push(`${event.type} ${event.key}@${event.resourceVersion}`))
    await write({ type: 'create', key: 'a', object: { x: 1, y: 2 } })
    const { commit } = await write({ type: 'update', key: 'a', object: { y: 2, x: 1 } })
    expect(commit.event).toBeUndefined()
    expect(store.resourceVersion()).toBe(1)
    await write({ type: 'update', key: 'a', object: { x: 1, y: 3 } })
    await write({ type: 'delete', key: 'a' })
    expect(seen).toEqual(['ADDED a@1', 'MODIFIED a@2', 'DELETED a@3'])
  })

  test('a snapshot restores the same objects, order and resourceVersion; clear empties every kind', async () => {
    const { store, write } = newStore()
    for (let i = 0; i < 50; i++) await write({ type: 'create', key: `k${(i * 37) % 50}`, object: { i, labels: { n: String(i % 3) } } })
    const snapshot = store.snapshot()
    store.clear()
    expect(store.keys('things')).toEqual([])
    expect(store.count('things')).toBe(0)
    expect(store.resourceVersion()).toBe(0)
    await store.restore(snapshot)
    expect(store.snapshot()).toEqual(snapshot)
    expect(store.count('things')).toBe(50)
    expect(store.labelsOf('things', 'k37')).toEqual({ n: '1' })
    await write({ type: 'create', key: 'new', object: {} })
    expect(store.resourceVersion()).toBe(51)
  })
})

test('a write the record schema refuses changes nothing: the stored object, its version and the log stay', async () => {
  const { store, write } = newStore()
  await write({ type: 'create', key: 'a', object: { labels: { app: 'a' } } })
  const before = store.snapshot()
  await expect(write({ type: 'update', key: 'a', object: { labels: { app: 1 } } })).rejects.toThrow()
  await expect(write({ type: 'create', key: 'b', object: { labels: { app: null } } })).rejects.toThrow()
  expect(store.snapshot()).toEqual(before)
  expect(store.events.size()).toBe(1)
  await write({ type: 'update', key: 'a', object: { labels: { app: 'b' } } })
  expect(store.get('things', 'a')).toEqual({ labels: { app: 'b' }, rv: 2 })
})

test('rollback returns to a checkpoint: records, versions and history; a kind nobody wrote keeps its records', async () => {
  const { store, write } = newStore()
  store.defineKind('others')
  for (const key of ['a', 'b']) await write({ type: 'create', key, object: { name: key, labels: { app: key } } })
  await store.commit(() => ({ kind: 'others', op: { type: 'create', key: 'x', object: { name: 'x' } } }))
  const checkpoint = store.checkpoint()
  const before = { things: store.snapshot(), events: store.events.since('things', 0) }

  await write({ type: 'update', key: 'a', object: { name: 'a', labels: { app: 'changed' } } })
  await write({ type: 'delete', key: 'b' })
  await write({ type: 'create', key: 'c', object: { name: 'c' } })
  const untouched = store.get('others', 'x')
  await store.rollback(checkpoint)

  expect(store.snapshot()).toEqual(before.things)
  expect(store.events.since('things', 0)).toEqual(before.events)
  expect(store.labelsOf('things', 'a')).toEqual({ app: 'a' })
  expect(store.keys('things')).toEqual(['a', 'b'])
  expect(store.get('others', 'x')).toEqual(untouched)
  // The next write takes the version after the checkpoint's, as it did the first time.
  await write({ type: 'create', key: 'd', object: { name: 'd' } })
  expect(store.get('things', 'd')).toEqual({ name: 'd', rv: 4 })
  // And a second rollback after it still returns to the checkpoint.
  await store.rollback(checkpoint)
  expect(store.snapshot()).toEqual(before.things)
})

test('rollback after clear() brings the checkpoint back, and empties a kind defined after it', async () => {
  const { store, write } = newStore()
  await write({ type: 'create', key: 'a', object: { name: 'a' } })
  const checkpoint = store.checkpoint()
  store.clear()
  store.defineKind('later')
  await store.commit(() => ({ kind: 'later', op: { type: 'create', key: 'y', object: { name: 'y' } } }))
  await store.rollback(checkpoint)
  expect(store.get('things', 'a')).toEqual({ name: 'a', rv: 1 })
  expect(store.count('later')).toBe(0)
  expect(store.resourceVersion()).toBe(1)
})
