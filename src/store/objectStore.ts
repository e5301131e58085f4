// The emulator's one store. Each kind of object is an @msw/data collection of records keyed by the object's
// key (name for cluster-scoped Kubernetes kinds, id for Glance), and the collection is the store of record:
// every read, list and snapshot is answered from its records, found through the index it keeps of them
// (keyIndex.ts). Records hold the object as JSON text, so every read hands out a fresh copy.
//
// A stored record is never changed in place: a write replaces it (delete + create), the way a revision
// replaces the one before it in etcd. @msw/data's update() would do the same work through a draft, a
// second scan of the collection and a deep copy of the record; see docs/performance.md (The store) for the figures.
//
// Every write goes through commit(): one queue, so read-check-write sequences never interleave; it
// bumps the single resourceVersion counter (etcd's revision is global, K-6), appends to the bounded
// event log and tells the listeners (the watch hub, lifecycles). Nothing else writes.
import { Collection } from '@msw/data'
import { createEventLog, type EventLog, type EventLogState, type StoredEvent, type EventType } from './eventLog.ts'
import { createKeyIndex, type KeyIndex } from './keyIndex.ts'
import { storedRecordSchema, type StoredRecord } from './storedRecord.ts'
import { jsonEqual } from '../jsonEqual.ts'

export interface KindOptions {
  /** Writes the new resourceVersion into the object before it is stored (Kubernetes metadata). */
  stamp?(object: Record<string, unknown>, resourceVersion: number): void
  /** The labels column, for selector scans without parsing documents. */
  labels?(object: Record<string, unknown>): Record<string, string> | undefined
}

export type WriteOp =
  | { type: 'create'; key: string; object: Record<string, unknown> }
  | { type: 'update'; key: string; object: Record<string, unknown> }
  | { type: 'delete'; key: string }

export interface CommitResult {
  event: StoredEvent | undefined
  /** The stored object after the write (the last state for a delete). */
  object: Record<string, unknown> | undefined
}

export type StoreListener = (event: StoredEvent) => void

export interface StoreSnapshot {
  resourceVersion: number
  kinds: Record<string, Array<[string, string]>>
}

/**
 * The store as it stood, records and history, for rollback(): what reset() returns to after the
 * configured fixtures were loaded once, instead of loading them again.
 */
export interface StoreCheckpoint {
  readonly resourceVersion: number
  readonly events: EventLogState
  readonly kinds: ReadonlyMap<string, KindCheckpoint>
}

interface KindCheckpoint {
  records: readonly StoredRecord[]
  /** The table that holds exactly these records while its write count stays as it was. */
  table: object
  writes: number
}

export interface ObjectStore {
  defineKind(kind: string, options?: KindOptions): void
  /** The counter: the resourceVersion of the latest write. */
  resourceVersion(): number
  get(kind: string, key: string): Record<string, unknown> | undefined
  /** The stored JSON text, for callers that copy it themselves. */
  getJson(kind: string, key: string): string | undefined
  has(kind: string, key: string): boolean
  /** Keys in bytewise ascending order (kube's storage order for cluster-scoped kinds). */
  keys(kind: string): readonly string[]
  labelsOf(kind: string, key: string): Readonly<Record<string, string>> | undefined
  count(kind: string): number
  /**
   * Runs `decide` with exclusive access and applies what it returns. `decide` reads the store
   * synchronously and returns the write (or nothing); the write then lands before any other.
   */
  commit<T>(decide: () => { op?: WriteOp; kind: string; result?: T } | undefined): Promise<{ commit: CommitResult; result: T | undefined }>
  subscribe(listener: StoreListener): () => void
  events: EventLog
  snapshot(): StoreSnapshot
  restore(snapshot: StoreSnapshot): Promise<void>
  checkpoint(): StoreCheckpoint
  /**
   * Back to the checkpoint: records, resourceVersion counter and event history. A kind nobody wrote
   * since is kept as it is; the others get their records back. Runs in turn with the writes.
   */
  rollback(checkpoint: StoreCheckpoint): Promise<void>
  clear(): void
}

type StoredCollection = Collection<typeof storedRecordSchema>
/** A record as the collection holds it (with the collection's own primary-key symbol). */
type CollectionRecord = ReturnType<StoredCollection['all']>[number]

interface KindTable {
  /** The store of record for the kind. */
  collection: StoredCollection
  /** The collection's own index of its records. */
  index: KeyIndex<CollectionRecord>
  options: KindOptions
  /** Writes applied to this table: a checkpoint's records still stand while it is unchanged. */
  writes: number
}

function createKindTable(options: KindOptions): KindTable {
  const index = createKeyIndex<CollectionRecord>()
  return { collection: new Collection({ schema: storedRecordSchema, extensions: [index.extension] }), index, options, writes: 0 }
}

