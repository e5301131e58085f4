// What the CCI controller writes into an ImageSnapshot's status as it moves along its lifecycle
// (cci.md §10, CCI-45): the pulled images with digests and sizes derived from the seed, the snapshot's
// id and name, failures, and when the snapshot expires. Pure functions of (object, time, seeded ids).
import { rfc3339 } from '../clock.ts'
import type { Ids } from '../ids.ts'
import { createIds } from '../ids.ts'
import { isJsonObject, type JsonObject } from '../json/jsonObject.ts'
import type { KubeObject } from '../kube/resource.ts'
import { imageSnapshotDefaults, type ImageSnapshotStatus, type PulledImage } from './imageSnapshotTypes.ts'

export interface ImageSnapshotFailure {
  /** A CamelCase reason, e.g. `CreateEVSSnapshotFailed` (the only one the documentation shows). */
  reason: string
  /** `{name}` is replaced by the object's name. */
  message: string
}

function specOf(object: KubeObject): JsonObject {
  return isJsonObject(object.spec) ? object.spec : {}
}

function statusOf(object: KubeObject): JsonObject {
  return isJsonObject(object.status) ? object.status : {}
}

/** CCI-8: absent, null or 0 means the snapshot never expires. */
export function ttlDaysOf(object: KubeObject): number | undefined {
  const ttl = specOf(object).ttlDaysAfterCreated
  return typeof ttl === 'number' && Number.isInteger(ttl) && ttl > 0 ? ttl : undefined
}

/** seed: "Default is 1440" (CCI-17: applied by behaviour, never written). */
export function buildTimeoutMinutesOf(object: KubeObject): number {
  const building = specOf(object).buildingConfig
  const minutes = isJsonObject(building) ? building.timeoutMinutes : undefined
  return typeof minutes === 'number' && Number.isInteger(minutes) && minutes > 0 ? minutes : imageSnapshotDefaults.timeoutMinutes
}

export const dayMs = 86_400_000
export const minuteMs = 60_000

/** CCI-45: creationTimestamp + ttlDaysAfterCreated days, to the second; undefined when it never expires. */
function expireDateTimeOf(object: KubeObject): string | undefined {
  const created = typeof object.metadata.creationTimestamp === 'string' ? Date.parse(object.metadata.creationTimestamp) : Number.NaN
  const ttl = ttlDaysOf(object)
  return Number.isNaN(created) || ttl === undefined ? undefined : rfc3339(created + ttl * dayMs)
}

/** What a row's `next` needs besides the object: time and the seeded ids. */
export interface ImageSnapshotTransitionContext {
  /** Virtual time the transition fires at, ms. */
  now: number
  ids: Ids
  /** Seed-derived salt for image digests and sizes (see digestSaltOf). */
  digestSalt: string
}

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
function imageDigestOf(image: string, salt: string): string {
  const pinned = image.lastIndexOf('@')
  if (pinned >= 0) return image.slice(pinned + 1)
  return `sha256:${imageStream(image, salt).hex(64, 'digest')}`
}

const mib = 1024 * 1024
const pulledImageSizeRange = { min: 5 * mib, max: 512 * mib } as const

/** An image size between 5 MiB and 512 MiB, derived from (seed, image). */
function imageSizeBytesOf(image: string, salt: string): number {
  const { min, max } = pulledImageSizeRange
  return min + Math.floor(imageStream(image, salt).random('size') * (max - min + 1))
}

/** CCI-45: `cci-imagesnapshot-<name>`, the CCI developer guide's EVS snapshot name. */
function snapshotNameOf(name: string): string {
  return `cci-imagesnapshot-${name}`
}

/** T2: the build succeeded. */
export function availableStatus(object: KubeObject, ctx: ImageSnapshotTransitionContext): ImageSnapshotStatus {
  const specImages = Array.isArray(specOf(object).images) ? (specOf(object).images as unknown[]) : []
  const images: PulledImage[] = specImages.map((entry) => {
    const image = isJsonObject(entry) && typeof entry.image === 'string' ? entry.image : ''
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

/** T7: the phase follows the deletion; the other status fields stay. */
export function deletingStatus(object: KubeObject, ctx: ImageSnapshotTransitionContext): ImageSnapshotStatus {
  return { ...(statusOf(object) as ImageSnapshotStatus), lastUpdatedTime: rfc3339(ctx.now), phase: 'Deleting' }
}
