// The bridge between client-side apply's `kubectl.kubernetes.io/last-applied-configuration` annotation
// and server-side apply (K-19), as k8s.io/apimachinery's managedfields/internal lastappliedmanager.go
// and lastappliedupdater.go build it: both act only for the `kubectl` field manager, the name
// `kubectl apply --server-side` uses, so moving from `kubectl apply` to `kubectl apply --server-side`
// with the same file neither conflicts with `kubectl-client-side-apply` nor leaves a stale annotation.
import type { KubeObject } from './resource.ts'
import { compareValues, FieldSet, leavesOf } from './fieldSet.ts'
import type { ListTypes } from './listTypes.ts'
import { managedContent, withoutServerFields } from './managedFields.ts'
import { isJsonObject } from '../json/jsonObject.ts'

const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration'

/** The field manager whose applies are reconciled with the annotation. */
export const lastAppliedManager = 'kubectl'

type JsonObject = Record<string, unknown>

function annotationOf(object: KubeObject | JsonObject): string | undefined {
  const metadata = (object as JsonObject).metadata
  if (!isJsonObject(metadata) || !isJsonObject(metadata.annotations)) return undefined
  const value = metadata.annotations[lastAppliedAnnotation]
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * allowedConflictsFromLastApplied: the fields the annotation sets to exactly their live values. A
 * client-side applier set those, so an apply by `kubectl` may take them over without a conflict.
 * Undefined when there is no usable annotation (then every conflict stands).
 */
export function fieldsAppliedClientSide(live: KubeObject, apiVersion: string, types: ListTypes): FieldSet | undefined {
  const text = annotationOf(live)
  if (text === undefined) return undefined
  let applied: unknown
  try {
    applied = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isJsonObject(applied) || applied.apiVersion !== apiVersion) return undefined
  const appliedContent = managedContent(applied)
  const differences = compareValues(appliedContent, managedContent(live), types)
  return withoutServerFields(leavesOf(appliedContent, types))
    .difference(differences.modified)
    .difference(differences.added)
    .difference(differences.removed)
}

/** Go's encoding/json Encoder: object keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped, a newline at the end. */
function goJson(value: unknown): string {
  const sortKeys = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(sortKeys)
    if (!isJsonObject(node)) return node
    const out: JsonObject = {}
    for (const key of Object.keys(node).sort()) {
      Object.defineProperty(out, key, { value: sortKeys(node[key]), enumerable: true, writable: true, configurable: true })
    }
    return out
  }
  const escapes: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' }
  return `${JSON.stringify(sortKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => escapes[c]!)}\n`
}

/**
 * lastAppliedUpdater: after an apply by `kubectl` on an object that carries the annotation, the
 * annotation becomes the applied configuration (itself left out), as `kubectl apply` would have
 * written it — so a later client-side apply three-way merges against what was really applied.
 * Mutates and returns `result`.
 */
export function updateLastApplied(result: KubeObject, config: KubeObject): KubeObject {
  if (annotationOf(result) === undefined) return result
  const applied = structuredClone(config) as JsonObject
  const metadata = applied.metadata
  if (isJsonObject(metadata) && isJsonObject(metadata.annotations)) delete metadata.annotations[lastAppliedAnnotation]
  ;(result.metadata.annotations as Record<string, string>)[lastAppliedAnnotation] = goJson(applied)
  return result
}
