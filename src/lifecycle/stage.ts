// Lifecycles as data, after kwok's Stages (kwok pkg/apis/v1alpha1 Stage): whatever an object does on its
// own over time is a row of a stage table, and one driver (driver.ts) runs every table on the emulator
// clock. A row is
//
//   name      what the row is called; `pending()` shows it and the row order breaks ties (below).
//   selector  which objects it applies to: `matchExpressions` over dotted field paths, ANDed, with kwok's
//             operators In, NotIn, Exists, DoesNotExist and Intersection (an array field sharing a value
//             with `values`); `matches(object, settings)` adds what a field test cannot say (e.g. the
//             configured outcome). A missing field is absent: In fails, NotIn holds.
//   delay     when: `since` names a time the object records (RFC 3339 text or epoch milliseconds) and
//             `duration(object, settings)` how many milliseconds after it the row fires (undefined: never).
//             `sinceMissing: 'now'` counts from now when the time cannot be read. No jitter: the same
//             state and settings give the same instant on every run.
//   next      what changes: the object's next state (kwok's statusTemplate, finalizers, delete), 'delete'
//             for gone for good, or undefined for no write. It gets a copy; kubeNext.ts builds the
//             Kubernetes ones. Events are not part of the row: the store's write path emits MODIFIED
//             for a new state and DELETED for 'delete', as it does for requests.
//
// An object is due for the earliest of its selected rows; rows due at one instant fire in table order
// (then by object key). A due time is a function of (stored object, settings) alone, so after a reset, a
// restore or a fixture load the driver recomputes every timer from the objects; nothing is replayed.
import { isJsonObject } from '../json/jsonObject.ts'

export type StageRequirement =
  | { key: string; operator: 'In' | 'NotIn' | 'Intersection'; values: readonly unknown[] }
  | { key: string; operator: 'Exists' | 'DoesNotExist' }

export interface StageSelector<O, S> {
  matchExpressions?: readonly StageRequirement[]
  matches?(object: O, settings: S): boolean
}

export interface StageDelay<O, S> {
  /** Dotted path of the time the delay counts from. */
  since: string
  /** 'never' (default): no time, no firing; 'now': an unreadable time counts as now. */
  sinceMissing?: 'never' | 'now'
  /** Milliseconds after `since`; undefined: this row never fires for the object. */
  duration(object: O, settings: S): number | undefined
}

/** The object's next state, 'delete' when it is removed for good, undefined for no write. */
export type StageResult<O> = O | 'delete' | undefined

export interface Stage<O, S, C> {
  name: string
  selector: StageSelector<O, S>
  delay: StageDelay<O, S>
  next(object: O, context: C, settings: S): StageResult<O>
}

/** A row an object is due for. `at` may lie in the past: it then fires on the driver's next timer. */
export interface DueStage<O, S, C> {
  stage: Stage<O, S, C>
  rank: number
  at: number
}

/** The value at a dotted path, through own properties only; undefined when any step is missing. */
function fieldAt(object: unknown, path: string): unknown {
  let value: unknown = object
  for (const step of path.split('.')) {
    if (!isJsonObject(value) || !Object.hasOwn(value, step)) return undefined
    value = value[step]
  }
  return value
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== ''
}

function satisfies(object: unknown, requirement: StageRequirement): boolean {
  const value = fieldAt(object, requirement.key)
  switch (requirement.operator) {
    case 'Exists':
      return present(value)
    case 'DoesNotExist':
      return !present(value)
    case 'In':
      return present(value) && requirement.values.includes(value)
    case 'NotIn':
      return !present(value) || !requirement.values.includes(value)
    case 'Intersection':
      return Array.isArray(value) && value.some((item) => requirement.values.includes(item))
  }
}

export function selects<O, S, C>(stage: Stage<O, S, C>, object: O, settings: S): boolean {
  const { matchExpressions = [], matches } = stage.selector
  return matchExpressions.every((requirement) => satisfies(object, requirement)) && (matches?.(object, settings) ?? true)
}

/** Epoch milliseconds of a recorded time: a number as is, text as RFC 3339. */
function timeAt(object: unknown, path: string): number | undefined {
  const value = fieldAt(object, path)
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value !== 'string') return undefined
  const parsed = Date.parse(value)
  return Number.isNaN(parsed) ? undefined : parsed
}

/** When `stage` fires for `object`, or undefined when it does not apply or never fires. */
function stageDueAt<O, S, C>(stage: Stage<O, S, C>, object: O, settings: S, nowMs: number): number | undefined {
  if (!selects(stage, object, settings)) return undefined
  const since = timeAt(object, stage.delay.since) ?? (stage.delay.sinceMissing === 'now' ? nowMs : undefined)
  if (since === undefined) return undefined
  const duration = stage.delay.duration(object, settings)
  return duration === undefined ? undefined : since + duration
}

/**
 * The row `object` is due for next: the earliest selected row, the table order breaking ties.
 * `only` narrows the table (e.g. to the rows that survive a scenario's hold on the object).
 */
export function nextStage<O, S, C>(
  stages: readonly Stage<O, S, C>[],
  object: O,
  settings: S,
  nowMs: number,
  only: (stage: Stage<O, S, C>) => boolean = () => true,
): DueStage<O, S, C> | undefined {
  let best: DueStage<O, S, C> | undefined
  stages.forEach((stage, rank) => {
    if (!only(stage)) return
    const at = stageDueAt(stage, object, settings, nowMs)
    if (at !== undefined && (!best || at < best.at)) best = { stage, rank, at }
  })
  return best
}
