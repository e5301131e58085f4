// ObjectMeta validation as kube-apiserver 1.32 runs it (K-8, K-9, K-12, K-13), with apimachinery's own texts:
// the format checks of pkg/util/validation (formatValidation.ts), pkg/api/validation/path/name.go (path-segment names), pkg/api/validation/objectmeta.go (ValidateObjectMetaAccessor,
// ValidateObjectMetaAccessorUpdate) and pkg/apis/meta/v1/validation (ValidateLabels).
//
// The metadata arrives as decoded JSON, so every shape is checked before it is read: a wrong type is reported as an
// Invalid cause instead of throwing.
import { goValue, type FieldError } from './fieldErrors.ts'
import type { NameRule } from './resource.ts'
import { isJsonObject, type JsonObject } from '../json/jsonObject.ts'
import { dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors, utf8Length } from './formatValidation.ts'

/** Reads an own key only: a key such as `__proto__` or `constructor` must never reach the prototype chain. */
function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined
}

// ---- names (K-12) ----

/** path.IsValidPathSegmentName: the rule OpenShift Image uses, so `sha256:<hex>` is a valid name. */
function pathSegmentNameErrors(name: string): string[] {
  for (const illegal of ['.', '..']) if (name === illegal) return [`may not be '${illegal}'`]
  return pathSegmentPrefixErrors(name)
}

/** path.IsValidPathSegmentPrefix: a prefix may be `.` since the generated suffix makes the name valid. */
function pathSegmentPrefixErrors(prefix: string): string[] {
  const errors: string[] = []
  for (const illegal of ['/', '%']) if (prefix.includes(illegal)) errors.push(`may not contain '${illegal}'`)
  return errors
}

/**
 * validation.maskTrailingDash: a generateName may end in `-`. Go replaces the last TWO bytes with `a`
 * (`name[:len(name)-2] + "a"`), which shortens the prefix by one; reproduced as is.
 */
function maskTrailingDash(prefix: string): string {
  return prefix.length > 1 && prefix.endsWith('-') ? `${prefix.slice(0, -2)}a` : prefix
}

/** The messages the name rule gives for a full name (apimachinery's ValidateNameFunc with prefix=false). */
export function validateName(name: string, rule: NameRule): string[] {
  return rule === 'pathSegment' ? pathSegmentNameErrors(name) : dns1123SubdomainErrors(name)
}

/** The same rule for a `generateName` prefix (prefix=true): a trailing `-` is allowed. */
function validateGenerateName(prefix: string, rule: NameRule): string[] {
  return rule === 'pathSegment' ? pathSegmentPrefixErrors(prefix) : dns1123SubdomainErrors(maskTrailingDash(prefix))
}

// ---- labels, annotations, finalizers, owner references (K-13) ----

const notAString = 'must be a string'

/** v1validation.ValidateLabels: every cause carries the field `metadata.labels`, keys and values alike. */
function validateLabels(labels: unknown, field = 'metadata.labels'): FieldError[] {
  if (labels === undefined || labels === null) return []
  if (!isJsonObject(labels)) return [{ type: 'Invalid', field, value: labels, detail: 'must be a map of string keys to string values' }]
  const errors: FieldError[] = []
  for (const key of Object.keys(labels)) {
    for (const detail of qualifiedNameErrors(key)) errors.push({ type: 'Invalid', field, value: key, detail })
    const value = labels[key]
    if (typeof value !== 'string') {
      errors.push({ type: 'Invalid', field, value, detail: notAString })
      continue
    }
    for (const detail of labelValueErrors(value)) errors.push({ type: 'Invalid', field, value, detail })
  }
  return errors
}

/** apimachinery TotalAnnotationSizeLimitB: 256 KiB over all keys and values. */
const totalAnnotationSizeLimit = 256 * 1024

/** ValidateAnnotations: keys are qualified names compared case-insensitively; the total size is capped. */
function validateAnnotations(annotations: unknown, field = 'metadata.annotations'): FieldError[] {
  if (annotations === undefined || annotations === null) return []
  if (!isJsonObject(annotations)) {
    return [{ type: 'Invalid', field, value: annotations, detail: 'must be a map of string keys to string values' }]
  }
  const errors: FieldError[] = []
  let totalSize = 0
  for (const key of Object.keys(annotations)) {
    for (const detail of qualifiedNameErrors(key.toLowerCase())) errors.push({ type: 'Invalid', field, value: key, detail })
    const value = annotations[key]
    if (typeof value !== 'string') {
      errors.push({ type: 'Invalid', field, value, detail: notAString })
      continue
    }
    totalSize += utf8Length(key) + utf8Length(value)
  }
  if (totalSize > totalAnnotationSizeLimit) errors.push({ type: 'TooLong', field, max: totalAnnotationSizeLimit })
  return errors
}

