// PATCH bodies (K-16): JSON Patch (RFC 6902), JSON Merge Patch (RFC 7386) and Kubernetes strategic merge patch
// (k8s.io/apimachinery pkg/util/strategicpatch, the server-side apply half: mergeMap / mergeSlice /
// normalizeElementOrder). All three take decoded JSON, never mutate their inputs and return fresh values.
//
// Keys come from users, so the merge patches read every object through own properties only and write with
// Object.defineProperty: `__proto__`, `constructor` and `prototype` are ordinary data keys there and can never
// reach a prototype; a JSON Patch path through them is refused (fast-json-patch's banPrototypeModifications).
import type { StrategicMergeSchema } from './resource.ts'
import { applyPatch, type Operation } from 'fast-json-patch/index.mjs'
import { jsonEqual } from '../jsonEqual.ts'
import { isJsonObject, type JsonObject } from '../json/jsonObject.ts'

/**
 * Why a patch could not be applied, in the terms the handler answers with:
 * `invalid` → 422 (a failed op or test, a missing path, a merge that cannot be done),
 * `undecodable` → 400 with `message` (the document does not decode as that patch type),
 * `tooLarge` → 413 (more than 10000 JSON-patch operations).
 */
export type PatchErrorKind = 'invalid' | 'undecodable' | 'tooLarge'

export class PatchError extends Error {
  kind: PatchErrorKind
  constructor(kind: PatchErrorKind, message: string) {
    super(message)
    this.name = 'PatchError'
    this.kind = kind
  }
}

/** kube-apiserver's maxJSONPatchOperations (pkg/endpoints/handlers/patch.go). */
const maxJsonPatchOperations = 10000

function setOwn(object: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true })
}

function deleteOwn(object: JsonObject, key: string): void {
  if (Object.hasOwn(object, key)) delete object[key]
}

/** A deep copy of decoded JSON, built with own data properties only. */
function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone)
  if (isJsonObject(value)) {
    const copy: JsonObject = {}
    for (const key of Object.keys(value)) setOwn(copy, key, clone(value[key]))
    return copy
  }
  return value
}

/** The JSON type word Go's decoder prints in `json: cannot unmarshal <type> into Go value of type …`. */
function goJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (value === null) return 'null'
  if (typeof value === 'boolean') return 'bool'
  return typeof value === 'object' ? 'object' : typeof value
}

