// The ImageSnapshot lifecycle (cci.md §9–§10) as a stage table run by the lifecycle driver
// (src/lifecycle/): which rows exist, what each one writes, and the CCI-specific pieces around them —
// settings per emulator and per object (CCI-44) and forced transitions for scenarios.
//
// cci.md §10.2 numbers the transitions T1–T8. T1 (POST: the object in Creating) and T5 (DELETE: a
// deletionTimestamp while the finalizer holds the object) are written by the Kubernetes machinery;
// the other six are the rows of `imageSnapshotStages`, in the table's order, which is also the firing
// order of transitions due at one virtual instant (CCI-47). What the rows write is imageSnapshotReport.ts.
// Everything is derived from stored state (CCI-49): an object's next transition is a function of
// (object, configuration).
import type { Clock } from '../clock.ts'
import { toMilliseconds, type Duration } from '../duration.ts'
import type { Ids } from '../ids.ts'
import type { KubeObject } from '../kube/resource.ts'
import { createLifecycleDriver } from '../lifecycle/driver.ts'
import { markDeleted, nextDelete, nextRemoveFinalizers, nextStatus } from '../lifecycle/kubeNext.ts'
import { nextStage, type Stage, type StageResult } from '../lifecycle/stage.ts'
import { imageSnapshotFinalizer } from './imageSnapshotTypes.ts'
import {
  availableStatus,
  buildTimeoutFailure,
  buildTimeoutMinutesOf,
  dayMs,
  deletingStatus,
  digestSaltOf,
  minuteMs,
  ttlDaysOf,
  unavailableStatus,
  type ImageSnapshotFailure,
  type ImageSnapshotTransitionContext,
} from './imageSnapshotReport.ts'

// ---------------------------------------------------------------------------------------------
// Configuration (cci.md §10.1, CCI-44).

/** `Failed` is what the design and scenarios call the failure state; the wire says `Unavailable` (CCI-43). */
export type ImageSnapshotOutcome = 'Available' | 'Unavailable' | 'Failed'

export interface ImageSnapshotLifecycleSettings {
  /** Creating → outcome after this long from creationTimestamp; 'never' leaves it to the build timeout. */
  creatingFor: Duration | 'never'
  outcome: ImageSnapshotOutcome
  failure: ImageSnapshotFailure
  /** deletionTimestamp set → finalizer removed → object gone, after this long. */
  deletingFor: Duration
}

export type ImageSnapshotLifecycleOverride = Partial<Omit<ImageSnapshotLifecycleSettings, 'failure'>> & {
  failure?: Partial<ImageSnapshotFailure>
}

/** `createEmulator({ lifecycle: { cci: … } })`: every knob optional, plus per-name overrides. */
export interface ImageSnapshotLifecycleConfig extends ImageSnapshotLifecycleOverride {
  overrides?: Record<string, ImageSnapshotLifecycleOverride>
}

const defaultImageSnapshotLifecycle: ImageSnapshotLifecycleSettings = {
  creatingFor: '90s',
  outcome: 'Available',
  failure: { reason: 'CreateEVSSnapshotFailed', message: 'failed to create EVS snapshot for image snapshot "{name}"' },
  deletingFor: '5s',
}

/** The settings of one object with durations in milliseconds and the alias resolved. */
export interface ResolvedImageSnapshotSettings {
  /** undefined: 'never'. */
  creatingForMs: number | undefined
  outcome: 'Available' | 'Unavailable'
  failure: ImageSnapshotFailure
  deletingForMs: number
}

/** CCI-43: scenarios and options may say `Failed`; the emulator writes `Unavailable`. */
export function canonicalImageSnapshotPhase<T extends string>(phase: T): T extends 'Failed' ? 'Unavailable' : T {
  return (phase === 'Failed' ? 'Unavailable' : phase) as T extends 'Failed' ? 'Unavailable' : T
}

function overrideFor(config: ImageSnapshotLifecycleConfig | undefined, name: string): ImageSnapshotLifecycleOverride | undefined {
  const overrides = config?.overrides
  // Own properties only: an object named "constructor" must not pick up Object.prototype.constructor.
  return overrides && Object.hasOwn(overrides, name) ? overrides[name] : undefined
}