export function createObjectStore(options: { eventLogCapacity?: number } = {}): ObjectStore {
  const kinds = new Map<string, KindTable>()
  const listeners = new Set<StoreListener>()
  const events = createEventLog(options.eventLogCapacity ?? 10_000)
  let counter = 0
  let queue: Promise<unknown> = Promise.resolve()

  const table = (kind: string): KindTable => {
    const found = kinds.get(kind)
    if (!found) throw new Error(`unknown kind ${kind}`)
    return found
  }

  const parse = (record: StoredRecord | undefined) =>
    record ? (JSON.parse(record.json) as Record<string, unknown>) : undefined

  async function apply(kind: string, op: WriteOp): Promise<CommitResult> {
    const t = table(kind)
    const existing = t.index.get(op.key)
    const resourceVersion = counter + 1
    let type: EventType
    let json: string | undefined
    if (op.type === 'delete') {
      if (!existing) return { event: undefined, object: undefined }
      t.collection.delete(existing)
      type = 'DELETED'
    } else {
      // A copy through JSON: what is stored is this JSON anyway, and V8 copies plain data this way in about
      // half the time structuredClone takes.
      const object = JSON.parse(JSON.stringify(op.object)) as Record<string, unknown>
      // K-6: a write that changes nothing takes no resourceVersion and emits no event.
      if (op.type === 'update' && existing) {
        t.options.stamp?.(object, existing.resourceVersion)
        // A client may send keys in any order: equality ignores member order.
        if (jsonEqual(object, JSON.parse(existing.json))) return { event: undefined, object: parse(existing) }
      }
      t.options.stamp?.(object, resourceVersion)
      json = JSON.stringify(object)
      const labels = { ...(t.options.labels?.(object) ?? {}) }
      if (existing) t.collection.delete(existing)
      try {
        await t.collection.create({ key: op.key, resourceVersion, labels, json })
      } catch (error) {
        // A record the schema refuses (labels that are not strings) leaves the stored one in place.
        if (existing) await t.collection.create({ key: existing.key, resourceVersion: existing.resourceVersion, labels: existing.labels, json: existing.json })
        throw error
      }
      type = existing ? 'MODIFIED' : 'ADDED'
    }
    counter = resourceVersion
    t.writes++
    const event: StoredEvent = {
      type,
      kind,
      key: op.key,
      resourceVersion,
      json: json ?? existing!.json,
      previousJson: existing?.json,
    }
    events.append(event)
    for (const listener of listeners) listener(event)
    return { event, object: JSON.parse(event.json) as Record<string, unknown> }
  }

  const store: ObjectStore = {
    defineKind(kind, kindOptions = {}) {
      if (kinds.has(kind)) return
      kinds.set(kind, createKindTable(kindOptions))
    },
    resourceVersion: () => counter,
    get: (kind, key) => parse(table(kind).index.get(key)),
    getJson: (kind, key) => table(kind).index.get(key)?.json,
    has: (kind, key) => table(kind).index.get(key) !== undefined,
    keys: (kind) => table(kind).index.keys(),
    labelsOf: (kind, key) => table(kind).index.get(key)?.labels,
    count: (kind) => table(kind).collection.count(),
    commit(decide) {
      const run = queue.then(async () => {
        const decision = decide()
        if (!decision?.op) return { commit: { event: undefined, object: undefined }, result: decision?.result }
        const commit = await apply(decision.kind, decision.op)
        return { commit, result: decision.result }
      })
      queue = run.catch(() => undefined)
      return run
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    events,
    snapshot() {
      const out: StoreSnapshot = { resourceVersion: counter, kinds: {} }
      for (const [kind, t] of kinds) out.kinds[kind] = t.index.keys().map((k) => [k, t.index.get(k)!.json])
      return out
    },
    async restore(snapshot) {
      store.clear()
      for (const [kind, entries] of Object.entries(snapshot.kinds)) {
        const t = table(kind)
        for (const [key, json] of entries) {
          await t.collection.create({
            key,
            resourceVersion: snapshot.resourceVersion,
            labels: { ...(t.options.labels?.(JSON.parse(json)) ?? {}) },
            json,
          })
        }
      }
      counter = snapshot.resourceVersion
      events.reset(counter)
    },
    checkpoint() {
      const saved = new Map<string, KindCheckpoint>()
      for (const [kind, t] of kinds) {
        const records = t.collection.all().map(({ key, resourceVersion, labels, json }) => ({ key, resourceVersion, labels: { ...labels }, json }))
        saved.set(kind, { records, table: t, writes: t.writes })
      }
      return { resourceVersion: counter, events: events.save(), kinds: saved }
    },
    rollback(checkpoint) {
      const run = queue.then(async () => {
        for (const [kind, t] of kinds) {
          const saved = checkpoint.kinds.get(kind) as KindCheckpoint | undefined
          if (saved ? saved.table === t && saved.writes === t.writes : t.collection.count() === 0) continue
          const fresh = createKindTable(t.options)
          kinds.set(kind, fresh)
          for (const record of saved?.records ?? []) await fresh.collection.create({ ...record, labels: { ...record.labels } })
          // The fresh table holds the checkpoint's records now: the next rollback can keep it while nobody writes.
          if (saved) Object.assign(saved, { table: fresh, writes: 0 })
        }
        counter = checkpoint.resourceVersion
        events.load(checkpoint.events)
      })
      queue = run.catch(() => undefined)
      return run
    },
    clear() {
      // A fresh collection per kind: dropping the old one is O(1), where deleting record by record would scan
      // the collection once per record.
      for (const [kind, t] of kinds) kinds.set(kind, createKindTable(t.options))
      counter = 0
      events.reset(0)
    },
  }
  return store
}
