// The emulator's one store. Each kind of object is an @msw/data collection keyed by the object's key
// (name for cluster-scoped Kubernetes kinds, id for Glance). Records keep the columns the emulator
// queries by and the object itself as a JSON document, so every read hands out a fresh copy and no
// caller can change the store by accident.
//
// Every write goes through commit(): one queue, so read-check-write sequences never interleave; it
// bumps the single resourceVersion counter (etcd's revision is global, K-6), appends to the bounded
// event log and tells the listeners (the watch hub, lifecycles). Nothing else writes.
import { Collection } from '@msw/data'
import { z } from 'zod'
import { createEventLog, type EventLog, type StoredEvent, type EventType } from './eventLog.ts'
import { jsonEqual } from '../jsonEqual.ts'

const recordSchema = z.object({
  key: z.string(),
  resourceVersion: z.number(),
  labels: z.record(z.string(), z.string()),
  json: z.string(),
})
type RecordCollection = Collection<typeof recordSchema>
/** A record as the collection hands it back (with its primary-key symbol). */
type StoredRecord = Awaited<ReturnType<RecordCollection['create']>>

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
  clear(): void
}

function byteCompare(a: string, b: string): number {
  // Storage keys compare bytewise (UTF-8); for the ASCII names Kubernetes allows this is code-unit order.
  return a < b ? -1 : a > b ? 1 : 0
}

/** The index of the first key not less than `key` (binary search over bytewise-sorted keys). */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0
  let hi = keys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (byteCompare(keys[mid]!, key) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

function insertSorted(keys: string[], key: string) {
  keys.splice(lowerBound(keys, key), 0, key)
}

function removeSorted(keys: string[], key: string) {
  const at = lowerBound(keys, key)
  if (keys[at] === key) keys.splice(at, 1)
}

interface KindTable {
  collection: RecordCollection
  /** key → record: O(1) reads; the collection stays the store of record. */
  index: Map<string, StoredRecord>
  sortedKeys: string[]
  options: KindOptions
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
      t.index.delete(op.key)
      removeSorted(t.sortedKeys, op.key)
      type = 'DELETED'
    } else {
      const object = structuredClone(op.object)
      // K-6: a write that changes nothing takes no resourceVersion and emits no event.
      if (op.type === 'update' && existing) {
        t.options.stamp?.(object, Number(existing.resourceVersion))
        // A client may send keys in any order: equality ignores member order.
        if (jsonEqual(object, JSON.parse(existing.json))) return { event: undefined, object: parse(existing) }
      }
      t.options.stamp?.(object, resourceVersion)
      json = JSON.stringify(object)
      const labels = { ...(t.options.labels?.(object) ?? {}) }
      if (existing) {
        const next = await t.collection.update(existing, {
          data(draft) {
            draft.resourceVersion = resourceVersion
            draft.labels = labels
            draft.json = json!
          },
        })
        t.index.set(op.key, next!)
        type = 'MODIFIED'
      } else {
        const created = await t.collection.create({ key: op.key, resourceVersion, labels, json })
        t.index.set(op.key, created)
        insertSorted(t.sortedKeys, op.key)
        type = 'ADDED'
      }
    }
    counter = resourceVersion
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
      kinds.set(kind, {
        collection: new Collection({ schema: recordSchema }),
        index: new Map(),
        sortedKeys: [],
        options: kindOptions,
      })
    },
    resourceVersion: () => counter,
    get: (kind, key) => parse(table(kind).index.get(key)),
    getJson: (kind, key) => table(kind).index.get(key)?.json,
    has: (kind, key) => table(kind).index.has(key),
    keys: (kind) => table(kind).sortedKeys,
    labelsOf: (kind, key) => table(kind).index.get(key)?.labels,
    count: (kind) => table(kind).index.size,
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
      for (const [kind, t] of kinds) out.kinds[kind] = t.sortedKeys.map((k) => [k, t.index.get(k)!.json])
      return out
    },
    async restore(snapshot) {
      store.clear()
      for (const [kind, entries] of Object.entries(snapshot.kinds)) {
        const t = table(kind)
        for (const [key, json] of entries) {
          const record = await t.collection.create({
            key,
            resourceVersion: snapshot.resourceVersion,
            labels: { ...(t.options.labels?.(JSON.parse(json)) ?? {}) },
            json,
          })
          t.index.set(key, record)
          t.sortedKeys.push(key)
        }
      }
      counter = snapshot.resourceVersion
      events.reset(counter)
    },
    clear() {
      for (const t of kinds.values()) {
        t.collection.clear()
        t.index.clear()
        t.sortedKeys.length = 0
      }
      counter = 0
      events.reset(0)
    },
  }
  return store
}