function resolveOutcome(outcome: ImageSnapshotOutcome): 'Available' | 'Unavailable' {
  const canonical = canonicalImageSnapshotPhase(outcome)
  if (canonical !== 'Available' && canonical !== 'Unavailable') {
    throw new RangeError(`invalid image snapshot outcome: ${JSON.stringify(outcome)} (expected "Available", "Unavailable" or "Failed")`)
  }
  return canonical
}

/** Defaults ← emulator options ← the override for this name (CCI-44). Throws RangeError on a bad duration. */
export function resolveImageSnapshotSettings(config: ImageSnapshotLifecycleConfig | undefined, name: string): ResolvedImageSnapshotSettings {
  const override = overrideFor(config, name)
  const pick = <K extends 'creatingFor' | 'outcome' | 'deletingFor'>(key: K): ImageSnapshotLifecycleSettings[K] =>
    (override?.[key] ?? config?.[key] ?? defaultImageSnapshotLifecycle[key]) as ImageSnapshotLifecycleSettings[K]
  const creatingFor = pick('creatingFor')
  return {
    creatingForMs: creatingFor === 'never' ? undefined : toMilliseconds(creatingFor),
    outcome: resolveOutcome(pick('outcome')),
    failure: { ...defaultImageSnapshotLifecycle.failure, ...config?.failure, ...override?.failure },
    deletingForMs: toMilliseconds(pick('deletingFor')),
  }
}

/** Checks every duration and outcome of a configuration up front, so a typo fails at startup. */
function checkImageSnapshotLifecycleConfig(config: ImageSnapshotLifecycleConfig | undefined): void {
  resolveImageSnapshotSettings(config, '')
  for (const name of Object.keys(config?.overrides ?? {})) resolveImageSnapshotSettings(config, name)
}

// ---------------------------------------------------------------------------------------------
// The stage table (cci.md §10.2).

/** The object's next state, or 'delete' when it must be removed for good. */
export type ImageSnapshotTransitionResult = KubeObject | 'delete'

type ImageSnapshotStage = Stage<KubeObject, ResolvedImageSnapshotSettings, ImageSnapshotTransitionContext>

/** CCI-46: the build and the TTL are for objects nobody is deleting. */
const notDeleting = { key: 'metadata.deletionTimestamp', operator: 'DoesNotExist' } as const
const creating = { key: 'status.phase', operator: 'In', values: ['Creating'] } as const
/** CCI-36: without its finalizer the controller has let go of a deleting object. */
const finalizing = [
  { key: 'metadata.deletionTimestamp', operator: 'Exists' },
  { key: 'metadata.finalizers', operator: 'Intersection', values: [imageSnapshotFinalizer] },
] as const
const sinceCreated = 'metadata.creationTimestamp'

/** CCI-8: a snapshot without a TTL never expires. */
function ttlMsOf(object: KubeObject): number | undefined {
  const days = ttlDaysOf(object)
  return days === undefined ? undefined : days * dayMs
}

const imageSnapshotStages: readonly ImageSnapshotStage[] = [
  {
    name: 'T2', // Creating → Available, creatingFor after creation
    selector: { matchExpressions: [notDeleting, creating], matches: (_, settings) => settings.outcome === 'Available' },
    delay: { since: sinceCreated, duration: (_, settings) => settings.creatingForMs },
    next: nextStatus((object, ctx) => availableStatus(object, ctx)),
  },
  {
    name: 'T3', // Creating → Unavailable with the configured failure
    selector: { matchExpressions: [notDeleting, creating], matches: (_, settings) => settings.outcome === 'Unavailable' },
    delay: { since: sinceCreated, duration: (_, settings) => settings.creatingForMs },
    next: nextStatus((object, ctx, settings) => unavailableStatus(object, settings.failure, ctx.now)),
  },
  {
    name: 'T4', // Creating → Unavailable, BuildTimeout, buildingConfig.timeoutMinutes after creation
    selector: { matchExpressions: [notDeleting, creating] },
    delay: { since: sinceCreated, duration: (object) => buildTimeoutMinutesOf(object) * minuteMs },
    next: nextStatus((object, ctx) => unavailableStatus(object, buildTimeoutFailure(buildTimeoutMinutesOf(object)), ctx.now)),
  },
  {
    name: 'T6', // expired: deletionTimestamp, ttlDaysAfterCreated days after creation
    selector: { matchExpressions: [notDeleting] },
    delay: { since: sinceCreated, duration: (object) => ttlMsOf(object) },
    next: nextDelete(),
  },
  {
    name: 'T7', // phase Deleting, right after T5/T6
    selector: { matchExpressions: [...finalizing, { key: 'status.phase', operator: 'NotIn', values: ['Deleting'] }] },
    delay: { since: 'metadata.deletionTimestamp', sinceMissing: 'now', duration: () => 0 },
    next: nextStatus((object, ctx) => deletingStatus(object, ctx)),
  },
  {
    name: 'T8', // the controller drops its finalizer deletingFor after deletionTimestamp: gone
    selector: { matchExpressions: [...finalizing, { key: 'status.phase', operator: 'In', values: ['Deleting'] }] },
    delay: { since: 'metadata.deletionTimestamp', sinceMissing: 'now', duration: (_, settings) => settings.deletingForMs },
    next: nextRemoveFinalizers([imageSnapshotFinalizer]),
  },
]

