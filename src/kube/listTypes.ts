// How server-side apply and managedFields treat each list of a kind (K-19, K-11), read from the OpenAPI
// schema the kind serves, as kube-openapi's schemaconv turns it into structured-merge-diff's schema:
// `x-kubernetes-list-type: atomic|set|map` (+ `x-kubernetes-list-map-keys`), else a
// `x-kubernetes-patch-strategy: merge` list is keyed by its `x-kubernetes-patch-merge-key` (a set
// without one), else the list is atomic. A set owns each value (`v:"…"`), a map each item by its keys
// (`k:{"uid":"…"}`); an atomic list is one field.
//
// A declared key that the item schema does not have (Image.signatures says `name`; a signature's name
// lives in metadata.name, IMG-37) could never key an item: such a list stays atomic.
import { metaComponentSchemas } from './metaOpenApi.ts'

export type ListType = { type: 'atomic' } | { type: 'set' } | { type: 'map'; keys: readonly string[] }

export interface ListTypes {
  /** The type of the list at `fields` (field names from the root; list items are not named). */
  at(fields: readonly string[]): ListType
}

type Schema = Record<string, unknown>

const atomic: ListType = { type: 'atomic' }
const objectMetaRef = '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'
/** Without a schema, objects still carry ObjectMeta: metadata.finalizers is a set, ownerReferences a map by uid. */
const metaOnly: Schema = { type: 'object', properties: { metadata: { $ref: objectMetaRef } } }

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The schema parts that describe one value: the node, its `allOf` parts, and ObjectMeta's refs followed. */
function parts(node: unknown, depth = 0): Schema[] {
  if (!isSchema(node) || depth > 20) return []
  const out: Schema[] = [node]
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/components/schemas/', '')
    if (Object.hasOwn(metaComponentSchemas, name)) out.push(...parts(metaComponentSchemas[name], depth + 1))
  }
  if (Array.isArray(node.allOf)) for (const part of node.allOf) out.push(...parts(part, depth + 1))
  return out
}

function first<T>(node: unknown, pick: (part: Schema) => T | undefined): T | undefined {
  for (const part of parts(node)) {
    const value = pick(part)
    if (value !== undefined) return value
  }
  return undefined
}

/** The schema of field `name` of a value described by `node`; through a list, of its items. */
function child(node: unknown, name: string): unknown {
  const items = first(node, (part) => (part.type === 'array' && isSchema(part.items) ? part.items : undefined))
  const holder = items ?? node
  return (
    first(holder, (part) => (isSchema(part.properties) && Object.hasOwn(part.properties, name) ? part.properties[name] : undefined)) ??
    first(holder, (part) => (isSchema(part.additionalProperties) ? part.additionalProperties : undefined))
  )
}

/** getListElementRelationship, with a key the items cannot carry read as atomic. */
function listTypeOf(node: unknown): ListType {
  const ext = (name: string) => first(node, (part) => part[name])
  const items = first(node, (part) => (isSchema(part.items) ? part.items : undefined))
  const keyed = (keys: string[]): ListType => {
    const itemHas = (key: string) => first(items, (part) => (isSchema(part.properties) && Object.hasOwn(part.properties, key) ? true : undefined))
    return keys.length && keys.every((key) => itemHas(key)) ? { type: 'map', keys } : atomic
  }
  const listType = ext('x-kubernetes-list-type')
  if (listType === 'set') return { type: 'set' }
  if (listType === 'map') {
    const keys = ext('x-kubernetes-list-map-keys')
    return Array.isArray(keys) && keys.every((key) => typeof key === 'string') ? keyed(keys) : atomic
  }
  if (listType !== undefined) return atomic
  const strategy = ext('x-kubernetes-patch-strategy')
  if (strategy === 'merge' || strategy === 'merge,retainKeys') {
    const key = ext('x-kubernetes-patch-merge-key')
    return typeof key === 'string' ? keyed([key]) : { type: 'set' }
  }
  return atomic
}

/** Lookups remembered per schema; bounded, since the paths come from objects' own keys. */
const remembered = new WeakMap<Schema, Map<string, ListType>>()
const maxRemembered = 512

/** The list types of a kind's OpenAPI schema (undefined: ObjectMeta's only). */
export function listTypesOf(schema: Schema | undefined): ListTypes {
  const root = schema ?? metaOnly
  let known = remembered.get(root)
  if (!known) remembered.set(root, (known = new Map()))
  const cache = known
  return {
    at(fields) {
      const key = fields.join('\u0000')
      let found = cache.get(key)
      if (found) return found
      let node: unknown = root
      for (const name of fields) {
        node = child(node, name)
        if (node === undefined) break
      }
      found = node === undefined ? atomic : listTypeOf(node)
      if (cache.size >= maxRemembered) cache.clear()
      cache.set(key, found)
      return found
    },
  }
}
