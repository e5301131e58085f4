// The rules for image records: what a create body may hold, what a PATCH may change, who may
// delete, tag, deactivate. Pure functions over GlanceImage; the service applies their results to
// the store. Sources: glance/api/v2/images.py (RequestDeserializer, ImagesController),
// glance/domain/__init__.py (ImageFactory, Image), glance/api/v2/policy.py, glance/quota.
import type { Principal } from '../auth.ts'
import { badRequest, conflict, entityTooLarge, forbidden, GlanceError, policyDenied } from './errors.ts'
import { coreAttributes, type GlanceImage, type ImageVisibility } from './image.ts'
import type { PatchChange } from './jsonPatch.ts'
import { type ImageStatus } from './lifecycle.ts'
import { pythonRepr } from './pythonRepr.ts'
import { copyRecord, emptyRecord, setOwn } from './safeRecord.ts'
import { assertMatchesSchema, invalidObject } from './schemaValidation.ts'
import { imageSchema } from './schemas.ts'
import { isOwner } from './visibility.ts'
import { isJsonObject } from '../json/jsonObject.ts'

// glance/common/config.py quotas.
const imagePropertyQuota = 128
const imageTagQuota = 128

// RequestDeserializer: refused before schema validation on create.
const createDisallowed = ['direct_url', 'self', 'file', 'schema', 'stores']
// RequestDeserializer._readonly_properties: refused in PATCH paths.
const patchReadOnly = new Set([
  'created_at',
  'updated_at',
  'status',
  'checksum',
  'size',
  'virtual_size',
  'direct_url',
  'self',
  'file',
  'schema',
  'id',
  'os_hash_algo',
  'os_hash_value',
])
const reservedProperties = new Set(['location', 'deleted', 'deleted_at'])
// glance/api/common.py GLANCE_RESERVED_NS: Glance's own bookkeeping properties.
const reservedNamespace = 'os_glance'
// RequestDeserializer._base_properties: what a create body sets on the image itself.
const createBaseProperties = new Set([
  'checksum',
  'created_at',
  'container_format',
  'disk_format',
  'id',
  'min_disk',
  'min_ram',
  'name',
  'size',
  'virtual_size',
  'status',
  'tags',
  'owner',
  'updated_at',
  'visibility',
  'protected',
  'os_hidden',
])
// ImageFactory._readonly_properties / _reserved_properties.
const factoryReadOnly = ['created_at', 'updated_at', 'status', 'checksum', 'os_hash_algo', 'os_hash_value', 'size', 'virtual_size']
const factoryReserved = ['owner', 'locations', 'deleted', 'deleted_at', 'direct_url', 'self', 'file', 'schema']

const readOnly = (key: string) => forbidden(`Attribute '${key}' is read-only.`)
const reserved = (key: string) => forbidden(`Attribute '${key}' is reserved.`)

function isReservedName(key: string): boolean {
  return reservedProperties.has(key) || key.startsWith(reservedNamespace)
}

export interface CreateRequest {
  /** Core attributes from the body (`id` included), as given. */
  core: Record<string, unknown>
  extra: Record<string, string | null>
  tags: string[]
}

/** RequestDeserializer.create: what the body asks for, or Glance's 400/403. */
export function parseCreateBody(body: unknown): CreateRequest {
  if (!isJsonObject(body)) throw invalidObject('image', `${pythonRepr(body)} is not of type 'object'`)
  for (const key of createDisallowed) if (Object.hasOwn(body, key)) throw readOnly(key)
  assertMatchesSchema(body, imageSchema())
  const core = emptyRecord<unknown>()
  const extra = emptyRecord<string | null>()
  let tags: string[] = []
  for (const key of Object.keys(body)) {
    const value = body[key]
    if (key === 'tags') tags = value as string[]
    else if (createBaseProperties.has(key)) setOwn(core, key, value)
    else setOwn(extra, key, value as string | null)
  }
  for (const key of Object.keys(extra)) {
    if ([...key].length > 255) throw badRequest('Custom property should not be greater than 255 characters.')
    if (isReservedName(key)) throw reserved(key)
  }
  return { core, extra, tags }
}

function negativeValue(param: string, value: number): GlanceError {
  return badRequest(`Invalid value '${value}' for parameter '${param}': Cannot be a negative value`)
}

function uniqueTags(tags: readonly string[]): string[] {
  return [...new Set(tags)]
}

function assertTagQuota(count: number): void {
  if (count > imageTagQuota) {
    throw entityTooLarge(`The limit has been exceeded on the number of allowed image tags. Attempted: ${count}, Maximum: ${imageTagQuota}`)
  }
}