/** Go's %v of a decoded JSON value, for the strategic-merge error texts. */
function goFormat(value: unknown): string {
  if (value === null || value === undefined) return '<nil>'
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`
  if (isJsonObject(value)) {
    return `map[${Object.keys(value)
      .sort()
      .map((key) => `${key}:${goFormat(value[key])}`)
      .join(' ')}]`
  }
  return String(value)
}

const invalid = (message: string): PatchError => new PatchError('invalid', message)
const undecodable = (message: string): PatchError => new PatchError('undecodable', message)

// ---------------------------------------------------------------------------------------------------------------
// JSON Patch (RFC 6902), applied by fast-json-patch; the Kubernetes decoding rules around it are ours
// ---------------------------------------------------------------------------------------------------------------

/**
 * Applies an RFC 6902 patch to a copy of `doc`. As kube-apiserver does it: the body must decode as an array of
 * objects (else 400 with Go's decoder text), more than 10000 operations are refused (413), and any operation that
 * fails — including an unknown or missing `op`, which the server only notices while applying — fails the whole
 * patch (422), and `doc` is never touched. A `null` body decodes as an empty patch.
 */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (ops === null) return clone(doc)
  if (!Array.isArray(ops)) throw undecodable(`json: cannot unmarshal ${goJsonType(ops)} into Go value of type jsonpatch.Patch`)
  for (const operation of ops) {
    if (operation !== null && !isJsonObject(operation)) {
      throw undecodable(`json: cannot unmarshal ${goJsonType(operation)} into Go value of type jsonpatch.Operation`)
    }
  }
  if (ops.length > maxJsonPatchOperations) {
    throw new PatchError('tooLarge', `The allowed maximum operations in a JSON patch is ${maxJsonPatchOperations}, got ${ops.length}`)
  }
  // evanphx/json-patch cannot remove the document itself; fast-json-patch would return nothing.
  if (ops.some((operation) => isJsonObject(operation) && operation.op === 'remove' && operation.path === '')) {
    throw invalid('unable to remove the whole document')
  }
  try {
    // validate: every operation is checked (op, path, value) before it runs; banPrototypeModifications:
    // a `__proto__` or `constructor/prototype` path is refused instead of walked.
    return applyPatch(clone(doc), clone(ops) as Operation[], true, true, true).newDocument
  } catch (error) {
    throw invalid(error instanceof Error ? error.message.split('\n')[0]! : String(error))
  }
}

// ---------------------------------------------------------------------------------------------------------------
// JSON Merge Patch (RFC 7386)
// ---------------------------------------------------------------------------------------------------------------

function mergePatchValue(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return clone(patch)
  const base = isJsonObject(target) ? target : {}
  const result: JsonObject = {}
  for (const key of Object.keys(base)) {
    if (!Object.hasOwn(patch, key)) setOwn(result, key, clone(base[key]))
    else if (patch[key] !== null) setOwn(result, key, mergePatchValue(base[key], patch[key]))
  }
  for (const key of Object.keys(patch)) {
    if (Object.hasOwn(base, key) || patch[key] === null) continue
    setOwn(result, key, mergePatchValue(undefined, patch[key]))
  }
  return result
}

/**
 * RFC 7386 MergePatch: objects merge recursively, `null` removes a member, anything else replaces. The body of a
 * Kubernetes merge patch must be an object; evanphx/json-patch rejects other documents with `Invalid JSON Patch`
 * (a 400).
 */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) throw undecodable('Invalid JSON Patch')
  return mergePatchValue(doc, patch)
}

// ---------------------------------------------------------------------------------------------------------------
// Strategic merge patch
// ---------------------------------------------------------------------------------------------------------------

/**
 * The ObjectMeta struct tags every kind shares: `finalizers` is a merged set of strings and `ownerReferences`
 * merges by `uid`; `labels` and `annotations` are maps (merged anyway), `managedFields` is atomic.
 */
const metadataStrategicMergeSchema: StrategicMergeSchema = {
  'metadata.finalizers': { strategy: 'merge' },
  'metadata.ownerReferences': { strategy: 'merge', mergeKey: 'uid' },
}

type Schema = Map<string, { strategy: 'merge' | 'replace'; mergeKey?: string }>
type Kind = 'null' | 'object' | 'array' | 'string' | 'number' | 'boolean'

const directiveMarker = '$patch'
const retainKeysDirective = '$retainKeys'
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList'
const setElementOrderPrefix = '$setElementOrder'

function kindOf(value: unknown): Kind {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value === 'object' ? 'object' : (typeof value as Kind)
}

/** sliceElementType: all elements of the lists share one type, and it is not a list. */
function elementKind(...lists: unknown[][]): Kind | undefined {
  let kind: Kind | undefined
  for (const item of lists.flat()) {
    const current = kindOf(item)
    if (current === 'array') throw invalid('lists of lists are not supported')
    if (kind === undefined) kind = current
    else if (kind !== current) throw invalid(`list element types are not identical: ${goFormat(lists)}`)
  }
  return kind
}

/** The merge key's value in an element; a dotted key (`metadata.name`) walks into nested maps. */
function keyValue(element: unknown, mergeKey: string): unknown {
  let current = element
  for (const part of mergeKey.split('.')) {
    if (!isJsonObject(current) || !Object.hasOwn(current, part)) return undefined
    current = current[part]
  }
  return current
}

function sameIdentity(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return false
  return typeof a === 'object' && a !== null ? jsonEqual(a, b) : a === b
}

function noMergeKey(element: unknown, mergeKey: string): PatchError {
  return invalid(`map: ${goFormat(element)} does not contain declared merge key: ${mergeKey}`)
}

function badArgType(actual: unknown): PatchError {
  const type = Array.isArray(actual) ? '[]interface {}' : isJsonObject(actual) ? 'map[string]interface {}' : kindOf(actual) === 'number' ? 'float64' : kindOf(actual) === 'boolean' ? 'bool' : kindOf(actual)
  return invalid(`expected a []interface {}, but received a ${type}`)
}

/** extractKey: `$setElementOrder/<field>` → `<field>`. */
function directiveTarget(key: string, prefix: string, message: string): string {
  const slash = key.indexOf('/')
  if (slash < 0 || key.slice(0, slash) !== prefix) throw undecodable(message)
  return key.slice(slash + 1)
}

/**
 * normalizeElementOrder: items named in `order` come in that order, the others keep their order in the live list,
 * and the two runs are interleaved by their positions in the live list (mergeSortedSlice). Without
 * `$setElementOrder`, `order` is the patch list itself, which is why new items land before untouched ones.
 */
function normalizeOrder(merged: unknown[], order: unknown[], live: unknown[], mergeKey: string | undefined): unknown[] {
  const identity = (item: unknown): unknown => (mergeKey ? keyValue(item, mergeKey) : item)
  const indexIn = (list: unknown[], item: unknown): number => {
    const id = identity(item)
    return list.findIndex((other) => sameIdentity(identity(other), id))
  }
  const byIndexIn = (list: unknown[]) => (items: unknown[]) =>
    items
      .map((item, position) => ({ item, position, index: indexIn(list, item) }))
      .sort((a, b) => a.index - b.index || a.position - b.position)
      .map(({ item }) => item)
  const inOrder = merged.filter((item) => indexIn(order, item) >= 0)
  const left = byIndexIn(live)(merged.filter((item) => indexIn(order, item) < 0))
  const right = byIndexIn(order)(inOrder)
  const result: unknown[] = []
  let i = 0
  let j = 0
  while (i < left.length || j < right.length) {
    if (i >= left.length) result.push(right[j++])
    else if (j >= right.length) result.push(left[i++])
    else {
      const li = indexIn(live, left[i])
      const ri = indexIn(live, right[j])
      if (li >= 0 && ri >= 0 && li < ri) result.push(left[i++])
      else result.push(right[j++])
    }
  }
  return result
}

/** mergeSlice for a list whose field is tagged `patchStrategy:"merge"`. */
function mergeList(original: unknown[], patch: unknown[], path: string, mergeKey: string | undefined, schema: Schema): unknown[] {
  if (original.length === 0 && patch.length === 0) return []
  const kind = elementKind(original, patch)
  if (kind !== 'object') {
    // A set of scalars (metadata.finalizers): union without duplicates.
    const merged: unknown[] = []
    for (const item of [...original, ...patch]) if (!merged.some((seen) => sameIdentity(seen, item))) merged.push(item)
    return normalizeOrder(merged, patch, original, undefined)
  }
  if (!mergeKey) throw invalid(`cannot merge lists without merge key for ${path}`)
  const elementPath = `${path}[]`
  // mergeSliceWithSpecialElements: `$patch: delete` elements remove by key, `$patch: replace` makes the patch list
  // the whole list.
  let live = original.map(clone)
  let additions: JsonObject[] = []
  let replace = false
  for (const element of patch as JsonObject[]) {
    if (!Object.hasOwn(element, directiveMarker)) {
      additions.push(element)
      continue
    }
    const directive = element[directiveMarker]
    if (directive === 'delete') {
      const key = keyValue(element, mergeKey)
      if (key === undefined) throw noMergeKey(element, mergeKey)
      live = live.filter((item) => !sameIdentity(keyValue(item, mergeKey), key))
    } else if (directive === 'replace') {
      replace = true
    } else if (directive === 'merge') {
      throw invalid('merging lists cannot yet be specified in the patch')
    } else {
      throw invalid(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(element)}`)
    }
  }
  if (replace) {
    live = additions.map((element) => mergeMap(undefined, element, elementPath, schema))
    additions = []
  }
  // mergeSliceWithoutSpecialElements: merge into the element with the same key, else append.
  const merged = [...live]
  for (const element of additions) {
    const key = keyValue(element, mergeKey)
    if (key === undefined) throw noMergeKey(element, mergeKey)
    const index = merged.findIndex((item) => sameIdentity(keyValue(item, mergeKey), key))
    if (index >= 0) merged[index] = mergeMap(merged[index] as JsonObject, element, elementPath, schema)
    else merged.push(mergeMap(undefined, element, elementPath, schema))
  }
  return normalizeOrder(merged, additions, live, mergeKey)
}

