// Server-side apply (K-19), after sigs.k8s.io/structured-merge-diff's merge.Updater.Apply: the applied
// configuration is merged into the live object, the applier owns exactly what it applied, fields it
// applied before and now leaves out are removed unless someone else owns them, and changing a value
// another manager owns is a 409 conflict unless `force` takes the field over.
//
// Lists follow the kind's list types (listTypes.ts): an atomic list is replaced whole and owned as one
// field; a set or map list is merged item by item, each item owned by whoever applied it, so a
// controller's finalizer or owner reference survives another manager's apply.
import type { KubeObject } from './resource.ts'
import { failure, type StatusError } from './status.ts'
import { compareValues, FieldSet, formatPath, indexItems, isItemElement, leavesOf, sameValue, type FieldPath } from './fieldSet.ts'
import { listTypesOf, type ListTypes } from './listTypes.ts'
import {
  decodeManagers,
  encodeManagers,
  managedContent,
  managerKey,
  takeFields,
  withoutServerFields,
  type ManagerEntry,
  type Managers,
} from './managedFields.ts'
import { fieldsAppliedClientSide, lastAppliedManager, updateLastApplied } from './lastApplied.ts'
import { isJsonObject } from '../json/jsonObject.ts'

type JsonObject = Record<string, unknown>

export interface ApplyRequest {
  /** The live object in the wire form of the endpoint (undefined: apply creates it). */
  live: KubeObject | undefined
  /** The applied configuration, decoded. */
  config: KubeObject
  manager: string
  /** The group-version the configuration was applied with (managedFields apiVersion). */
  apiVersion: string
  force: boolean
  /** RFC 3339, emulator clock. */
  now: string
  /** The kind's OpenAPI schema, for its list types (absent: ObjectMeta's only). */
  schema?: Record<string, unknown>
}

function define(object: JsonObject, key: string, value: unknown) {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true })
}

/**
 * Merges `config` into `live`: maps field by field, set and map lists item by item (merge.go's order:
 * live items the configuration lacks stay where they were, its items come in its order), everything
 * else replaced. A null in the configuration unsets the field.
 */
function merge(live: unknown, config: unknown, path: FieldPath, types: ListTypes): unknown {
  if (Array.isArray(live) && Array.isArray(config)) {
    const lhs = indexItems(live, path, types)
    const rhs = lhs && indexItems(config, path, types)
    if (lhs && rhs) return mergeItems(lhs, rhs, path, types)
  }
  if (!isJsonObject(live) || !isJsonObject(config)) return structuredClone(config)
  const out: JsonObject = {}
  for (const key of Object.keys(live)) define(out, key, structuredClone(live[key]))
  for (const key of Object.keys(config)) {
    const value = config[key]
    if (value === null) {
      delete out[key]
      continue
    }
    define(out, key, Object.hasOwn(out, key) ? merge(out[key], value, [...path, key], types) : structuredClone(value))
  }
  return out
}

function mergeItems(lhs: Map<string, unknown>, rhs: Map<string, unknown>, path: FieldPath, types: ListTypes): unknown[] {
  const left = [...lhs.keys()]
  const right = [...rhs.keys()]
  const out: unknown[] = []
  const emitted = new Set<string>()
  let l = 0
  let r = 0
  while (l < left.length || r < right.length) {
    const element = left[l]
    if (element !== undefined && (emitted.has(element) || !rhs.has(element))) {
      if (!emitted.has(element)) out.push(structuredClone(lhs.get(element)))
      emitted.add(element)
      l++
      continue
    }
    if (r < right.length) {
      const next = right[r++]!
      out.push(lhs.has(next) ? merge(lhs.get(next), rhs.get(next), [...path, next], types) : structuredClone(rhs.get(next)))
      emitted.add(next)
      continue
    }
    l++
  }
  return out
}

/** The configuration without nulls (a null sets nothing, so owns nothing). */
function withoutNulls(value: JsonObject): JsonObject {
  const out: JsonObject = {}
  for (const key of Object.keys(value)) {
    const child = value[key]
    if (child === null) continue
    define(out, key, isJsonObject(child) ? withoutNulls(child) : child)
  }
  return out
}

/**
 * Removes the field or list item at `path`, then any map or list it leaves empty that nobody owns
 * (addBackOwnedItems keeps owned ones).
 */
function removeField(root: JsonObject, path: FieldPath, owned: (path: FieldPath) => boolean, types: ListTypes): void {
  // containers[i] holds the element path[i]; a list's items are found by their element.
  const containers: unknown[] = []
  let node: unknown = root
  const locate = (container: unknown, depth: number): number | string | undefined => {
    const element = path[depth]!
    if (isJsonObject(container)) return Object.hasOwn(container, element) ? element : undefined
    if (!Array.isArray(container)) return undefined
    const items = indexItems(container, path.slice(0, depth), types)
    if (!items?.has(element)) return undefined
    return [...items.keys()].indexOf(element)
  }
  const slots: Array<number | string> = []
  for (let depth = 0; depth < path.length; depth++) {
    const slot = locate(node, depth)
    if (slot === undefined) return
    containers.push(node)
    slots.push(slot)
    node = (node as Record<string | number, unknown>)[slot]
  }
  const drop = (container: unknown, slot: number | string) => {
    if (Array.isArray(container)) container.splice(slot as number, 1)
    else delete (container as JsonObject)[slot as string]
  }
  drop(containers[path.length - 1], slots[path.length - 1]!)
  for (let depth = path.length - 1; depth >= 1; depth--) {
    const container = containers[depth]
    const containerPath = path.slice(0, depth)
    const empty = Array.isArray(container) ? container.length === 0 : isJsonObject(container) && Object.keys(container).length === 0
    if (!empty || owned(containerPath)) break
    // metadata always exists on an object.
    if (containerPath.length === 1 && containerPath[0] === 'metadata') break
    drop(containers[depth - 1], slots[depth - 1]!)
  }
}