/** ValidateFinalizers: qualified names; `orphan` and `foregroundDeletion` exclude each other. */
function validateFinalizers(finalizers: unknown, field = 'metadata.finalizers'): FieldError[] {
  if (finalizers === undefined || finalizers === null) return []
  if (!Array.isArray(finalizers)) return [{ type: 'Invalid', field, value: finalizers, detail: 'must be a list of strings' }]
  const errors: FieldError[] = []
  for (const finalizer of finalizers) {
    if (typeof finalizer !== 'string') {
      errors.push({ type: 'Invalid', field, value: finalizer, detail: notAString })
      continue
    }
    for (const detail of qualifiedNameErrors(finalizer)) errors.push({ type: 'Invalid', field, value: finalizer, detail })
  }
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errors.push({ type: 'Invalid', field, value: finalizers, detail: 'finalizer orphan and foregroundDeletion cannot be both set' })
  }
  return errors
}

/** schema.ParseGroupVersion's version part: empty for "", "/", "group/" and for more than one `/`. */
function versionOf(apiVersion: string): string {
  const slashes = apiVersion.split('/').length - 1
  if (slashes === 0) return apiVersion
  if (slashes === 1) return apiVersion.slice(apiVersion.indexOf('/') + 1)
  return ''
}

function stringMember(object: JsonObject, key: string): string {
  const value = own(object, key)
  return typeof value === 'string' ? value : ''
}

/**
 * ValidateOwnerReferences. The real validator reports the members under `metadata.ownerReferences.<member>`
 * without an index, which is reproduced.
 */
function validateOwnerReferences(ownerReferences: unknown, field = 'metadata.ownerReferences'): FieldError[] {
  if (ownerReferences === undefined || ownerReferences === null) return []
  if (!Array.isArray(ownerReferences)) {
    return [{ type: 'Invalid', field, value: ownerReferences, detail: 'must be a list of owner references' }]
  }
  const errors: FieldError[] = []
  let firstController = ''
  for (const reference of ownerReferences) {
    if (!isJsonObject(reference)) {
      errors.push({ type: 'Invalid', field, value: reference, detail: 'must be an object' })
      continue
    }
    const apiVersion = stringMember(reference, 'apiVersion')
    const kind = stringMember(reference, 'kind')
    const name = stringMember(reference, 'name')
    const uid = stringMember(reference, 'uid')
    if (!versionOf(apiVersion)) errors.push({ type: 'Invalid', field: `${field}.apiVersion`, value: apiVersion, detail: 'version must not be empty' })
    if (!kind) errors.push({ type: 'Invalid', field: `${field}.kind`, value: kind, detail: 'must not be empty' })
    if (!name) errors.push({ type: 'Invalid', field: `${field}.name`, value: name, detail: 'must not be empty' })
    if (!uid) errors.push({ type: 'Invalid', field: `${field}.uid`, value: uid, detail: 'must not be empty' })
    if (own(reference, 'controller') === true) {
      const controller = `${kind}/${name}`
      if (firstController) {
        errors.push({
          type: 'Invalid',
          field,
          value: ownerReferences,
          detail: `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${controller}`,
        })
      } else firstController = controller
    }
  }
  return errors
}

// ---- whole ObjectMeta ----

function stringField(meta: JsonObject, key: string, errors: FieldError[]): string {
  const value = own(meta, key)
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  errors.push({ type: 'Invalid', field: `metadata.${key}`, value, detail: notAString })
  return ''
}

/** Undefined or null metadata is an empty ObjectMeta (as Go decodes it); any other non-object is reported. */
function metaObject(meta: unknown, errors: FieldError[]): JsonObject | undefined {
  if (meta === undefined || meta === null) return {}
  if (isJsonObject(meta)) return meta
  errors.push({ type: 'Invalid', field: 'metadata', value: meta, detail: 'must be an object' })
  return undefined
}

/**
 * ValidateObjectMetaAccessor (create), in the real order: generateName, name, generation, labels, annotations,
 * ownerReferences, finalizers. A missing name is only required when there is no generateName either, so the
 * check can run before or after the store generates the name (K-10, K-12). `metadata.namespace` is not checked:
 * the emulated kinds are cluster-scoped and the store drops it (K-8).
 */
export function validateObjectMetaCreate(meta: unknown, nameRule: NameRule): FieldError[] {
  const errors: FieldError[] = []
  const object = metaObject(meta, errors)
  if (!object) return errors
  const generateName = stringField(object, 'generateName', errors)
  const name = stringField(object, 'name', errors)
  if (generateName) {
    for (const detail of validateGenerateName(generateName, nameRule)) {
      errors.push({ type: 'Invalid', field: 'metadata.generateName', value: generateName, detail })
    }
  }
  if (name) {
    for (const detail of validateName(name, nameRule)) errors.push({ type: 'Invalid', field: 'metadata.name', value: name, detail })
  } else if (!generateName && !errors.some((error) => error.field === 'metadata.name')) {
    errors.push({ type: 'Required', field: 'metadata.name', detail: 'name or generateName is required' })
  }
  const generation = own(object, 'generation')
  if (generation !== undefined && generation !== null) {
    if (typeof generation !== 'number' || !Number.isInteger(generation)) {
      errors.push({ type: 'Invalid', field: 'metadata.generation', value: generation, detail: 'must be an integer' })
    } else if (generation < 0) {
      errors.push({ type: 'Invalid', field: 'metadata.generation', value: generation, detail: 'must be greater than or equal to 0' })
    }
  }
  errors.push(...validateLabels(own(object, 'labels')))
  errors.push(...validateAnnotations(own(object, 'annotations')))
  errors.push(...validateOwnerReferences(own(object, 'ownerReferences')))
  errors.push(...validateFinalizers(own(object, 'finalizers')))
  return errors
}