/** The rows that keep running while a scenario holds an object (CCI-44: a DELETE still completes). */
const deletionRows: readonly string[] = ['T7', 'T8']

interface NextTransitionOptions {
  /** 'deletion': only T7/T8 — used while a scenario has taken over an object. Default 'all'. */
  scope?: 'all' | 'deletion'
}

/**
 * The transition this object is due for next under `config`, or undefined when none will ever fire.
 * `nowMs` is the time a deletion is assumed to have started when its timestamp cannot be read.
 */
export function nextTransition(object: KubeObject, config: ImageSnapshotLifecycleConfig | undefined, nowMs: number, options: NextTransitionOptions = {}) {
  const settings = resolveImageSnapshotSettings(config, object.metadata.name ?? '')
  const only = options.scope === 'deletion' ? (stage: ImageSnapshotStage) => deletionRows.includes(stage.name) : undefined
  const due = nextStage(imageSnapshotStages, object, settings, nowMs, only)
  return due && { id: due.stage.name, at: due.at, apply: (current: KubeObject, ctx: ImageSnapshotTransitionContext) => due.stage.next(current, ctx, settings) }
}

// ---------------------------------------------------------------------------------------------
// Forced transitions (scenario `transition` steps, CCI-44).

export interface ImageSnapshotTransitionRequest {
  /** `Failed` is accepted for `Unavailable` (CCI-43); `Deleting` expires the object now (T6); `Deleted` removes it. */
  to: 'Available' | 'Unavailable' | 'Failed' | 'Deleting' | 'Deleted'
  reason?: string
  message?: string
}

/**
 * What a forced transition writes, or undefined when it does not apply: a deleting object can only be
 * removed (CCI-46: nothing resurrects it), and an object already being deleted cannot be deleted again.
 */
function applyForcedTransition(
  object: KubeObject,
  request: ImageSnapshotTransitionRequest,
  settings: ResolvedImageSnapshotSettings,
  ctx: ImageSnapshotTransitionContext,
): StageResult<KubeObject> {
  if (request.to === 'Deleted') return 'delete'
  if (object.metadata.deletionTimestamp) return undefined
  switch (canonicalImageSnapshotPhase(request.to)) {
    case 'Available':
      return { ...structuredClone(object), status: availableStatus(object, ctx) }
    case 'Unavailable': {
      const failure = { reason: request.reason ?? settings.failure.reason, message: request.message ?? settings.failure.message }
      return { ...structuredClone(object), status: unavailableStatus(object, failure, ctx.now) }
    }
    case 'Deleting':
      return markDeleted(object, ctx.now)
  }
  return undefined
}

/** The row a forced transition ranks as among transitions due at the same instant. */
function forcedRank(request: ImageSnapshotTransitionRequest): string {
  switch (canonicalImageSnapshotPhase(request.to)) {
    case 'Available':
      return 'T2'
    case 'Unavailable':
      return 'T3'
    case 'Deleting':
      return 'T6'
    default:
      return 'T8'
  }
}

