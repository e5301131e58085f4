// Field sets: which fields of an object a manager owns (K-11, K-19), in the model of
// sigs.k8s.io/structured-merge-diff's fieldpath.Set. A path is the list of object keys from the root;
// every list is atomic here (CCI-38; Image lists have no usable merge key, IMG-37), so a list is one
// leaf. A set holds leaves and, where a map itself is owned (it was created by the manager), the
// map's own path — FieldsV1 prints that as `".": {}`.
//
// Keys come from users: paths are stored as JSON strings in a Set, trees are built from
// Object.create(null) maps and written to plain objects with defineProperty, so `__proto__` is just a
// field name.

export type FieldPath = readonly string[]

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

export function comparePaths(a: FieldPath, b: FieldPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1
  }
  return a.length - b.length
}

export function startsWith(path: FieldPath, prefix: FieldPath): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => path[i] === key)
}

/** fieldpath.Path.String(): `.metadata.labels.app` (field names are printed as they are). */
export function formatPath(path: FieldPath): string {
  return path.map((key) => `.${key}`).join('')
}

type JsonObject = Record<string, unknown>

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
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
 * The fields a value sets, as an applied configuration owns them (typed.ToFieldSet): every leaf;
 * a map only when it is empty (then the map itself is what is set).
 */
export function leavesOf(value: JsonObject, prefix: FieldPath = []): FieldSet {
  const set = new FieldSet()
  const walk = (node: unknown, path: FieldPath) => {
    if (isJsonObject(node) && (Object.keys(node).length > 0 || path.length === 0)) {
      for (const key of Object.keys(node)) walk(node[key], [...path, key])
    } else set.add(path)
  }
  walk(value, prefix)
  return set
}

/** Every path of a subtree, maps included (what appears or disappears with it). */
function everyPathOf(value: unknown, path: FieldPath, into: FieldSet): void {
  into.add(path)
  if (isJsonObject(value)) for (const key of Object.keys(value)) everyPathOf(value[key], [...path, key], into)
}

export interface Comparison {
  added: FieldSet
  modified: FieldSet
  removed: FieldSet
}

/** typed.Compare: what changed from `before` to `after`. */
export function compareValues(before: JsonObject, after: JsonObject): Comparison {
  const result: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() }
  const walk = (a: unknown, b: unknown, path: FieldPath) => {
    if (isJsonObject(a) && isJsonObject(b)) {
      for (const key of Object.keys(a)) {
        if (Object.hasOwn(b, key)) walk(a[key], b[key], [...path, key])
        else everyPathOf(a[key], [...path, key], result.removed)
      }
      for (const key of Object.keys(b)) if (!Object.hasOwn(a, key)) everyPathOf(b[key], [...path, key], result.added)
      return
    }
    if (sameValue(a, b)) return
    result.modified.add(path)
    // A map replaced by a scalar (or the reverse) takes its children with it.
    if (isJsonObject(a)) for (const key of Object.keys(a)) everyPathOf(a[key], [...path, key], result.removed)
    if (isJsonObject(b)) for (const key of Object.keys(b)) everyPathOf(b[key], [...path, key], result.added)
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
    for (const key of [...node.children.keys()].sort()) define(out, `f:${key}`, render(node.children.get(key)!))
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
      // k:, v: and i: elements name list items; this emulator's lists are atomic, so the item's list is owned.
      if (/^[kvi]:/.test(key)) {
        set.add(path)
        continue
      }
      if (!key.startsWith('f:')) return false
      if (!walk(child, [...path, key.slice(2)])) return false
    }
    return true
  }
  return walk(fields, []) ? set : undefined
}