/** Go's time.Time.String() for an RFC 3339 instant, as a metav1.Time prints in a field error. */
function goTimeString(timestamp: unknown): string {
  const ms = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN
  if (Number.isNaN(ms)) return typeof timestamp === 'string' ? timestamp : '0001-01-01 00:00:00 +0000 UTC'
  const iso = new Date(ms).toISOString() // 2026-01-01T00:00:00.000Z
  const fraction = iso.slice(20, 23).replace(/0+$/, '')
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''} +0000 UTC`
}

function sameInstant(a: unknown, b: unknown): boolean {
  const absent = (value: unknown): boolean => value === undefined || value === null || value === ''
  if (absent(a) || absent(b)) return absent(a) && absent(b)
  const ma = typeof a === 'string' ? Date.parse(a) : Number.NaN
  const mb = typeof b === 'string' ? Date.parse(b) : Number.NaN
  if (Number.isNaN(ma) || Number.isNaN(mb)) return a === b
  return ma === mb
}

function immutable(field: string, value: unknown): FieldError {
  return { type: 'Invalid', field: `metadata.${field}`, value, detail: 'field is immutable' }
}

/**
 * ValidateObjectMetaAccessorUpdate, then the create rules on the new metadata (as OpenShift's ValidateImageUpdate
 * and the generic BeforeUpdate both do). Each cause appears once. `metadata.resourceVersion` is not checked here:
 * the store answers K-15 (409 / 422 `0x0`) before validation runs.
 *
 * Immutable timestamps print as Go prints a metav1.Time (`2026-01-01 00:00:00 +0000 UTC`); a nil pointer prints
 * as `"null"`, as field.Error does.
 */
export function validateObjectMetaUpdate(meta: unknown, oldMeta: unknown, nameRule: NameRule): FieldError[] {
  const errors: FieldError[] = []
  const object = metaObject(meta, errors)
  if (!object) return errors
  const old = isJsonObject(oldMeta) ? oldMeta : {}

  // K-9: while deletionTimestamp is set no finalizer may be added (ValidateNoNewFinalizers).
  const oldDeletion = own(old, 'deletionTimestamp')
  if (oldDeletion !== undefined && oldDeletion !== null) {
    const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])
    const before = new Set(strings(own(old, 'finalizers')))
    const added = [...new Set(strings(own(object, 'finalizers')))].filter((f) => !before.has(f)).sort()
    if (added.length) {
      errors.push({
        type: 'Forbidden',
        field: 'metadata.finalizers',
        detail: `no new finalizers can be added if the object is being deleted, found new finalizers ${goValue(added)}`,
      })
    }
  }

  const newGeneration = own(object, 'generation')
  const oldGeneration = own(old, 'generation')
  const asInt = (value: unknown): number => (typeof value === 'number' ? value : 0)
  if (asInt(newGeneration) < asInt(oldGeneration)) {
    errors.push({ type: 'Invalid', field: 'metadata.generation', value: asInt(newGeneration), detail: 'must not be decremented' })
  }

  const text = (value: unknown): string => (typeof value === 'string' ? value : '')
  for (const key of ['name', 'namespace', 'uid']) {
    if (text(own(object, key)) !== text(own(old, key))) errors.push(immutable(key, text(own(object, key))))
  }
  const created = own(object, 'creationTimestamp')
  if (!sameInstant(created, own(old, 'creationTimestamp'))) errors.push(immutable('creationTimestamp', goTimeString(created)))
  const deleted = own(object, 'deletionTimestamp')
  if (!sameInstant(deleted, oldDeletion)) {
    errors.push(immutable('deletionTimestamp', deleted === undefined || deleted === null ? 'null' : goTimeString(deleted)))
  }
  const grace = own(object, 'deletionGracePeriodSeconds') ?? null
  const oldGrace = own(old, 'deletionGracePeriodSeconds') ?? null
  if (grace !== oldGrace) errors.push(immutable('deletionGracePeriodSeconds', grace === null ? 'null' : grace))

  for (const error of validateObjectMetaCreate(object, nameRule)) {
    if (!errors.some((seen) => seen.field === error.field && seen.detail === error.detail && seen.value === error.value)) errors.push(error)
  }
  return errors
}
