// Reading and decoding request bodies, as kube-apiserver's handlers do before a verb runs (K-14):
// the size limit, UTF-8, JSON or YAML, type metadata, the kind's own Go decoding rules and field
// validation (K-20). Every decoding failure of an object of this kind reads as kube-apiserver's
// transformDecodeError writes it: `<Kind> in version "<v>" cannot be handled as a <Kind>: …`.
import { parse as parseYaml } from 'yaml'
import { nestsDeeperThan } from '../../../jsonNesting.ts'
import { isJsonObject } from '../../../json/jsonObject.ts'
import { readBounded } from '../../../http/boundedBody.ts'
import type { ApiRequest } from '../../../http/apiRequest.ts'
import type { Endpoint, KubeObject } from '../../resource.ts'
import { statusErrors, type StatusError } from '../../status.ts'
import { mediaTypeOf } from '../../../http/mediaType.ts'
import type { WriteOptions } from '../../requestOptions.ts'
import { describeProblem, effectiveFieldValidation, fieldProblems, withoutUnknownFields } from '../../fieldValidation.ts'

/** K-14: kube-apiserver's request body limit. */
const maxBodyBytes = 3 * 1024 * 1024

/** Go's JSON decoder wording for a value's type (K-14). */
function typeWord(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (value === null) return 'null'
  return typeof value === 'object' ? 'object' : typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'bool'
}

/** kube-apiserver's transformDecodeError: the body does not decode into this endpoint's kind. */
function cannotBeHandled(endpoint: Endpoint, detail: string): StatusError {
  const kind = endpoint.resource.kind
  return statusErrors.badRequest(`${kind} in version "${endpoint.version}" cannot be handled as a ${kind}: ${detail}`)
}

/** The kind's own Go decoding rules (e.g. a []byte field that is not base64). */
export function checkDecodes(endpoint: Endpoint, object: KubeObject): void {
  const problem = endpoint.resource.decode?.(object)
  if (problem) throw cannotBeHandled(endpoint, problem)
}

/** A body's apiVersion and kind, when given, must be this endpoint's. */
export function checkTypeMeta(endpoint: Endpoint, value: Record<string, unknown>): void {
  if (value.apiVersion !== undefined && value.apiVersion !== '' && value.apiVersion !== endpoint.groupVersion) {
    throw statusErrors.badRequest(`the API version in the data (${String(value.apiVersion)}) does not match the expected API version (${endpoint.groupVersion})`)
  }
  const kind = endpoint.resource.kind
  if (value.kind !== undefined && value.kind !== '' && value.kind !== kind) {
    throw statusErrors.badRequest(`the kind in the data (${String(value.kind)}) does not match the expected kind (${kind})`)
  }
}

/** The whole body, refused with a 413 past the limit, declared or read. */
export async function readBody(request: ApiRequest): Promise<Uint8Array> {
  const tooLarge = () => statusErrors.requestEntityTooLarge(`limit is ${maxBodyBytes}`)
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > maxBodyBytes) throw tooLarge()
  return readBounded(request.body, maxBodyBytes, { tooLarge })
}

/** The body as text; `typeName` is what the body was meant to be (the kind, or DeleteOptions). */
export function decodeText(bytes: Uint8Array, typeName: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw statusErrors.badRequest(`the object provided is unrecognized (must be of type ${typeName}): invalid UTF-8 in request body`)
  }
}

/** JSON or YAML text as a value, refusing YAML alias bombs and documents nested past Go's limit. */
export function parseDocument(text: string, yaml: boolean): unknown {
  const value: unknown = yaml ? parseYaml(text, { maxAliasCount: 100 }) : JSON.parse(text)
  if (nestsDeeperThan(value)) throw new Error('exceeded max depth')
  return value
}

/** A create/update body: the object, and its JSON text when it was JSON (duplicate fields are read from it, K-20). */
export interface DecodedObject {
  object: KubeObject
  json: string | undefined
}

/** Decodes a create/update body (K-14): JSON or YAML, an object of this endpoint's apiVersion and kind. */
export async function decodeObject(request: ApiRequest, endpoint: Endpoint): Promise<DecodedObject> {
  const kind = endpoint.resource.kind
  const type = mediaTypeOf(request.headers.get('content-type'))
  if (type !== '' && type !== 'application/json' && type !== 'application/yaml') {
    throw statusErrors.unsupportedMediaType(['application/json', 'application/yaml'])
  }
  const text = decodeText(await readBody(request), kind)
  const unrecognized = (detail: string) =>
    statusErrors.badRequest(`the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: ${detail} (${text.slice(0, 30)})`)
  let value: unknown
  try {
    value = parseDocument(text, type === 'application/yaml')
  } catch (error) {
    throw unrecognized((error as Error).message)
  }
  if (!isJsonObject(value)) {
    throw unrecognized(
      `json: cannot unmarshal ${typeWord(value)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    )
  }
  checkTypeMeta(endpoint, value)
  if (value.metadata !== undefined && !isJsonObject(value.metadata)) {
    throw cannotBeHandled(endpoint, `json: cannot unmarshal ${typeWord(value.metadata)} into Go struct field ${kind}.metadata of type v1.ObjectMeta`)
  }
  const object = value as KubeObject
  checkDecodes(endpoint, object)
  return { object, json: type === 'application/yaml' ? undefined : text }
}

/**
 * K-20: unknown fields (by the kind's OpenAPI schema) and duplicate fields (from the JSON text).
 * Strict refuses the body; Warn and Ignore drop them, Warn with one warning each.
 */
export function validateFields<T>(endpoint: Endpoint, object: T, options: WriteOptions, jsonText?: string): { object: T; warnings: string[] } {
  const schema = endpoint.resource.openapiSchema
  const mode = effectiveFieldValidation(options.fieldValidation)
  if (mode === 'Ignore') return { object: withoutUnknownFields(object, schema), warnings: [] }
  const problems = fieldProblems(object, schema, jsonText)
  if (!problems.length) return { object, warnings: [] }
  if (mode === 'Strict') throw cannotBeHandled(endpoint, `strict decoding error: ${problems.map(describeProblem).join(', ')}`)
  return { object: withoutUnknownFields(object, schema), warnings: problems.map(describeProblem) }
}
