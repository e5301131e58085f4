// A bounded history of writes, the emulator's stand-in for etcd's revision history and the watch
// cache: watches resume from it (K-30), consistent list pages and `resourceVersionMatch=Exact`
// lists are rebuilt from it (K-24, K-26). When it is full the oldest entries are compacted away,
// and anything that needs them answers 410 Expired, as the real apiserver does.

import { partitionPoint } from '../order/partitionPoint.ts'

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED'

export interface StoredEvent {
  type: EventType
  kind: string
  key: string
  resourceVersion: number
  /** The object after the write (for DELETED, its last state). */
  json: string
  /** The object before the write; absent for ADDED. */
  previousJson: string | undefined
}

export interface EventLog {
  append(event: StoredEvent): void
  /**
   * Events of `kind` with resourceVersion > `after`, oldest first; undefined when history no
   * longer reaches back that far (the caller answers 410).
   */
  since(kind: string, after: number): StoredEvent[] | undefined
  /** The highest resourceVersion no longer in history: anything at or below it is compacted. */
  compactedThrough(): number
  /** Drops every event up to and including `resourceVersion` (all, when omitted). */
  compact(resourceVersion?: number): void
  /**
   * The key → JSON state of `kind` at `resourceVersion`, rolled back from `current`; undefined
   * when the history needed was compacted.
   */
  stateAt(kind: string, resourceVersion: number, current: Map<string, string>): Map<string, string> | undefined
  setCapacity(capacity: number): void
  size(): number
  reset(resourceVersion: number): void
  /** The retained history as it stands, for load(). Events are never changed, so it shares them. */
  save(): EventLogState
  load(state: EventLogState): void
}

export interface EventLogState {
  readonly events: readonly StoredEvent[]
  readonly compacted: number
  readonly latest: number
}

/** What a slot before `head` holds once its event is dropped (never read: reads start at `head`). */
const dropped = undefined as unknown as StoredEvent

export function createEventLog(initialCapacity: number): EventLog {
  let capacity = initialCapacity
  // The retained events are entries[head..]; trimming moves head, and the array is copied only when
  // half of it is dropped, so a full log costs O(1) per write instead of a copy of the whole history.
  let entries: StoredEvent[] = []
  let head = 0
  let compacted = 0
  let latest = 0

  function dropThrough(index: number) {
    // Drops entries[head..index).
    if (index <= head) return
    compacted = Math.max(compacted, entries[index - 1]!.resourceVersion)
    // Dropped events (each with up to two documents) are released now, not when the array is next copied.
    for (let i = head; i < index; i++) entries[i] = dropped
    head = index
    if (head > 1024 && head * 2 > entries.length) {
      entries = entries.slice(head)
      head = 0
    }
  }

  function trim() {
    const size = entries.length - head
    if (size > capacity) dropThrough(head + (size - capacity))
  }

  /** The index of the first retained event with resourceVersion > after. */
  const firstAfter = (after: number): number => partitionPoint(entries, (event) => event.resourceVersion <= after, head)

  return {
    append(event) {
      entries.push(event)
      latest = event.resourceVersion
      trim()
    },
    since(kind, after) {
      if (after < compacted) return undefined
      const out: StoredEvent[] = []
      for (let i = firstAfter(after); i < entries.length; i++) if (entries[i]!.kind === kind) out.push(entries[i]!)
      return out
    },
    compactedThrough: () => compacted,
    compact(resourceVersion = latest) {
      dropThrough(firstAfter(resourceVersion))
      compacted = Math.max(compacted, resourceVersion)
    },
    stateAt(kind, resourceVersion, current) {
      if (resourceVersion < compacted) return undefined
      const start = firstAfter(resourceVersion)
      if (start === entries.length) return current
      const state = new Map(current)
      for (let i = entries.length - 1; i >= start; i--) {
        const event = entries[i]!
        if (event.kind !== kind) continue
        if (event.type === 'ADDED') state.delete(event.key)
        else state.set(event.key, event.previousJson!)
      }
      return state
    },
    setCapacity(next) {
      capacity = Math.max(1, next)
      trim()
    },
    size: () => entries.length - head,
    reset(resourceVersion) {
      entries = []
      head = 0
      compacted = resourceVersion
      latest = resourceVersion
    },
    save: () => ({ events: entries.slice(head), compacted, latest }),
    load(state) {
      entries = [...state.events]
      head = 0
      compacted = state.compacted
      latest = state.latest
      trim()
    },
  }
}