interface Conflict {
  entry: ManagerEntry
  path: FieldPath
}

/** printManager: Update owners are named with the version they wrote; appliers by name only. */
function describeManager(entry: ManagerEntry): string {
  const name = JSON.stringify(entry.manager)
  return entry.operation === 'Update' ? `${name} using ${entry.apiVersion}` : name
}

/** internal/conflict.go NewConflictError: 409 Conflict whose details carry only the causes. */
function applyConflict(conflicts: Conflict[]): StatusError {
  const causes = conflicts.map(({ entry, path }) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${describeManager(entry)}`,
    field: formatPath(path),
  }))
  let message: string
  if (conflicts.length === 1) {
    const [only] = conflicts
    message = `Apply failed with 1 conflict: conflict with ${describeManager(only!.entry)}: ${formatPath(only!.path)}`
  } else {
    const byManager = new Map<string, Conflict[]>()
    for (const conflict of conflicts) {
      const key = describeManager(conflict.entry)
      byManager.set(key, [...(byManager.get(key) ?? []), conflict])
    }
    const lines: string[] = []
    for (const key of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${key}:`)
      for (const conflict of byManager.get(key)!) lines.push(`- ${formatPath(conflict.path)}`)
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`
  }
  return failure(409, 'Conflict', message, { causes })
}

type Merged = { object: KubeObject } | { conflicts: Conflict[] }

function byManager(a: Conflict, b: Conflict): number {
  const x = describeManager(a.entry)
  const y = describeManager(b.entry)
  return x < y ? -1 : x > y ? 1 : 0
}

/**
 * Applies `config` over `live`; returns the object to store (wire form, managedFields set). Throws the
 * 409 conflict Status when another manager owns a value this apply would change and `force` is off —
 * except, for `kubectl`, the values its client-side apply set (lastApplied.ts).
 */
export function serverSideApply(request: ApplyRequest): KubeObject {
  let outcome = mergeApplied(request, request.force)
  if ('conflicts' in outcome && request.manager === lastAppliedManager && request.live) {
    const allowed = fieldsAppliedClientSide(request.live, request.apiVersion, listTypesOf(request.schema))
    if (allowed) {
      const remaining = outcome.conflicts.filter((conflict) => !allowed.has(conflict.path))
      if (remaining.length) throw applyConflict(remaining)
      outcome = mergeApplied(request, true)
    }
  }
  if ('conflicts' in outcome) throw applyConflict(outcome.conflicts)
  return request.manager === lastAppliedManager ? updateLastApplied(outcome.object, request.config) : outcome.object
}

function mergeApplied(request: ApplyRequest, force: boolean): Merged {
  const { live, config } = request
  const types = listTypesOf(request.schema)
  const liveContent = live ? managedContent(live) : {}
  const configContent = managedContent(config)
  const managers: Managers = decodeManagers(live?.metadata?.managedFields) ?? new Map()
  const key = managerKey(request.manager, 'Apply', request.apiVersion)
  const previous = managers.get(key)
  const applied = withoutServerFields(leavesOf(withoutNulls(configContent), types))

  // The applier now owns exactly what it applied; what it owned before and dropped goes unless someone
  // still owns it, or — for a field, not a list item — something under it (merge.Updater.prune: removal,
  // then addBackOwnedItems, which adds back named fields but not the items of a list).
  managers.set(key, {
    manager: request.manager,
    operation: 'Apply',
    apiVersion: request.apiVersion,
    time: previous?.time,
    fields: applied,
  })
  const merged = merge(liveContent, configContent, [], types) as JsonObject
  if (!isJsonObject(merged.metadata)) define(merged, 'metadata', {})
  if (previous) {
    const ownedByAnyone = (path: FieldPath) => [...managers.values()].some((entry) => entry.fields.has(path))
    const ownedAtOrUnder = (path: FieldPath) => [...managers.values()].some((entry) => !entry.fields.under(path).empty)
    const isItem = (path: FieldPath) => isItemElement(path[path.length - 1]!)
    const removable = previous.fields
      .difference(applied)
      .sorted()
      .filter((path) => (isItem(path) ? !ownedByAnyone(path) : !ownedAtOrUnder(path)))
    // Whole items first (their fields go with them, keys included), then fields, deepest first.
    for (const path of removable.filter(isItem)) removeField(merged, path, ownedByAnyone, types)
    for (const path of removable.filter((path) => !isItem(path)).reverse()) removeField(merged, path, ownedByAnyone, types)
  }

  const changes = compareValues(liveContent, merged, types)
  const changed = withoutServerFields(changes.added.union(changes.modified))
  const conflicts: Conflict[] = []
  const conflicting = new FieldSet()
  for (const [otherKey, entry] of managers) {
    if (otherKey === key) continue
    for (const path of entry.fields.intersection(changed).sorted()) {
      conflicts.push({ entry, path })
      conflicting.add(path)
    }
  }
  if (conflicts.length && !force) return { conflicts: conflicts.sort(byManager) }
  // force: the applier takes the fields over; removed fields leave their owners.
  takeFields(managers, conflicting, key)
  takeFields(managers, withoutServerFields(changes.removed), key)

  const entry = managers.get(key)!
  const objectChanged = !sameValue(liveContent, merged)
  managers.set(key, { ...entry, time: objectChanged || !entry.time ? request.now : entry.time })
  const managedFields = encodeManagers(managers)
  const metadata = merged.metadata as JsonObject
  if (managedFields.length) define(metadata, 'managedFields', managedFields)
  return { object: merged as KubeObject }
}