function assertPropertyQuota(count: number): void {
  if (count > imagePropertyQuota) {
    throw entityTooLarge(
      `The limit has been exceeded on the number of allowed image properties. Attempted: ${count}, Maximum: ${imagePropertyQuota}`,
    )
  }
}

/** _enforce_image_visibility: publicize_image is admin-only; communitize_image needs modify rights. */
function assertMaySetVisibility(visibility: unknown, principal: Principal): void {
  if (visibility === 'public' && !principal.admin) throw policyDenied('publicize_image')
}

/**
 * ImagesController.create + ImageFactory.new_image: the new image, or the error Glance answers.
 * `id` is used when the body has none; `now` stamps created_at and updated_at.
 */
export function newImage(request: CreateRequest, principal: Principal, id: string, now: string): GlanceImage {
  const { core } = request
  const owner = Object.hasOwn(core, 'owner') ? (core.owner as string | null) : principal.project
  assertMaySetVisibility(core.visibility, principal)
  if (!principal.admin && (owner === null || owner !== principal.project)) {
    throw forbidden(`You are not permitted to create images owned by '${owner ?? 'None'}'.`)
  }
  for (const key of factoryReadOnly) if (Object.hasOwn(core, key) || Object.hasOwn(request.extra, key)) throw readOnly(key)
  for (const key of factoryReserved) if (Object.hasOwn(request.extra, key)) throw reserved(key)
  const minDisk = (core.min_disk as number | undefined) ?? 0
  const minRam = (core.min_ram as number | undefined) ?? 0
  if (minDisk < 0) throw negativeValue('min_disk', minDisk)
  if (minRam < 0) throw negativeValue('min_ram', minRam)
  assertPropertyQuota(Object.keys(request.extra).length)
  const tags = uniqueTags(request.tags)
  assertTagQuota(tags.length)
  return {
    id: Object.hasOwn(core, 'id') ? String(core.id) : id,
    name: (core.name as string | null | undefined) ?? null,
    disk_format: (core.disk_format as string | null | undefined) ?? null,
    container_format: (core.container_format as string | null | undefined) ?? null,
    visibility: (core.visibility as ImageVisibility | undefined) ?? 'shared',
    size: null,
    virtual_size: null,
    status: 'queued',
    checksum: null,
    protected: (core.protected as boolean | undefined) ?? false,
    min_ram: minRam,
    min_disk: minDisk,
    owner,
    os_hidden: (core.os_hidden as boolean | undefined) ?? false,
    os_hash_algo: null,
    os_hash_value: null,
    created_at: now,
    updated_at: now,
    tags,
    properties: copyRecord(request.extra),
  }
}

/** RequestDeserializer._validate_change: read-only and reserved paths, then the value's schema. */
export function validateChange(change: PatchChange): void {
  const root = change.path[0]!
  if (patchReadOnly.has(root)) throw readOnly(root)
  if (isReservedName(root)) throw reserved(root)
  if (change.op === 'remove') return
  // image_properties.name holds 255 characters: the create check (LP #1737952) guards additions too.
  if (!coreAttributes.has(root) && [...root].length > 255) throw badRequest('Custom property should not be greater than 255 characters.')
  // One segment: {root: value}. `/locations/N`: the value as one item of the array.
  const partial = emptyRecord<unknown>()
  if (change.path.length === 1) setOwn(partial, root, change.value)
  else if (root === 'locations') setOwn(partial, root, [change.value])
  else return
  assertMatchesSchema(partial, imageSchema())
}

const formatsReplaceableIn: readonly ImageStatus[] = ['queued', 'importing']

function setCoreAttribute(image: GlanceImage, key: string, value: unknown, principal: Principal): void {
  switch (key) {
    case 'name':
      image.name = value as string | null
      return
    case 'visibility':
      image.visibility = value as ImageVisibility
      return
    case 'protected':
      image.protected = value as boolean
      return
    case 'os_hidden':
      image.os_hidden = value as boolean
      return
    case 'min_ram':
    case 'min_disk':
      if ((value as number) < 0) throw negativeValue(key, value as number)
      image[key] = value as number
      return
    case 'owner':
      if (!principal.admin) throw forbidden("Owner can't be updated by non admin.")
      image.owner = value as string | null
      return
    case 'disk_format':
    case 'container_format':
      // Image.disk_format setter: formats describe the data, so they freeze once data arrives.
      if (!formatsReplaceableIn.includes(image.status)) throw forbidden(`Attribute ${key} can be only replaced for a queued image.`)
      image[key] = value as string | null
      return
    case 'tags':
      image.tags = uniqueTags(value as string[])
      return
    default:
      // Read-only core attributes were refused while parsing.
      throw readOnly(key)
  }
}

