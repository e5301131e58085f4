// The ImageSnapshot lifecycle as the emulator plays it on its virtual clock (cci.md §9–§10): a small
// transition table, pure functions that say which transition an object is due for and what it writes,
// and a thin driver that keeps one clock timer for the earliest due transition.
//
// Everything is derived from stored state (CCI-49): the next transition of an object is a function of
// (object, configuration). After a reset, a restore or a fixture load the driver recomputes its timers
// from the objects; nothing is replayed from memory.
import type { Clock } from '../clock.ts'
import { rfc3339 } from '../clock.ts'
import { toMilliseconds, type Duration } from '../duration.ts'
import type { Ids } from '../ids.ts'
import { createIds } from '../ids.ts'
import type { KubeObject } from '../kube/resource.ts'
import { imageSnapshotDefaults, imageSnapshotFinalizer, type ImageSnapshotStatus, type PulledImage } from './imageSnapshot.ts'

// ---------------------------------------------------------------------------------------------
// Configuration (cci.md §10.1, CCI-44).

/** `Failed` is what the design and scenarios call the failure state; the wire says `Unavailable` (CCI-43). */
export type ImageSnapshotOutcome = 'Available' | 'Unavailable' | 'Failed'

export interface ImageSnapshotFailure {
  /** A CamelCase reason, e.g. `CreateEVSSnapshotFailed` (the only one the documentation shows). */
  reason: string
  /** `{name}` is replaced by the object's name. */
  message: string
}

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

export const defaultImageSnapshotLifecycle: ImageSnapshotLifecycleSettings = {
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
export function checkImageSnapshotLifecycleConfig(config: ImageSnapshotLifecycleConfig | undefined): void {
  resolveImageSnapshotSettings(config, '')
  for (const name of Object.keys(config?.overrides ?? {})) resolveImageSnapshotSettings(config, name)
}

// ---------------------------------------------------------------------------------------------
// The transition table (cci.md §10.2). Its row order is also the firing order of transitions due at
// the same virtual instant (CCI-47). T1 (create) and T5 (DELETE) are the machinery's writes.

export type ImageSnapshotTransitionId = 'T1' | 'T2' | 'T3' | 'T4' | 'T5' | 'T6' | 'T7' | 'T8'

export interface ImageSnapshotTransitionRow {
  id: ImageSnapshotTransitionId
  from: string
  trigger: string
  writes: string
  event: 'ADDED' | 'MODIFIED' | 'DELETED'
  /** Written by the HTTP machinery, not by the lifecycle. */
  byRequest: boolean
}

export const imageSnapshotTransitionTable: readonly ImageSnapshotTransitionRow[] = [
  { id: 'T1', from: '—', trigger: 'POST', writes: 'object, status {phase: Creating}', event: 'ADDED', byRequest: true },
  { id: 'T2', from: 'Creating', trigger: 't0 + creatingFor, outcome Available', writes: 'phase Available, images, snapshotID, snapshotName', event: 'MODIFIED', byRequest: false },
  { id: 'T3', from: 'Creating', trigger: 't0 + creatingFor, outcome Unavailable', writes: 'phase Unavailable, reason, message', event: 'MODIFIED', byRequest: false },
  { id: 'T4', from: 'Creating', trigger: 't0 + timeoutMinutes', writes: 'phase Unavailable, reason BuildTimeout', event: 'MODIFIED', byRequest: false },
  { id: 'T5', from: 'any, not deleting', trigger: 'DELETE', writes: 'deletionTimestamp, deletionGracePeriodSeconds 0', event: 'MODIFIED', byRequest: true },
  { id: 'T6', from: 'any, not deleting', trigger: 't0 + ttlDaysAfterCreated days', writes: 'deletionTimestamp, deletionGracePeriodSeconds 0', event: 'MODIFIED', byRequest: false },
  { id: 'T7', from: 'deleting, phase ≠ Deleting', trigger: 'right after T5/T6', writes: 'phase Deleting', event: 'MODIFIED', byRequest: false },
  { id: 'T8', from: 'deleting', trigger: 'deletionTimestamp + deletingFor', writes: 'finalizer removed, object removed', event: 'DELETED', byRequest: false },
]

export function transitionRank(id: ImageSnapshotTransitionId): number {
  return imageSnapshotTransitionTable.findIndex((row) => row.id === id)
}

/** What applying a transition needs besides the object: time and the seeded ids. */
export interface ImageSnapshotTransitionContext {
  /** Virtual time the transition fires at, ms. */
  now: number
  ids: Ids
  /** Seed-derived salt for image digests and sizes (see digestSaltOf). */
  digestSalt: string
}

/** The object's next state, or 'delete' when it must be removed for good. */
export type ImageSnapshotTransitionResult = KubeObject | 'delete'

export interface ImageSnapshotTransition {
  id: ImageSnapshotTransitionId
  /** Due time, ms (may lie in the past: it then fires on the next advance or runAll, CCI-49). */
  at: number
  apply(object: KubeObject, ctx: ImageSnapshotTransitionContext): ImageSnapshotTransitionResult
}

// ---------------------------------------------------------------------------------------------
// Reading stored state.

type Json = Record<string, unknown>

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const parsed = Date.parse(value)
  return Number.isNaN(parsed) ? undefined : parsed
}

