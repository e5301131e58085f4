// metadata.managedFields (K-11): who set which field, as kube-apiserver's field manager records it
// (k8s.io/apimachinery pkg/util/managedfields/internal: managedfields.go, managedfieldsupdater.go,
// stripmeta.go, structuredmerge.go). Every write by a client is an `Update` by its manager — the
// fieldManager query parameter, or the User-Agent up to its first `/` — and takes the fields it
// changed away from everyone else; server-side apply (apply.ts) records `Apply` entries.
import type { KubeObject } from './resource.ts'
import { compareValues, FieldSet, fromFieldsV1, startsWith, toFieldsV1, type FieldPath } from './fieldSet.ts'
import { listTypesOf } from './listTypes.ts'
import { isJsonObject } from '../json/jsonObject.ts'
import { compareBytes } from '../order/byteOrder.ts'

export type ManagedOperation = 'Apply' | 'Update'

export interface ManagerEntry {
  manager: string
  operation: ManagedOperation
  apiVersion: string
  time: string | undefined
  fields: FieldSet
}

/** Managers by identity: appliers are one manager whatever apiVersion they applied with (BuildManagerIdentifier). */
export type Managers = Map<string, ManagerEntry>

export function managerKey(manager: string, operation: ManagedOperation, apiVersion: string): string {
  return operation === 'Apply' ? JSON.stringify([manager, operation]) : JSON.stringify([manager, operation, apiVersion])
}

/** managerOrUserAgent: the fieldManager option, else the User-Agent's product token (`kubectl/v1.32…` → `kubectl`). */
export function managerName(fieldManager: string | undefined, userAgent: string | null): string {
  if (fieldManager) return fieldManager
  return (userAgent ?? '').split('/')[0]!
}

/**
 * Fields no manager owns: identity and server-set metadata (stripmeta.go). `metadata` itself is in the
 * list, so the map that always exists is never "created" by anyone.
 */
const strippedPaths: FieldPath[] = [
  ['apiVersion'],
  ['kind'],
  ['metadata'],
  ['metadata', 'name'],
  ['metadata', 'namespace'],
  ['metadata', 'creationTimestamp'],
  ['metadata', 'selfLink'],
  ['metadata', 'uid'],
  ['metadata', 'clusterName'],
  ['metadata', 'generation'],
  ['metadata', 'managedFields'],
  ['metadata', 'resourceVersion'],
  // Only DELETE sets these (K-9); a client never owns them.
  ['metadata', 'deletionTimestamp'],
  ['metadata', 'deletionGracePeriodSeconds'],
]

export function withoutServerFields(set: FieldSet): FieldSet {
  return FieldSet.of(
    [...set].filter(
      (path) => !strippedPaths.some((stripped) => stripped.length === path.length && startsWith(path, stripped)) && !startsWith(path, ['metadata', 'managedFields']),
    ),
  )
}

/** The object as the field manager compares it: no type meta, no managedFields. */
export function managedContent(object: KubeObject | Record<string, unknown>): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, ...rest } = object as Record<string, unknown>
  const copy = structuredClone(rest)
  if (isJsonObject(copy.metadata)) {
    const { managedFields: _m, ...metadata } = copy.metadata
    copy.metadata = metadata
  }
  return copy
}

/** One stored entry, or undefined when it is not a valid entry (decodeManagedFields' checks). */
function decodeEntry(raw: unknown): ManagerEntry | undefined {
  if (!isJsonObject(raw)) return undefined
  const { manager, operation, apiVersion, time, fieldsType, fieldsV1 } = raw
  if (operation !== 'Apply' && operation !== 'Update') return undefined
  if (typeof apiVersion !== 'string' || apiVersion === '') return undefined
  if (fieldsType !== 'FieldsV1') return undefined
  if (manager !== undefined && typeof manager !== 'string') return undefined
  if (time !== undefined && time !== null && typeof time !== 'string') return undefined
  const fields = fieldsV1 === undefined ? new FieldSet() : fromFieldsV1(fieldsV1)
  if (!fields) return undefined
  return { manager: manager ?? '', operation, apiVersion, time: time ?? undefined, fields }
}

/** Decodes managedFields; undefined when any entry is invalid. */
export function decodeManagers(entries: unknown): Managers | undefined {
  const managers: Managers = new Map()
  if (entries === undefined || entries === null) return managers
  if (!Array.isArray(entries)) return undefined
  for (const raw of entries) {
    const entry = decodeEntry(raw)
    if (!entry) return undefined
    const key = managerKey(entry.manager, entry.operation, entry.apiVersion)
    const previous = managers.get(key)
    managers.set(key, previous ? { ...entry, fields: previous.fields.union(entry.fields) } : entry)
  }
  return managers
}

