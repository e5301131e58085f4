// Huawei Cloud CCI 2.0 `ImageSnapshot` (apiVersion cci/v2): the strategy the generic Kubernetes
// machinery runs for it (cci.md §1–§8, §11). An image snapshot is an EVS disk snapshot with container
// images pre-pulled into it; CCI builds it with a pod in `spec.buildingConfig.namespace`. Everything that
// is not special to this kind (names, uids, resourceVersions, finalizer mechanics, watch) is the
// machinery's; decoding, the wire form, OpenAPI and the strategic-merge directives come from the Go
// structs (imageSnapshotGoTypes.ts); the status writes over time are imageSnapshotLifecycle.ts.
import { jsonEqual } from '../jsonEqual.ts'
import type { FieldError } from '../kube/fieldErrors.ts'
import { decodeGo } from '../kube/go/goDecode.ts'
import { encodeGo, roundTripGo } from '../kube/go/goEncode.ts'
import { goOpenApiSchema } from '../kube/go/goOpenApi.ts'
import { goStrategicMerge } from '../kube/go/goStrategicMerge.ts'
import { goStructWithout, type GoType } from '../kube/go/goType.ts'
import type { KubeObject, ObjectMeta, ResourceDefinition, StrategyContext } from '../kube/resource.ts'
import { imageSnapshotSpecType, imageSnapshotStatusType, imageSnapshotType } from './imageSnapshotGoTypes.ts'
import { imageSnapshotTable } from './imageSnapshotTable.ts'
import { stampTenant } from './imageSnapshotTenant.ts'
import { rebaseImageSnapshotTimes } from './imageSnapshotTimes.ts'
import {
  imageSnapshotFinalizer,
  imageSnapshotGroup,
  imageSnapshotGroupVersion,
  imageSnapshotVersion,
  type ImageSnapshot,
  type ImageSnapshotSpec,
  type ImageSnapshotStatus,
} from './imageSnapshotTypes.ts'
import { validateImageSnapshotSpec } from './imageSnapshotValidation.ts'
import { isJsonObject } from '../json/jsonObject.ts'

// The public names of the kind (src/index.ts) and the finalizer, next to the resource they belong to.
export type { ImageSnapshot, ImageSnapshotSpec, ImageSnapshotStatus } from './imageSnapshotTypes.ts'
export { imageSnapshotFinalizer } from './imageSnapshotTypes.ts'

/** CCI-34: the wording of the one cause a spec change gets. */
const specImmutableDetail = 'updates to imagesnapshot spec are forbidden'

// The strategy owns spec and status; metadata and type meta are the machinery's.
const contentType = goStructWithout(imageSnapshotType, ['kind', 'apiVersion', 'metadata'])
const specPointer: GoType = { kind: 'pointer', elem: imageSnapshotSpecType }

/**
 * CCI-10: the error Go's decoder would report for the body's spec and status (a wrong JSON type, a
 * number that does not fit the field), or undefined when it decodes; the machinery answers 400 with the
 * prefix `ImageSnapshot in version "v2" cannot be handled as a ImageSnapshot: `.
 */
export function imageSnapshotDecodeError(object: KubeObject): string | undefined {
  return decodeGo(object, contentType).error
}

/** CCI-17: the stored spec is what was sent as the Go structs keep it: nulls gone, `autoCreateEIPAttribute: {}` rendered. */
function normaliseSpec(object: KubeObject): void {
  if (!Object.hasOwn(object, 'spec')) return
  const spec = roundTripGo(object.spec, specPointer).json
  if (spec === null) delete object.spec
  else object.spec = spec
}

function prepareForCreate(object: KubeObject, ctx: StrategyContext): void {
  normaliseSpec(object)
  // CCI-14: whatever the client sent, a new snapshot is being built.
  object.status = { phase: 'Creating' } satisfies ImageSnapshotStatus
  // CCI-3: ImageSnapshot does not declare generation (the seed example has none).
  delete object.metadata.generation
  // CCI-15: the controller's finalizer, appended once after any the client sent.
  const finalizers = object.metadata.finalizers
  if (finalizers === undefined || finalizers === null) object.metadata.finalizers = [imageSnapshotFinalizer]
  else if (Array.isArray(finalizers) && !finalizers.includes(imageSnapshotFinalizer)) finalizers.push(imageSnapshotFinalizer)
  stampTenant(object.metadata, ctx.principal)
}