function specOf(object: KubeObject): Json {
  return isRecord(object.spec) ? object.spec : {}
}

function statusOf(object: KubeObject): Json {
  return isRecord(object.status) ? object.status : {}
}

function phaseOf(object: KubeObject): unknown {
  return statusOf(object).phase
}

/** CCI-8: absent, null or 0 means the snapshot never expires. */
function ttlDaysOf(object: KubeObject): number | undefined {
  const ttl = specOf(object).ttlDaysAfterCreated
  return typeof ttl === 'number' && Number.isInteger(ttl) && ttl > 0 ? ttl : undefined
}

/** seed: "Default is 1440" (CCI-17: applied by behaviour, never written). */
export function buildTimeoutMinutesOf(object: KubeObject): number {
  const building = specOf(object).buildingConfig
  const minutes = isRecord(building) ? building.timeoutMinutes : undefined
  return typeof minutes === 'number' && Number.isInteger(minutes) && minutes > 0 ? minutes : imageSnapshotDefaults.timeoutMinutes
}

const dayMs = 86_400_000
const minuteMs = 60_000

/** CCI-45: creationTimestamp + ttlDaysAfterCreated days, to the second; undefined when it never expires. */
export function expireDateTimeOf(object: KubeObject): string | undefined {
  const created = timeOf(object.metadata.creationTimestamp)
  const ttl = ttlDaysOf(object)
  return created === undefined || ttl === undefined ? undefined : rfc3339(created + ttl * dayMs)
}

function hasOurFinalizer(object: KubeObject): boolean {
  return Array.isArray(object.metadata.finalizers) && object.metadata.finalizers.includes(imageSnapshotFinalizer)
}

// ---------------------------------------------------------------------------------------------
// What the transitions write (CCI-45).

/** A salt that depends on the emulator seed only: the first draw of a stream nobody else uses. */
export function digestSaltOf(ids: Ids): string {
  return ids.hex(32, 'cci-image-digest-salt')
}

function imageStream(image: string, salt: string): Ids {
  // One generator per (seed, image): the same image string gets the same digest and size in every
  // snapshot of a run and in every run with the same seed.
  return createIds(`${salt}\u0000${image}`)
}

/** The digest in the reference if it names one, else `sha256:` + 64 hex derived from (seed, image). */
export function imageDigestOf(image: string, salt: string): string {
  const pinned = image.lastIndexOf('@')
  if (pinned >= 0) return image.slice(pinned + 1)
  return `sha256:${imageStream(image, salt).hex(64, 'digest')}`
}

const mib = 1024 * 1024
export const pulledImageSizeRange = { min: 5 * mib, max: 512 * mib } as const

/** An image size between 5 MiB and 512 MiB, derived from (seed, image). */
export function imageSizeBytesOf(image: string, salt: string): number {
  const { min, max } = pulledImageSizeRange
  return min + Math.floor(imageStream(image, salt).random('size') * (max - min + 1))
}

/** CCI-45: `cci-imagesnapshot-<name>`, the CCI developer guide's EVS snapshot name. */
export function snapshotNameOf(name: string): string {
  return `cci-imagesnapshot-${name}`
}

function withStatus(object: KubeObject, status: ImageSnapshotStatus): KubeObject {
  return { ...structuredClone(object), status }
}

/** T2: the build succeeded. */
export function availableStatus(object: KubeObject, ctx: ImageSnapshotTransitionContext): ImageSnapshotStatus {
  const specImages = Array.isArray(specOf(object).images) ? (specOf(object).images as unknown[]) : []
  const images: PulledImage[] = specImages.map((entry) => {
    const image = isRecord(entry) && typeof entry.image === 'string' ? entry.image : ''
    return { digest: imageDigestOf(image, ctx.digestSalt), image, sizeBytes: imageSizeBytesOf(image, ctx.digestSalt) }
  })
  const status: ImageSnapshotStatus = {}
  const expire = expireDateTimeOf(object)
  if (expire) status.expireDateTime = expire
  status.images = images
  status.lastUpdatedTime = rfc3339(ctx.now)
  status.phase = 'Available'
  status.snapshotID = ctx.ids.uuid('cci-snapshot-id')
  status.snapshotName = snapshotNameOf(object.metadata.name ?? '')
  return status
}

