// The one lifecycle driver: runs a stage table (stage.ts) over the objects of one kind on the emulator
// clock. The stateful side is kept thin: after every write it asks the table which row each changed
// object is due for and keeps one clock timer at the earliest due time; when that fires it applies,
// one write at a time, every row due by then — by due time, then table row, then key (CCI-47) —
// re-reading and re-checking each object inside its write, since a request may have changed it.
//
// A hold is a one-off row for one object (a scenario's forced transition): until it fires, only the
// table rows it keeps run for that object. `settle` fires what is already due for one object inside
// the caller's flow (a service whose request answers only once its object moved on).
import type { Clock } from '../clock.ts'
import { nextStage, type Stage, type StageResult } from './stage.ts'

/** How the driver reads and writes the objects of its kind. Objects handed out are copies. */
export interface LifecycleSubject<O> {
  /** Keys of every object a row may apply to (for resync after a reset, restore or fixture load). */
  keys(): string[]
  get(key: string): O | undefined
  /**
   * One write through the kind's single write path: reads the object, calls `decide` exactly once,
   * synchronously, with a copy (not at all when the object is gone), then writes what it returns
   * (undefined: nothing; 'delete': removes the object). Resolves once watchers have been notified.
   */
  update(key: string, decide: (current: O) => StageResult<O>): Promise<void>
  /** Calls `listener(key)` after every committed write of an object of the kind. Returns the unsubscribe. */
  onChange(listener: (key: string) => void): () => void
}

export interface LifecycleDriverOptions<O, S, C> {
  clock: Clock
  stages: readonly Stage<O, S, C>[]
  subject: LifecycleSubject<O>
  /** The settings of one object (per-emulator options with its per-object overrides applied). */
  settings(key: string): S
  /** What a row's `next` gets besides the object, at virtual time `now`. */
  context(now: number): C
}

export interface StageHold<O, C> {
  /** What `pending()` calls it. */
  name: string
  at: number
  /** The table row it ranks as when due at the same instant as others. */
  rankAs: string
  /** Table rows that keep running for the object while the hold is pending (e.g. a deletion finishing). */
  keeps: readonly string[]
  next(object: O, context: C): StageResult<O>
}

export interface PendingStage {
  key: string
  /** The row's name, or the hold's. */
  name: string
  at: number
}

export interface LifecycleDriver<O, C> {
  /** Recomputes every object's next row from the subject (after reset, restore, fixture loading, new settings). */
  resync(): void
  /** Places a hold on `key` (which may not exist yet). Returns a function that lifts it if still pending. */
  hold(key: string, hold: StageHold<O, C>): () => void
  /** Applies `next` to the object now; false when the object is missing or `next` wrote nothing. */
  apply(key: string, next: (object: O, context: C) => StageResult<O>): Promise<boolean>
  /** Fires, now, every row already due for `key`. */
  settle(key: string): Promise<void>
  /** What will fire next, earliest first, then by row and key. */
  pending(): PendingStage[]
  dispose(): void
}

interface Entry {
  at: number
  name: string
  rank: number
  held: boolean
}