/**
 * `[]` or `[{}]` in a request resets managedFields (isResetManagedFields: a non-nil empty list or one
 * empty entry; an omitted or null field keeps the live entries).
 */
function isReset(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false
  if (entries.length === 0) return true
  return entries.length === 1 && isJsonObject(entries[0]) && Object.keys(entries[0]).length === 0
}

/**
 * decodeLiveOrNew: the request's managedFields when it sets valid, non-empty ones (clients may edit them
 * directly), an empty set when it resets them, else the live object's — so clients that do not know the
 * field cannot wipe it.
 */
function startingManagers(incoming: unknown, live: unknown): Managers {
  if (isReset(incoming)) return new Map()
  const requested = decodeManagers(incoming)
  if (requested && requested.size > 0) return requested
  return decodeManagers(live) ?? new Map()
}

/**
 * Stored form, in the apiserver's order: Apply entries before Update entries, then by time, manager
 * and apiVersion; keys in Go struct order (K-11).
 */
export function encodeManagers(managers: Managers): Record<string, unknown>[] {
  const entries = [...managers.values()].filter((entry) => !entry.fields.empty)
  entries.sort(
    (a, b) =>
      compareBytes(a.operation, b.operation) || compareBytes(a.time ?? '', b.time ?? '') || compareBytes(a.manager, b.manager) || compareBytes(a.apiVersion, b.apiVersion),
  )
  return entries.map((entry) => {
    const out: Record<string, unknown> = {}
    if (entry.manager) out.manager = entry.manager
    out.operation = entry.operation
    out.apiVersion = entry.apiVersion
    if (entry.time) out.time = entry.time
    out.fieldsType = 'FieldsV1'
    out.fieldsV1 = toFieldsV1(entry.fields)
    return out
  })
}

/** Removes `fields` from every manager but `except`, dropping managers left with nothing. */
export function takeFields(managers: Managers, fields: FieldSet, except?: string): void {
  if (fields.empty) return
  for (const [key, entry] of managers) {
    if (key === except) continue
    const remaining = entry.fields.difference(fields)
    if (remaining.empty) managers.delete(key)
    else managers.set(key, { ...entry, fields: remaining })
  }
}

export interface UpdateRecord {
  manager: string
  apiVersion: string
  /** RFC 3339, the emulator clock (K-7). */
  time: string
  /** The kind's OpenAPI schema, for its list types (absent: ObjectMeta's only). */
  schema?: Record<string, unknown>
}

/**
 * managedFieldsUpdater.Update over structuredmerge's Update: the fields this write added or changed
 * become the manager's (taken from anyone who had them), removed fields leave every owner; a write
 * that changes nothing leaves the entries, times included, as they were.
 *
 * `sent` is the object as the client sent it, `stored` what the strategy made of it: a field counts as
 * changed only when both say so, so fields the strategy resets (a client status, IMG-30's server-owned
 * fields) or fills in by itself belong to nobody — kube-apiserver gets the same from the strategies'
 * reset-field lists. `live` is undefined on create.
 */
export function recordUpdate(live: KubeObject | undefined, sent: KubeObject, stored: KubeObject, by: UpdateRecord): Record<string, unknown>[] {
  const managers = startingManagers(sent.metadata?.managedFields, live?.metadata?.managedFields)
  // skipnonapplied.go: an existing object nobody tracks (reset, or stored without managedFields) stays
  // untracked through updates; only an apply starts tracking it again.
  if (live && managers.size === 0) return []
  const types = listTypesOf(by.schema)
  const before = live ? managedContent(live) : {}
  const requested = compareValues(before, managedContent(sent), types)
  const made = compareValues(before, managedContent(stored), types)
  const changed = withoutServerFields(requested.added.union(requested.modified).intersection(made.added.union(made.modified)))
  takeFields(managers, changed)
  takeFields(managers, withoutServerFields(made.removed))
  if (!changed.empty) {
    const key = managerKey(by.manager, 'Update', by.apiVersion)
    const previous = managers.get(key)
    managers.set(key, {
      manager: by.manager,
      operation: 'Update',
      apiVersion: by.apiVersion,
      time: by.time,
      fields: previous ? previous.fields.union(changed) : changed,
    })
  }
  return encodeManagers(managers)
}

/**
 * After an apply: what the strategy reset in the merged object (`sent` → `stored`) is owned by nobody,
 * as for updates. `entries` are the managedFields apply computed.
 */
export function forgetResetFields(entries: unknown, sent: KubeObject, stored: KubeObject, schema?: Record<string, unknown>): Record<string, unknown>[] {
  const managers = decodeManagers(entries) ?? new Map()
  const reset = compareValues(managedContent(sent), managedContent(stored), listTypesOf(schema))
  takeFields(managers, withoutServerFields(reset.modified.union(reset.removed)))
  return encodeManagers(managers)
}