/** T3/T4: the build failed; a failed snapshot still shows when it will be removed (CCI-45). */
export function unavailableStatus(object: KubeObject, failure: ImageSnapshotFailure, now: number): ImageSnapshotStatus {
  const status: ImageSnapshotStatus = {}
  const expire = expireDateTimeOf(object)
  if (expire) status.expireDateTime = expire
  status.lastUpdatedTime = rfc3339(now)
  status.message = failure.message.replaceAll('{name}', object.metadata.name ?? '')
  status.phase = 'Unavailable'
  status.reason = failure.reason
  return status
}

/** T4's failure: seed "After this time duration, the image snapshot object will be unavailable". */
export function buildTimeoutFailure(minutes: number): ImageSnapshotFailure {
  return { reason: 'BuildTimeout', message: `image snapshot was not created within ${minutes} minutes` }
}

/** T5/T6: what DELETE does to an object that carries finalizers (K-21, CCI-39). */
export function markDeleting(object: KubeObject, now: number): ImageSnapshotTransitionResult {
  // Without finalizers nothing would ever finish the deletion: the object goes at once, as DELETE does.
  if (!Array.isArray(object.metadata.finalizers) || object.metadata.finalizers.length === 0) return 'delete'
  const next = structuredClone(object)
  next.metadata.deletionTimestamp = rfc3339(now)
  next.metadata.deletionGracePeriodSeconds = 0
  return next
}

/** T7: the phase follows the deletion; the other status fields stay. */
function enterDeleting(object: KubeObject, now: number): KubeObject {
  return withStatus(object, { ...(statusOf(object) as ImageSnapshotStatus), lastUpdatedTime: rfc3339(now), phase: 'Deleting' })
}

/** T8: the controller drops its finalizer; with no other finalizer left the object is gone. */
function finishDeletion(object: KubeObject): ImageSnapshotTransitionResult {
  const others = (object.metadata.finalizers ?? []).filter((f) => f !== imageSnapshotFinalizer)
  if (others.length === 0) return 'delete'
  const next = structuredClone(object)
  next.metadata.finalizers = others
  return next
}

// ---------------------------------------------------------------------------------------------
// The next transition of an object, from stored state alone (CCI-49).

export interface NextTransitionOptions {
  /**
   * 'deletion': only T7/T8 — used while a scenario has taken over an object (CCI-44: a forced
   * transition cancels the pending default one). Default 'all'.
   */
  scope?: 'all' | 'deletion'
}

function earliest(candidates: ImageSnapshotTransition[]): ImageSnapshotTransition | undefined {
  // CCI-47: at the same instant, the table's row order decides.
  return candidates.sort((a, b) => a.at - b.at || transitionRank(a.id) - transitionRank(b.id))[0]
}

/**
 * The transition this object is due for next under `config`, or undefined when none will ever fire.
 * `nowMs` is the time a deletion is assumed to have started when its timestamp cannot be read.
 */