export function createLifecycleDriver<O, S, C>(options: LifecycleDriverOptions<O, S, C>): LifecycleDriver<O, C> {
  const { clock, stages, subject } = options
  const rankOf = (name: string) => stages.findIndex((stage) => stage.name === name)
  const due = new Map<string, Entry>()
  const holds = new Map<string, StageHold<O, C> & { token: object }>()
  let timer: { id: number; at: number } | undefined
  let firing = false

  const rowsFor = (key: string) => {
    const held = holds.get(key)
    return held ? (stage: Stage<O, S, C>) => held.keeps.includes(stage.name) : undefined
  }

  function entryFor(key: string): Entry | undefined {
    const object = subject.get(key)
    const natural = object === undefined ? undefined : nextStage(stages, object, options.settings(key), clock.now(), rowsFor(key))
    const held = holds.get(key)
    const candidates: Entry[] = []
    if (natural) candidates.push({ at: natural.at, name: natural.stage.name, rank: natural.rank, held: false })
    if (held) candidates.push({ at: held.at, name: held.name, rank: rankOf(held.rankAs), held: true })
    return candidates.sort((a, b) => a.at - b.at || a.rank - b.rank)[0]
  }

  function refresh(key: string) {
    const entry = entryFor(key)
    if (entry) due.set(key, entry)
    else due.delete(key)
  }

  function reschedule() {
    if (firing) return // the firing loop reschedules when it is done
    let next: number | undefined
    for (const entry of due.values()) if (next === undefined || entry.at < next) next = entry.at
    if (timer && timer.at === next) return
    if (timer) clock.cancel(timer.id)
    timer = next === undefined ? undefined : { id: clock.at(next, fire), at: next }
  }

  const attempt = (key: string, entry: Entry) => `${key}\u0000${entry.name}\u0000${entry.at}`

  function nextDue(now: number, tried: Set<string>, only?: string): [string, Entry] | undefined {
    let best: [string, Entry] | undefined
    for (const [key, entry] of due) {
      if (entry.at > now || (only !== undefined && key !== only)) continue
      const [bestKey, bestEntry] = best ?? []
      const earlier =
        !bestEntry ||
        entry.at < bestEntry.at ||
        (entry.at === bestEntry.at && (entry.rank < bestEntry.rank || (entry.rank === bestEntry.rank && key < bestKey!)))
      // Only a candidate that would win is checked against the tried ones.
      if (earlier && !tried.has(attempt(key, entry))) best = [key, entry]
    }
    return best
  }

  function applyRow(key: string, now: number): Promise<void> {
    return subject.update(key, (current) => {
      // Re-checked inside the write: a request may have changed the object since it was scheduled.
      const row = nextStage(stages, current, options.settings(key), now, rowsFor(key))
      if (!row || row.at > now) return undefined
      return row.stage.next(current, options.context(now), options.settings(key))
    })
  }

  async function apply(key: string, next: (object: O, context: C) => StageResult<O>, now: number): Promise<boolean> {
    if (subject.get(key) === undefined) return false
    let applied = false
    await subject.update(key, (current) => {
      const result = next(current, options.context(now))
      applied = result !== undefined
      return result
    })
    return applied
  }

  /** Fires what is due by now (for one key, or all), one write at a time. */
  async function fireDue(only?: string) {
    // A row that leaves its object unchanged (the write was a no-op) is not retried at this instant.
    const tried = new Set<string>()
    for (;;) {
      const now = clock.now()
      const next = nextDue(now, tried, only)
      if (!next) break
      const [key, entry] = next
      tried.add(attempt(key, entry))
      const held = holds.get(key)
      if (entry.held && held) {
        holds.delete(key)
        await apply(key, held.next, now)
      } else {
        await applyRow(key, now)
      }
      refresh(key)
    }
  }

  async function fire() {
    timer = undefined
    firing = true
    try {
      await fireDue()
    } finally {
      firing = false
      reschedule()
    }
  }

  function resync() {
    if (timer) clock.cancel(timer.id) // harmless when clock.reset() already dropped it
    timer = undefined
    due.clear()
    const keys = new Set(holds.keys())
    for (const key of subject.keys()) keys.add(key)
    for (const key of keys) refresh(key)
    reschedule()
  }

  const unsubscribe = subject.onChange((key) => {
    refresh(key)
    reschedule()
  })
  resync()

  return {
    resync,
    hold(key, hold) {
      const token = {}
      holds.set(key, { ...hold, token })
      refresh(key)
      reschedule()
      return () => {
        if (holds.get(key)?.token !== token) return
        holds.delete(key)
        refresh(key)
        reschedule()
      }
    },
    async apply(key, next) {
      const applied = await apply(key, next, clock.now())
      refresh(key)
      reschedule()
      return applied
    },
    async settle(key) {
      refresh(key)
      await fireDue(key)
      reschedule()
    },
    pending() {
      return [...due]
        .sort(([ka, a], [kb, b]) => a.at - b.at || a.rank - b.rank || (ka < kb ? -1 : ka > kb ? 1 : 0))
        .map(([key, entry]) => ({ key, name: entry.name, at: entry.at }))
    },
    dispose() {
      unsubscribe()
      if (timer) clock.cancel(timer.id)
      timer = undefined
      due.clear()
      holds.clear()
    },
  }
}
