// Field sets: which fields of an object a manager owns (K-11, K-19), in the model of
// sigs.k8s.io/structured-merge-diff's fieldpath.Set. A path is the list of elements from the root: object
// keys, and for the items of a set or map list (listTypes.ts) the item's element — `v:<value>` or
// `k:{<keys>}` as FieldsV1 names it — so each item has its own owners; an atomic list is one leaf. A set
// holds leaves and, where a map or list item itself is owned (it was created by the manager), its own
// path — FieldsV1 prints that as `".": {}`.
//
// Keys come from users: paths are stored as JSON strings in a Set, trees are built from
// Object.create(null) maps and written to plain objects with defineProperty, so `__proto__` is just a
// field name. Item elements start with a NUL, which no field name of these kinds does.
import { listTypesOf, type ListType, type ListTypes } from './listTypes.ts'
import { isJsonObject, type JsonObject } from '../json/jsonObject.ts'
import { compareBytes } from '../order/byteOrder.ts'

export type FieldPath = readonly string[]

const itemMark = '\u0000'

/** Whether a path element names a list item rather than a field. */
export function isItemElement(element: string): boolean {
  return element.startsWith(itemMark)
}

/** The field names along a path (what list types are looked up by). */
function fieldNames(path: FieldPath): string[] {
  return path.filter((element) => !isItemElement(element))
}

function valueElement(value: unknown): string {
  return `${itemMark}v:${JSON.stringify(value)}`
}

/** `k:{…}`: the key fields in name order, as structured-merge-diff sorts them. */
function keyElement(keys: Record<string, unknown>): string {
  const sorted: Record<string, unknown> = {}
  for (const name of Object.keys(keys).sort()) define(sorted, name, keys[name])
  return `${itemMark}k:${JSON.stringify(sorted)}`
}

/**
 * The elements of a list's items under its list type; undefined when the list is atomic, or when an
 * item lacks a key or repeats one (such a list is then treated as one field, never a crash).
 */
function itemElements(list: readonly unknown[], listType: ListType): string[] | undefined {
  if (listType.type === 'atomic') return undefined
  const elements: string[] = []
  for (const item of list) {
    let element: string
    if (listType.type === 'set') {
      if (isJsonObject(item) || Array.isArray(item)) return undefined
      element = valueElement(item)
    } else {
      if (!isJsonObject(item)) return undefined
      const keys: Record<string, unknown> = {}
      for (const name of listType.keys) {
        const value = item[name]
        if (value === undefined || value === null || isJsonObject(value) || Array.isArray(value)) return undefined
        define(keys, name, value)
      }
      element = keyElement(keys)
    }
    elements.push(element)
  }
  return new Set(elements).size === elements.length ? elements : undefined
}

/** The list's items by element, when the list is a set or map at `path`. */
export function indexItems(list: readonly unknown[], path: FieldPath, types: ListTypes): Map<string, unknown> | undefined {
  const elements = itemElements(list, types.at(fieldNames(path)))
  if (!elements) return undefined
  return new Map(elements.map((element, i) => [element, list[i]]))
}

/** The ObjectMeta-only list types, for callers that have no kind schema at hand. */
const metaListTypes = listTypesOf(undefined)

/** A set of field paths. */
export class FieldSet {
  readonly #paths = new Set<string>()

  static of(paths: Iterable<FieldPath>): FieldSet {
    const set = new FieldSet()
    for (const path of paths) set.add(path)
    return set
  }

  add(path: FieldPath): void {
    this.#paths.add(JSON.stringify(path))
  }

  has(path: FieldPath): boolean {
    return this.#paths.has(JSON.stringify(path))
  }

  get size(): number {
    return this.#paths.size
  }

  get empty(): boolean {
    return this.#paths.size === 0
  }

  *[Symbol.iterator](): IterableIterator<FieldPath> {
    for (const encoded of this.#paths) yield JSON.parse(encoded) as string[]
  }

  /** Paths in FieldsV1 order: shorter prefixes first, then keys bytewise. */
  sorted(): FieldPath[] {
    return [...this].sort(comparePaths)
  }

  union(other: FieldSet): FieldSet {
    const out = FieldSet.of(this)
    for (const path of other) out.add(path)
    return out
  }

  intersection(other: FieldSet): FieldSet {
    return FieldSet.of([...this].filter((path) => other.has(path)))
  }

  difference(other: FieldSet): FieldSet {
    return FieldSet.of([...this].filter((path) => !other.has(path)))
  }

  /** The paths that are `path` or lie under it. */
  under(path: FieldPath): FieldSet {
    return FieldSet.of([...this].filter((candidate) => startsWith(candidate, path)))
  }
}

function comparePaths(a: FieldPath, b: FieldPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1
  }
  return a.length - b.length
}

export function startsWith(path: FieldPath, prefix: FieldPath): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => path[i] === key)
}