// ---------------------------------------------------------------------------------------------
// The lifecycle of the emulator's ImageSnapshots: the stage table on the driver.

/**
 * What the emulator core provides to the lifecycle. Objects passed in and out are plain stored
 * ImageSnapshots (the store's copies; the lifecycle never mutates what it is given).
 */
export interface ImageSnapshotLifecycleDeps {
  clock: Clock
  ids: Ids
  config?: ImageSnapshotLifecycleConfig
  /** Every stored ImageSnapshot (for recomputing after reset, restore or fixture loading). */
  list(): KubeObject[]
  get(name: string): KubeObject | undefined
  /**
   * One system write through the store's single write path. Reads the stored object, calls `decide`
   * exactly once, synchronously, with a copy of it (not at all when the object is gone) and then:
   * - undefined: writes nothing;
   * - 'delete': removes the object for good — new resourceVersion, DELETED carrying the last stored
   *   state (K-21), whatever finalizers it still lists;
   * - an object: stores it as given — no strategy, no validation (status, deletionTimestamp and
   *   finalizers are the controller's to write) — with a new resourceVersion and a MODIFIED event.
   * Resolves once watchers have been notified (CCI-48).
   */
  update(name: string, decide: (current: KubeObject) => ImageSnapshotTransitionResult | undefined): Promise<void>
  /**
   * Calls `listener(name)` after every committed write of an ImageSnapshot (create, update, patch,
   * DELETE marking, deletion, the lifecycle's own writes). Returns the unsubscribe function.
   */
  onChange(listener: (name: string) => void): () => void
}

interface PendingImageSnapshotTransition {
  name: string
  /** A row of `imageSnapshotStages` ('T2'…'T8'), or 'forced' for a scenario's scheduled transition. */
  id: string
  at: number
}

export interface ImageSnapshotLifecycle {
  /** Recomputes every object's next transition from the store (after reset, restore, fixture loading). */
  resync(): void
  /** Replaces the configuration (durations are checked here) and recomputes. */
  configure(config: ImageSnapshotLifecycleConfig | undefined): void
  /**
   * A scenario `transition` step: at virtual time `at`, force `request` on the object called `name`
   * (which may not exist yet). Until then its default build outcome, timeout and TTL are cancelled;
   * a DELETE still completes. Returns a function that cancels the step.
   */
  schedule(name: string, at: number, request: ImageSnapshotTransitionRequest): () => void
  /** Forces a transition now; resolves to false when the object is missing or the transition does not apply. */
  force(name: string, request: ImageSnapshotTransitionRequest): Promise<boolean>
  /** What will fire next, earliest first (for `pending()`-style introspection and tests). */
  pending(): PendingImageSnapshotTransition[]
  dispose(): void
}

export function createImageSnapshotLifecycle(deps: ImageSnapshotLifecycleDeps): ImageSnapshotLifecycle {
  const { clock, ids } = deps
  let config = deps.config
  checkImageSnapshotLifecycleConfig(config)
  const digestSalt = digestSaltOf(ids)
  const context = (now: number): ImageSnapshotTransitionContext => ({ now, ids, digestSalt })
  const settings = (name: string) => resolveImageSnapshotSettings(config, name)
  const forced = (request: ImageSnapshotTransitionRequest) => (object: KubeObject, ctx: ImageSnapshotTransitionContext) =>
    applyForcedTransition(object, request, settings(object.metadata.name ?? ''), ctx)

  const driver = createLifecycleDriver({
    clock,
    stages: imageSnapshotStages,
    settings,
    context,
    subject: {
      keys: () => deps.list().flatMap((object) => (object.metadata.name ? [object.metadata.name] : [])),
      get: deps.get,
      update: deps.update,
      onChange: deps.onChange,
    },
  })

  return {
    resync: driver.resync,
    configure(next) {
      checkImageSnapshotLifecycleConfig(next)
      config = next
      driver.resync()
    },
    schedule: (name, at, request) => driver.hold(name, { name: 'forced', at, rankAs: forcedRank(request), keeps: deletionRows, next: forced(request) }),
    force: (name, request) => driver.apply(name, forced(request)),
    pending: () => driver.pending().map(({ key, name, at }) => ({ name: key, id: name, at })),
    dispose: driver.dispose,
  }
}