function locationsRefused(op: PatchChange['op'], value: unknown): GlanceError {
  // show_multiple_locations is off by default: locations can be neither seen nor changed.
  if (op === 'replace' && Array.isArray(value) && value.length === 0) return forbidden('Cannot set locations to empty list.')
  const verb = op === 'add' ? 'add' : op === 'remove' ? 'remove' : 'update'
  return forbidden(`It's not allowed to ${verb} locations if locations are invisible.`)
}

/**
 * ImagesController.update: `image` with `changes` applied, or the error Glance answers (in which
 * case nothing changes). `now` becomes updated_at when there was at least one change. `locations`
 * applies /locations changes where the deployment shows locations (locations.ts); else they are refused.
 */
export function applyChanges(
  current: GlanceImage,
  changes: readonly PatchChange[],
  principal: Principal,
  now: string,
  locations?: (image: GlanceImage, change: PatchChange) => void,
): GlanceImage {
  const image: GlanceImage = structuredClone(current)
  image.properties = copyRecord(current.properties)
  for (const change of changes) {
    const key = change.path[0]!
    if (key === 'locations') {
      if (!locations) throw locationsRefused(change.op, change.value)
      if (!principal.admin && !isOwner(image, principal)) throw policyDenied('modify_image')
      locations(image, change)
      continue
    }
    if (change.op === 'replace' && key === 'owner' && !principal.admin) throw forbidden("Owner can't be updated by non admin.")
    if (change.op !== 'remove' && key === 'visibility') assertMaySetVisibility(change.value, principal)
    if (!principal.admin && !isOwner(image, principal)) throw policyDenied('modify_image')
    const core = coreAttributes.has(key)
    const present = core || Object.hasOwn(image.properties, key)
    if (change.op === 'remove') {
      if (core) throw forbidden(`Property ${key} may not be removed.`)
      if (!present) throw conflict(`Property ${key} does not exist.`)
      delete image.properties[key]
      continue
    }
    if (change.op === 'add' && change.draft === 4 && present) throw conflict(`Property ${key} already present.`)
    if (change.op === 'replace' && !present) throw conflict(`Property ${key} does not exist.`)
    if (core) setCoreAttribute(image, key, change.value, principal)
    else setOwn(image.properties, key, change.value as string)
  }
  if (changes.length === 0) return current
  assertPropertyQuota(Object.keys(image.properties).length)
  assertTagQuota(image.tags.length)
  image.updated_at = now
  return image
}

/** delete_image policy, then Image.delete(): protected images stay. */
export function assertMayDelete(image: GlanceImage, principal: Principal): void {
  if (!principal.admin && !isOwner(image, principal)) throw policyDenied('delete_image')
  if (image.protected) throw forbidden(`Image ${image.id} is protected and cannot be deleted.`)
}

/** ImageTagsController.update: the image with `tag` added (a set). */
export function withTag(image: GlanceImage, tag: string, principal: Principal, now: string): GlanceImage {
  if (!principal.admin && !isOwner(image, principal)) throw policyDenied('modify_image')
  const tags = uniqueTags([...image.tags, tag])
  if (tags.length > imageTagQuota) {
    throw entityTooLarge(
      `Image tag limit exceeded for image ${image.id}: The limit has been exceeded on the number of allowed image tags. Attempted: ${tags.length}, Maximum: ${imageTagQuota}:`,
    )
  }
  return { ...image, tags, updated_at: now }
}

/** ImageTagsController.delete: 404 (WebOb's default text) when the tag is absent. */
export function withoutTag(image: GlanceImage, tag: string, principal: Principal, now: string): GlanceImage {
  if (!principal.admin && !isOwner(image, principal)) throw policyDenied('modify_image')
  if (!image.tags.includes(tag)) throw new GlanceError(404)
  return { ...image, tags: image.tags.filter((t) => t !== tag), updated_at: now }
}

export type ImageAction = 'deactivate' | 'reactivate'

/**
 * Image.deactivate()/reactivate(): active ⇄ deactivated, a no-op when already there, 403 from any
 * other status. Returns undefined when nothing changes. `ownerMay` is the policy switch of spec
 * G12.2 (upstream lets the owning project do it; the api-ref says admin only).
 */
export function afterAction(image: GlanceImage, action: ImageAction, principal: Principal, ownerMay: boolean, now: string): GlanceImage | undefined {
  const allowed = principal.admin || (ownerMay && isOwner(image, principal))
  if (!allowed) throw policyDenied(`${action}`)
  const [from, to]: [ImageStatus, ImageStatus] = action === 'deactivate' ? ['active', 'deactivated'] : ['deactivated', 'active']
  if (image.status === to) return undefined
  if (image.status !== from) throw forbidden(`Not allowed to ${action} image in status '${image.status}'`)
  return { ...image, status: to, updated_at: now }
}