/** value.ToString for a key or set value: strings quoted, numbers and booleans as they are. */
function keyText(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

/** fieldpath.Path.String(): `.metadata.labels.app`, `.metadata.finalizers[="a"]`, `.metadata.ownerReferences[uid="…"]`. */
export function formatPath(path: FieldPath): string {
  return path
    .map((element) => {
      if (!isItemElement(element)) return `.${element}`
      const body = element.slice(3)
      if (element[1] === 'v') return `[=${keyText(JSON.parse(body))}]`
      if (element[1] === 'i') return `[${body}]`
      const keys = JSON.parse(body) as Record<string, unknown>
      return `[${Object.keys(keys)
        .map((name) => `${name}=${keyText(keys[name])}`)
        .join(',')}]`
    })
    .join('')
}

/** Structural JSON equality; member order does not matter, list order does. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]))
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]))
}

/**
 * The fields a value sets, as an applied configuration owns them (typed.ToFieldSet): every leaf; a map
 * only when it is empty (then the map itself is what is set); each item of a set or map list, a map
 * item with its fields too; an atomic list as one leaf.
 */
export function leavesOf(value: JsonObject, types: ListTypes = metaListTypes, prefix: FieldPath = []): FieldSet {
  const set = new FieldSet()
  const walk = (node: unknown, path: FieldPath) => {
    if (Array.isArray(node)) {
      const items = indexItems(node, path, types)
      if (!items) return set.add(path)
      for (const [element, item] of items) {
        set.add([...path, element])
        if (isJsonObject(item)) for (const key of Object.keys(item)) walk(item[key], [...path, element, key])
      }
    } else if (isJsonObject(node) && (Object.keys(node).length > 0 || path.length === 0)) {
      for (const key of Object.keys(node)) walk(node[key], [...path, key])
    } else set.add(path)
  }
  walk(value, prefix)
  return set
}

/** Every path of a subtree, maps and list items included (what appears or disappears with it). */
function everyPathOf(value: unknown, path: FieldPath, into: FieldSet, types: ListTypes): void {
  into.add(path)
  if (isJsonObject(value)) for (const key of Object.keys(value)) everyPathOf(value[key], [...path, key], into, types)
  else if (Array.isArray(value)) {
    const items = indexItems(value, path, types)
    if (items) for (const [element, item] of items) everyPathOf(item, [...path, element], into, types)
  }
}

export interface Comparison {
  added: FieldSet
  modified: FieldSet
  removed: FieldSet
}

/** typed.Compare: what changed from `before` to `after`; set and map lists item by item, whatever their order. */
export function compareValues(before: JsonObject, after: JsonObject, types: ListTypes = metaListTypes): Comparison {
  const result: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() }
  const walk = (a: unknown, b: unknown, path: FieldPath) => {
    if (isJsonObject(a) && isJsonObject(b)) {
      for (const key of Object.keys(a)) {
        if (Object.hasOwn(b, key)) walk(a[key], b[key], [...path, key])
        else everyPathOf(a[key], [...path, key], result.removed, types)
      }
      for (const key of Object.keys(b)) if (!Object.hasOwn(a, key)) everyPathOf(b[key], [...path, key], result.added, types)
      return
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const before = indexItems(a, path, types)
      const after = before && indexItems(b, path, types)
      if (before && after) {
        for (const [element, item] of before) {
          if (after.has(element)) walk(item, after.get(element), [...path, element])
          else everyPathOf(item, [...path, element], result.removed, types)
        }
        for (const [element, item] of after) if (!before.has(element)) everyPathOf(item, [...path, element], result.added, types)
        return
      }
    }
    if (sameValue(a, b)) return
    result.modified.add(path)
    // A map or keyed list replaced by a scalar (or the reverse) takes its children with it.
    const children = (value: unknown, into: FieldSet) => {
      const inner = new FieldSet()
      everyPathOf(value, path, inner, types)
      for (const child of inner) if (child.length > path.length) into.add(child)
    }
    children(a, result.removed)
    children(b, result.added)
  }
  walk(before, after, [])
  return result
}

interface TreeNode {
  member: boolean
  children: Map<string, TreeNode>
}

function define(object: JsonObject, key: string, value: unknown) {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true })
}

/** The FieldsV1 JSON of a set: `{"f:metadata":{"f:labels":{".":{},"f:app":{}}}}`, keys sorted as the apiserver sorts them. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const root: TreeNode = { member: false, children: new Map() }
  for (const path of set) {
    let node = root
    for (const key of path) {
      let child = node.children.get(key)
      if (!child) {
        child = { member: false, children: new Map() }
        node.children.set(key, child)
      }
      node = child
    }
    node.member = true
  }
  const render = (node: TreeNode): JsonObject => {
    const out: JsonObject = {}
    if (node.member && node.children.size > 0) define(out, '.', {})
    const named = [...node.children.keys()].map((key) => [isItemElement(key) ? key.slice(1) : `f:${key}`, key] as const)
    for (const [name, key] of named.sort(([a], [b]) => compareBytes(a, b))) define(out, name, render(node.children.get(key)!))
    return out
  }
  return render(root)
}

/** Reads FieldsV1 back; undefined when it is not a FieldsV1 document this emulator understands. */
export function fromFieldsV1(fields: unknown): FieldSet | undefined {
  if (!isJsonObject(fields)) return undefined
  const set = new FieldSet()
  const walk = (node: JsonObject, path: FieldPath): boolean => {
    const keys = Object.keys(node)
    if (keys.length === 0 && path.length > 0) set.add(path)
    for (const key of keys) {
      const child = node[key]
      if (!isJsonObject(child)) return false
      if (key === '.') {
        set.add(path)
        continue
      }
      if (key.startsWith('f:')) {
        if (!walk(child, [...path, key.slice(2)])) return false
        continue
      }
      const element = itemElementOf(key)
      if (element === undefined || !walk(child, [...path, element])) return false
    }
    return true
  }
  return walk(fields, []) ? set : undefined
}

/** A FieldsV1 list-item key (`k:{…}`, `v:…`, `i:N`) as a path element; undefined when it is not one. */
function itemElementOf(key: string): string | undefined {
  const body = key.slice(2)
  try {
    if (key.startsWith('v:')) {
      const value = JSON.parse(body) as unknown
      return isJsonObject(value) || Array.isArray(value) ? undefined : valueElement(value)
    }
    if (key.startsWith('k:')) {
      const keys = JSON.parse(body) as unknown
      return isJsonObject(keys) ? keyElement(keys) : undefined
    }
  } catch {
    return undefined
  }
  return key.startsWith('i:') && /^\d+$/.test(body) ? `${itemMark}i:${body}` : undefined
}
