// fieldValidation (K-20): unknown fields are found by walking the kind's OpenAPI schema (the same one
// /openapi/v3 publishes), duplicate fields by reading the JSON text as Go's strict decoder does. Ignore
// drops them, Warn drops them with one `Warning` per field, Strict refuses the body with 400:
// `<Kind> in version "<v>" cannot be handled as a <Kind>: strict decoding error: unknown field "spec.foo", …`.
// A schema node marked x-kubernetes-preserve-unknown-fields (Image's dockerImageMetadata, IMG-13) is
// opaque: nothing under it is unknown.
import { isJsonObject, type JsonObject } from '../json/jsonObject.ts'
import { metaComponentSchemas } from './metaOpenApi.ts'

type Schema = Record<string, unknown>

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict'

export interface FieldProblem {
  kind: 'unknown' | 'duplicate'
  /** `spec.foo`, `spec.items[0].bar`, `bar`. */
  path: string
}

/** ObjectMeta fields that no longer exist but old clients still send (IMG-7): accepted silently, never stored. */
const retiredObjectMetaFields = new Set(['initializers', 'clusterName'])
const objectMetaRef = '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'


/** What a schema node says about the value under it, with `$ref`s and `allOf`s followed. */
interface Shape {
  opaque: boolean
  properties: JsonObject | undefined
  additionalProperties: Schema | undefined
  items: Schema | undefined
  retired: Set<string> | undefined
}

function resolve(schema: unknown, depth = 0): Shape {
  const shape: Shape = { opaque: false, properties: undefined, additionalProperties: undefined, items: undefined, retired: undefined }
  if (!isJsonObject(schema) || depth > 20) return { ...shape, opaque: true }
  const parts: Schema[] = [schema]
  const ref = schema.$ref
  if (typeof ref === 'string') {
    const name = ref.replace('#/components/schemas/', '')
    if (!Object.hasOwn(metaComponentSchemas, name)) return { ...shape, opaque: true }
    const resolved = resolve(metaComponentSchemas[name], depth + 1)
    if (ref === objectMetaRef) resolved.retired = retiredObjectMetaFields
    return resolved
  }
  if (Array.isArray(schema.allOf)) for (const part of schema.allOf) if (isJsonObject(part)) parts.push(part)
  for (const part of parts) {
    if (part !== schema) {
      const inner = resolve(part, depth + 1)
      if (inner.opaque) return inner
      shape.properties ??= inner.properties
      shape.additionalProperties ??= inner.additionalProperties
      shape.items ??= inner.items
      shape.retired ??= inner.retired
      continue
    }
    if (part['x-kubernetes-preserve-unknown-fields'] === true) return { ...shape, opaque: true }
    if (isJsonObject(part.properties)) shape.properties = part.properties
    if (isJsonObject(part.additionalProperties)) shape.additionalProperties = part.additionalProperties
    else if (part.additionalProperties === true) return { ...shape, opaque: true }
    if (isJsonObject(part.items)) shape.items = part.items
  }
  return shape
}

const child = (path: string, key: string) => (path ? `${path}.${key}` : key)

/** Walks `value` along `schema`; calls `found` for each unknown field (its subtree is not walked). */
function walk(value: unknown, schema: unknown, path: string, found: (path: string, parent: JsonObject, key: string) => void): void {
  const shape = resolve(schema)
  if (shape.opaque) return
  if (Array.isArray(value)) {
    if (shape.items) value.forEach((item, index) => walk(item, shape.items, `${path}[${index}]`, found))
    return
  }
  if (!isJsonObject(value)) return
  for (const key of Object.keys(value)) {
    if (shape.properties) {
      if (Object.hasOwn(shape.properties, key)) walk(value[key], shape.properties[key], child(path, key), found)
      else if (!shape.retired?.has(key)) found(child(path, key), value, key)
    } else if (shape.additionalProperties) walk(value[key], shape.additionalProperties, child(path, key), found)
    // A schema with neither lists nothing: any field is accepted (free-form object).
  }
}

/** The unknown fields of an object, in the order a reader meets them. */
function unknownFields(object: unknown, schema: Schema | undefined): string[] {
  if (!schema) return []
  const paths: string[] = []
  walk(object, schema, '', (path) => paths.push(path))
  return paths
}

/** A copy of `object` without its unknown fields (what Ignore and Warn store). */
export function withoutUnknownFields<T>(object: T, schema: Schema | undefined): T {
  if (!schema) return object
  const copy = structuredClone(object)
  walk(copy, schema, '', (_path, parent, key) => {
    delete parent[key]
  })
  return copy
}

/**
 * Fields a JSON text names twice in one object (Go's strict decoder reports them; JSON.parse keeps the
 * last silently), as paths in document order. `text` must be valid JSON.
 */
function duplicateFields(text: string): string[] {
  const found: string[] = []
  type Frame = { type: 'object'; path: string; keys: Set<string>; key: string | undefined } | { type: 'array'; path: string; index: number }
  const stack: Frame[] = []
  let i = 0
  const valuePath = (): string => {
    const top = stack[stack.length - 1]
    if (!top) return ''
    if (top.type === 'array') return `${top.path}[${top.index}]`
    return child(top.path, top.key ?? '')
  }
  const readString = (): string => {
    const start = i
    i++
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1
    i++
    return JSON.parse(text.slice(start, i)) as string
  }
  let expectKey = false
  while (i < text.length) {
    const c = text[i]!
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === ':') {
      i++
      continue
    }
    if (c === ',') {
      const top = stack[stack.length - 1]
      if (top?.type === 'array') top.index++
      else expectKey = true
      i++
      continue
    }
    if (c === '{') {
      stack.push({ type: 'object', path: valuePath(), keys: new Set(), key: undefined })
      expectKey = true
      i++
      continue
    }
    if (c === '[') {
      stack.push({ type: 'array', path: valuePath(), index: 0 })
      expectKey = false
      i++
      continue
    }
    if (c === '}' || c === ']') {
      stack.pop()
      expectKey = false
      i++
      continue
    }
    if (c === '"') {
      const top = stack[stack.length - 1]
      if (expectKey && top?.type === 'object') {
        const key = readString()
        if (top.keys.has(key)) found.push(child(top.path, key))
        top.keys.add(key)
        top.key = key
        expectKey = false
      } else readString()
      continue
    }
    // numbers, true, false, null
    while (i < text.length && !',}] \n\r\t'.includes(text[i]!)) i++
  }
  return found
}

/**
 * Every problem of a body, unknown fields first in document order, then duplicates not already
 * reported as unknown (the decoder reports a field that is both only once).
 */
export function fieldProblems(object: unknown, schema: Schema | undefined, jsonText?: string): FieldProblem[] {
  const unknown = unknownFields(object, schema)
  const problems: FieldProblem[] = unknown.map((path) => ({ kind: 'unknown', path }))
  if (jsonText !== undefined) {
    const underUnknown = (path: string) => unknown.some((u) => path === u || path.startsWith(`${u}.`) || path.startsWith(`${u}[`))
    for (const path of duplicateFields(jsonText)) if (!underUnknown(path)) problems.push({ kind: 'duplicate', path })
  }
  return problems
}

/** `unknown field "spec.foo"` / `duplicate field "spec.paused"`: the decoder's words, used in errors and warnings. */
export function describeProblem(problem: FieldProblem): string {
  return `${problem.kind} field ${JSON.stringify(problem.path)}`
}

/** K-20: the empty value means Warn (kube-apiserver ≥ 1.27's default). */
export function effectiveFieldValidation(value: '' | FieldValidation): FieldValidation {
  return value === '' ? 'Warn' : value
}