/**
 * The merged value of one field. `current` is the live value when it has the same JSON type as the patch value
 * (otherwise the patch value replaces it, as in Go); directives inside a value that has nothing to merge with are
 * still interpreted, so none of them reaches the stored object.
 */
function mergeValue(current: unknown, value: unknown, path: string, schema: Schema): unknown {
  const entry = schema.get(path)
  if (isJsonObject(value)) return mergeMap(entry?.strategy === 'replace' || !isJsonObject(current) ? undefined : current, value, path, schema)
  if (Array.isArray(value)) {
    if (entry?.strategy !== 'merge') return clone(value)
    return mergeList(Array.isArray(current) ? current : [], value, path, entry.mergeKey, schema)
  }
  return value
}

function childPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}

/** `$deleteFromPrimitiveList/<field>`: removes the listed scalars from the live list. */
function deleteFromPrimitiveList(result: JsonObject, field: string, toDelete: unknown): void {
  if (!Object.hasOwn(result, field)) return
  const current = result[field]
  if (!Array.isArray(current)) throw badArgType(current)
  if (!Array.isArray(toDelete)) throw badArgType(toDelete)
  if (current.length === 0 && toDelete.length === 0) return
  elementKind(current, toDelete)
  setOwn(
    result,
    field,
    current.filter((item) => !toDelete.some((gone) => sameIdentity(gone, item))),
  )
}