function prepareForUpdate(object: KubeObject, old: KubeObject): void {
  normaliseSpec(object)
  // CCI-35: status is "Populated by the system. Read-only": a client's status is ignored.
  if (old.status === undefined) delete object.status
  else object.status = structuredClone(old.status)
  if (old.metadata.generation === undefined) delete object.metadata.generation
  else object.metadata.generation = old.metadata.generation
}

function validateUpdate(object: KubeObject, old: KubeObject): FieldError[] {
  // CCI-34: an image snapshot is a one-shot build; Huawei's Terraform provider treats every spec field as force-new.
  if (!jsonEqual(object.spec, old.spec)) return [{ type: 'Forbidden', field: 'spec', detail: specImmutableDetail }]
  return []
}

/** Map keys sorted, as encoding/json writes a Go map; Object.fromEntries defines keys, so `__proto__` stays a key. */
function sortedKeys(value: unknown): unknown {
  return isJsonObject(value) ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, value[key]])) : value
}

/**
 * Seed 000's example lists metadata keys, labels and annotations alphabetically (`annotations`,
 * `creationTimestamp`, `deletionGracePeriodSeconds`, `deletionTimestamp`, `finalizers`, `labels`, `name`,
 * `resourceVersion`, `uid`), like the rest of the object; the emulator answers in that order.
 */
function encodeMetadata(meta: ObjectMeta): ObjectMeta {
  return Object.fromEntries(
    Object.keys(meta)
      .filter((key) => meta[key] !== undefined)
      .sort()
      .map((key) => [key, key === 'labels' || key === 'annotations' ? sortedKeys(meta[key]) : meta[key]]),
  ) as ObjectMeta
}

/** K-11: the wire form: TypeMeta, ObjectMeta, spec, status; spec and status as Go marshals the structs. */
export function encodeImageSnapshot(object: KubeObject, groupVersion: string = imageSnapshotGroupVersion): ImageSnapshot {
  const out: ImageSnapshot = { apiVersion: groupVersion, kind: 'ImageSnapshot', metadata: encodeMetadata(object.metadata) }
  // The lifecycle writes status directly, and fixtures are stored as given: no zero values are filled in.
  if (object.spec !== undefined) out.spec = encodeGo(object.spec, imageSnapshotSpecType, { omitAbsent: true }) as ImageSnapshotSpec
  if (object.status !== undefined) out.status = encodeGo(object.status, imageSnapshotStatusType, { omitAbsent: true }) as ImageSnapshotStatus
  return out
}

export const imageSnapshotResource: ResourceDefinition = {
  // CCI-50: fixture times move to the emulator clock, so old fixtures' TTLs do not all expire at once.
  prepareFixtures: (objects, nowMs) => rebaseImageSnapshotTimes(objects, nowMs),
  // cci.md §1: cluster-scoped, no shortNames, no categories, no status subresource.
  group: imageSnapshotGroup,
  version: imageSnapshotVersion,
  kind: 'ImageSnapshot',
  listKind: 'ImageSnapshotList',
  plural: 'imagesnapshots',
  singular: 'imagesnapshot',
  listItemsCarryTypeMeta: true,
  // CCI-37: a PUT without resourceVersion is an unconditional update, as for CRDs.
  allowUnconditionalUpdate: true,
  nameRule: 'dns1123Subdomain',
  // CCI-38, listed in K-16's order.
  patchTypes: [
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/strategic-merge-patch+json',
    'application/apply-patch+yaml',
  ],
  // CCI-38: no merge keys are known, so strategic merge replaces every list whole.
  strategicMerge: goStrategicMerge(imageSnapshotType),
  decode: imageSnapshotDecodeError,
  prepareForCreate,
  validate: (object) => validateImageSnapshotSpec(object.spec),
  prepareForUpdate: (object, old) => prepareForUpdate(object, old),
  validateUpdate: (object, old) => validateUpdate(object, old),
  table: imageSnapshotTable,
  encode: encodeImageSnapshot,
  // kubectl explain reads it; kubectl apply reads the patch media types from the path (K-40).
  openapiSchema: goOpenApiSchema(imageSnapshotType, { group: imageSnapshotGroup, version: imageSnapshotVersion, kind: 'ImageSnapshot' }),
}