export function nextTransition(
  object: KubeObject,
  config: ImageSnapshotLifecycleConfig | undefined,
  nowMs: number,
  options: NextTransitionOptions = {},
): ImageSnapshotTransition | undefined {
  const name = object.metadata.name ?? ''
  const settings = resolveImageSnapshotSettings(config, name)

  if (object.metadata.deletionTimestamp) {
    // CCI-36: without its finalizer the controller has let go of the object.
    if (!hasOurFinalizer(object)) return undefined
    const deletionStarted = timeOf(object.metadata.deletionTimestamp) ?? nowMs
    if (phaseOf(object) !== 'Deleting') {
      return { id: 'T7', at: deletionStarted, apply: (current, ctx) => enterDeleting(current, ctx.now) }
    }
    return { id: 'T8', at: deletionStarted + settings.deletingForMs, apply: (current) => finishDeletion(current) }
  }
  // CCI-46: everything below is for objects nobody is deleting.
  if (options.scope === 'deletion') return undefined
  const created = timeOf(object.metadata.creationTimestamp)
  if (created === undefined) return undefined

  const candidates: ImageSnapshotTransition[] = []
  if (phaseOf(object) === 'Creating') {
    if (settings.creatingForMs !== undefined) {
      const at = created + settings.creatingForMs
      if (settings.outcome === 'Available') {
        candidates.push({ id: 'T2', at, apply: (current, ctx) => withStatus(current, availableStatus(current, ctx)) })
      } else {
        candidates.push({ id: 'T3', at, apply: (current, ctx) => withStatus(current, unavailableStatus(current, settings.failure, ctx.now)) })
      }
    }
    const timeout = buildTimeoutMinutesOf(object)
    candidates.push({
      id: 'T4',
      at: created + timeout * minuteMs,
      apply: (current, ctx) => withStatus(current, unavailableStatus(current, buildTimeoutFailure(timeout), ctx.now)),
    })
  }
  const ttl = ttlDaysOf(object)
  if (ttl !== undefined) candidates.push({ id: 'T6', at: created + ttl * dayMs, apply: (current, ctx) => markDeleting(current, ctx.now) })
  return earliest(candidates)
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
export function applyForcedTransition(
  object: KubeObject,
  request: ImageSnapshotTransitionRequest,
  settings: ResolvedImageSnapshotSettings,
  ctx: ImageSnapshotTransitionContext,
): ImageSnapshotTransitionResult | undefined {
  if (request.to === 'Deleted') return 'delete'
  if (object.metadata.deletionTimestamp) return undefined
  switch (canonicalImageSnapshotPhase(request.to)) {
    case 'Available':
      return withStatus(object, availableStatus(object, ctx))
    case 'Unavailable': {
      const failure = { reason: request.reason ?? settings.failure.reason, message: request.message ?? settings.failure.message }
      return withStatus(object, unavailableStatus(object, failure, ctx.now))
    }
    case 'Deleting':
      return markDeleting(object, ctx.now)
  }
  return undefined
}

function forcedRank(request: ImageSnapshotTransitionRequest): ImageSnapshotTransitionId {
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
// Fixture time rebasing (CCI-50).

/**
 * Shifts every lifecycle timestamp of a fixture set by one offset so that the latest
 * creationTimestamp equals `nowMs` — otherwise the TTLs of old fixtures expire on the first tick.
 * Returns copies.
 */
export function rebaseImageSnapshotTimes(objects: readonly KubeObject[], nowMs: number): KubeObject[] {
  const created = objects.map((o) => timeOf(o.metadata.creationTimestamp)).filter((t): t is number => t !== undefined)
  if (created.length === 0) return objects.map((o) => structuredClone(o))
  const offset = nowMs - Math.max(...created)
  const shift = (value: unknown) => {
    const time = timeOf(value)
    return time === undefined ? value : rfc3339(time + offset)
  }
  return objects.map((original) => {
    const object = structuredClone(original)
    if (object.metadata.creationTimestamp) object.metadata.creationTimestamp = shift(object.metadata.creationTimestamp) as string
    if (object.metadata.deletionTimestamp) object.metadata.deletionTimestamp = shift(object.metadata.deletionTimestamp) as string
    if (isRecord(object.status)) {
      for (const key of ['lastUpdatedTime', 'expireDateTime']) {
        if (object.status[key] !== undefined) object.status[key] = shift(object.status[key])
      }
    }
    return object
  })
}

// ---------------------------------------------------------------------------------------------
// The driver.

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

export interface PendingImageSnapshotTransition {
  name: string
  id: ImageSnapshotTransitionId | 'forced'
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

interface Entry {
  at: number
  id: ImageSnapshotTransitionId | 'forced'
  rank: number
}

interface ForcedStep {
  at: number
  request: ImageSnapshotTransitionRequest
  token: object
}

/**
 * The stateful side, kept thin: after every write it asks `nextTransition` for the object and keeps
 * one clock timer at the earliest due time; when that fires it applies, one write at a time, every
 * transition due by then — by due time, then table row, then name (CCI-47) — re-reading and
 * re-checking each object inside its write.
 */
export function createImageSnapshotLifecycle(deps: ImageSnapshotLifecycleDeps): ImageSnapshotLifecycle {
  const { clock, ids } = deps
  let config = deps.config
  checkImageSnapshotLifecycleConfig(config)
  const digestSalt = digestSaltOf(ids)
  const due = new Map<string, Entry>()
  const forced = new Map<string, ForcedStep>()
  let timer: { id: number; at: number } | undefined
  let firing = false

  const context = (now: number): ImageSnapshotTransitionContext => ({ now, ids, digestSalt })

  function entryFor(name: string, object: KubeObject | undefined): Entry | undefined {
    const step = forced.get(name)
    const natural = object ? nextTransition(object, config, clock.now(), { scope: step ? 'deletion' : 'all' }) : undefined
    const candidates: Entry[] = []
    if (natural) candidates.push({ at: natural.at, id: natural.id, rank: transitionRank(natural.id) })
    if (step) candidates.push({ at: step.at, id: 'forced', rank: transitionRank(forcedRank(step.request)) })
    return candidates.sort((a, b) => a.at - b.at || a.rank - b.rank)[0]
  }

  function refresh(name: string) {
    const entry = entryFor(name, deps.get(name))
    if (entry) due.set(name, entry)
    else due.delete(name)
  }

  function reschedule() {
    if (firing) return // the firing loop reschedules when it is done
    let next: number | undefined
    for (const entry of due.values()) if (next === undefined || entry.at < next) next = entry.at
    if (timer && timer.at === next) return
    if (timer) clock.cancel(timer.id)
    timer = next === undefined ? undefined : { id: clock.at(next, fire), at: next }
  }

  function nextDue(now: number, tried: Set<string>): [string, Entry] | undefined {
    let best: [string, Entry] | undefined
    for (const [name, entry] of due) {
      if (entry.at > now || tried.has(`${name}\u0000${entry.id}\u0000${entry.at}`)) continue
      const [bestName, bestEntry] = best ?? []
      if (
        !bestEntry ||
        entry.at < bestEntry.at ||
        (entry.at === bestEntry.at && (entry.rank < bestEntry.rank || (entry.rank === bestEntry.rank && name < bestName!)))
      ) {
        best = [name, entry]
      }
    }
    return best
  }

  async function applyNatural(name: string, now: number) {
    await deps.update(name, (current) => {
      const step = forced.get(name)
      const transition = nextTransition(current, config, now, { scope: step ? 'deletion' : 'all' })
      // Re-checked inside the write: a request may have changed the object since it was scheduled.
      if (!transition || transition.at > now) return undefined
      return transition.apply(current, context(now))
    })
  }

  async function applyForced(name: string, request: ImageSnapshotTransitionRequest, now: number): Promise<boolean> {
    let applied = false
    if (!deps.get(name)) return false
    await deps.update(name, (current) => {
      const result = applyForcedTransition(current, request, resolveImageSnapshotSettings(config, name), context(now))
      applied = result !== undefined
      return result
    })
    return applied
  }

  async function fire() {
    timer = undefined
    firing = true
    // A transition that leaves its object unchanged (the write was a no-op) is not retried at this instant.
    const tried = new Set<string>()
    try {
      for (;;) {
        const now = clock.now()
        const next = nextDue(now, tried)
        if (!next) break
        const [name, entry] = next
        tried.add(`${name}\u0000${entry.id}\u0000${entry.at}`)
        const step = forced.get(name)
        if (entry.id === 'forced' && step) {
          forced.delete(name)
          await applyForced(name, step.request, now)
        } else {
          await applyNatural(name, now)
        }
        refresh(name)
      }
    } finally {
      firing = false
      reschedule()
    }
  }

  function resync() {
    if (timer) clock.cancel(timer.id) // harmless when clock.reset() already dropped it
    timer = undefined
    due.clear()
    const names = new Set(forced.keys())
    for (const object of deps.list()) if (object.metadata.name) names.add(object.metadata.name)
    for (const name of names) refresh(name)
    reschedule()
  }

  const unsubscribe = deps.onChange((name) => {
    refresh(name)
    reschedule()
  })
  resync()

  return {
    resync,
    configure(next) {
      checkImageSnapshotLifecycleConfig(next)
      config = next
      resync()
    },
    schedule(name, at, request) {
      const token = {}
      forced.set(name, { at, request, token })
      refresh(name)
      reschedule()
      return () => {
        if (forced.get(name)?.token !== token) return
        forced.delete(name)
        refresh(name)
        reschedule()
      }
    },
    async force(name, request) {
      const applied = await applyForced(name, request, clock.now())
      refresh(name)
      reschedule()
      return applied
    },
    pending() {
      return [...due]
        .map(([name, entry]) => ({ name, id: entry.id, at: entry.at, rank: entry.rank }))
        .sort((a, b) => a.at - b.at || a.rank - b.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map(({ name, id, at }) => ({ name, id, at }))
    },
    dispose() {
      unsubscribe()
      if (timer) clock.cancel(timer.id)
      timer = undefined
      due.clear()
      forced.clear()
    },
  }
}