/** mergePatchIntoOriginal: a `$setElementOrder/<field>` list merges that field and fixes its order. */
function applySetElementOrder(result: JsonObject, patch: JsonObject, key: string, path: string, schema: Schema): string | undefined {
  const order = patch[key]
  const field = directiveTarget(key, setElementOrderPrefix, 'invalid patch format of setElementOrder list')
  if (!Array.isArray(order)) throw badArgType(order)
  const fieldPath = childPath(path, field)
  const foundLive = Object.hasOwn(result, field)
  const foundPatch = Object.hasOwn(patch, field)
  const live = foundLive ? result[field] : undefined
  const patched = foundPatch ? patch[field] : undefined
  if (foundLive && !Array.isArray(live)) throw badArgType(live)
  if (foundPatch && !Array.isArray(patched)) throw badArgType(patched)
  if (!foundLive && !foundPatch) return undefined
  const liveList = (live as unknown[] | undefined) ?? []
  const merged = (foundPatch ? mergeValue(foundLive ? liveList : undefined, patched, fieldPath, schema) : liveList) as unknown[]
  const kind = elementKind(merged)
  const mergeKey = schema.get(fieldPath)?.mergeKey
  const ordered = kind === 'object' && !mergeKey ? merged : normalizeOrder(merged, order, liveList, kind === 'object' ? mergeKey : undefined)
  setOwn(result, field, ordered.map(clone))
  return field
}

function mergeMap(original: JsonObject | undefined, patch: JsonObject, path: string, schema: Schema): JsonObject {
  if (Object.hasOwn(patch, directiveMarker)) {
    const directive = patch[directiveMarker]
    if (directive === 'replace') {
      // `$patch: replace` on a map: the patch, without the directive, is the new map.
      const rest: JsonObject = {}
      for (const key of Object.keys(patch)) if (key !== directiveMarker) setOwn(rest, key, patch[key])
      return mergeMap(undefined, rest, path, schema)
    }
    if (directive === 'delete') return {}
    throw invalid(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`)
  }
  const result = clone(original ?? {}) as JsonObject

  if (Object.hasOwn(patch, retainKeysDirective)) {
    const retain = patch[retainKeysDirective]
    if (!Array.isArray(retain)) throw undecodable('invalid patch format of retainKeys')
    for (const key of Object.keys(patch)) {
      if (key === retainKeysDirective || patch[key] === null) continue
      if (key.startsWith(deleteFromPrimitiveListPrefix) || key.startsWith(setElementOrderPrefix)) continue
      if (!retain.includes(key)) throw invalid("patch content doesn't match retainKeys list")
    }
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key]
  }

  const ordered = new Set<string>()
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderPrefix)) continue
    const field = applySetElementOrder(result, patch, key, path, schema)
    if (field !== undefined) ordered.add(field)
  }

  for (const key of Object.keys(patch)) {
    if (key === retainKeysDirective || key.startsWith(setElementOrderPrefix) || ordered.has(key)) continue
    const value = patch[key]
    if (key.startsWith(deleteFromPrimitiveListPrefix)) {
      deleteFromPrimitiveList(result, directiveTarget(key, deleteFromPrimitiveListPrefix, 'invalid patch format of primitive list'), value)
      continue
    }
    if (value === null) {
      deleteOwn(result, key)
      continue
    }
    const current = Object.hasOwn(result, key) ? result[key] : undefined
    setOwn(result, key, mergeValue(kindOf(current) === kindOf(value) ? current : undefined, value, childPath(path, key), schema))
  }
  return result
}

/**
 * Applies a strategic merge patch as kube-apiserver does for built-in kinds (StrategicMergeMapPatch with
 * MergeParallelList and IgnoreUnmatchedNulls). `schema` names the lists that merge (and their merge keys) and the
 * fields replaced whole; ObjectMeta's directives are added here (metadataStrategicMergeSchema). Lists not named
 * are replaced whole, maps always merge, `null` deletes. Supported directives: `$patch: replace|delete` on maps and
 * list elements, `$deleteFromPrimitiveList/<f>`, `$setElementOrder/<f>`, `$retainKeys`.
 */
export function applyStrategicMergePatch(doc: unknown, patch: unknown, schema: StrategicMergeSchema): unknown {
  // Go decodes the body into a map[string]interface{}: `null` leaves it empty, anything else but an object fails.
  if (patch === null) return clone(doc)
  if (!isJsonObject(patch)) throw undecodable(`json: cannot unmarshal ${goJsonType(patch)} into Go value of type map[string]interface {}`)
  const lookup: Schema = new Map(Object.entries(metadataStrategicMergeSchema))
  for (const [path, entry] of Object.entries(schema)) lookup.set(path, entry)
  return mergeMap(isJsonObject(doc) ? doc : undefined, patch, '', lookup)
}
