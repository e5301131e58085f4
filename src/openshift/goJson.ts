// A small model of Go's encoding/json over typed structs, the way the OpenShift apiserver reads and
// writes an Image: a body is decoded into Go structs (unknown keys dropped, wrong types reported as
// `json: cannot unmarshal string into Go struct field ImageLayer.dockerImageLayers.size of type int64`,
// []byte fields base64-decoded, metav1.Time parsed), then marshalled back in struct field order with
// `omitempty` applied and map keys sorted. Decoding a value and encoding the result therefore gives
// exactly the JSON the real server would store and return for it.
import { decodeGoBase64, encodeGoBase64 } from './goBase64.ts'
import { canonicalGoTime } from './goTime.ts'

export type GoType =
  /** `goName` names a defined string type in error messages, e.g. `v1.SignatureConditionType`. */
  | { kind: 'string'; goName?: string }
  | { kind: 'int'; goName: 'int64' | 'int' | 'uint8' }
  | { kind: 'bool' }
  /** []byte: a base64 string on the wire. */
  | { kind: 'bytes' }
  /** metav1.Time (or time.Time): RFC 3339, `null` when zero. */
  | { kind: 'time' }
  /** `goName` is the package-qualified type name, e.g. `v1.ImageLayer`. */
  | { kind: 'struct'; goName: string; fields: GoField[]; description?: string }
  | { kind: 'slice'; elem: GoType }
  | { kind: 'map'; elem: GoType }
  | { kind: 'pointer'; elem: GoType }
  /** Opaque JSON kept as sent (runtime.RawExtension, or a type this model does not describe: `goName`). */
  | { kind: 'raw'; goName?: string }

export type GoStruct = Extract<GoType, { kind: 'struct' }>

export interface GoField {
  /** The JSON key (the struct tag's name). */
  json: string
  type: GoType
  omitempty?: boolean
  /** Documentation, used for the OpenAPI schema. */
  description?: string
  /** Listed as required in the OpenAPI schema (documentation only; Go's decoder never checks it). */
  required?: boolean
}

export interface GoDecodeOptions {
  /**
   * The apiserver's decoder (sigs.k8s.io/json) matches keys case-sensitively; plain encoding/json, which the
   * Image strategy uses to read manifests and image configs, also accepts keys that differ only in case.
   */
  caseInsensitive?: boolean
}

export interface GoDecoded {
  /** The Go value: every struct field present (zero values filled), maps as null-prototype objects. */
  value: unknown
  /** The error json.Unmarshal would return, if any. Decoding still produces a best-effort value. */
  error?: string
}

interface DecodeState {
  structName: string
  stack: string[]
  caseInsensitive: boolean
  saved?: string
  hard?: string
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** reflect.Type.String() of a Go type, as UnmarshalTypeError prints it. */
export function goTypeName(type: GoType): string {
  switch (type.kind) {
    case 'string':
      return type.goName ?? 'string'
    case 'int':
      return type.goName
    case 'bool':
      return 'bool'
    case 'bytes':
      return '[]uint8'
    case 'time':
      return 'v1.Time'
    case 'struct':
      return type.goName
    case 'slice':
      return `[]${goTypeName(type.elem)}`
    case 'map':
      return `map[string]${goTypeName(type.elem)}`
    case 'pointer':
      return `*${goTypeName(type.elem)}`
    case 'raw':
      return type.goName ?? 'runtime.RawExtension'
  }
}

/** The Go zero value of a type, in this module's representation. */
export function goZero(type: GoType): unknown {
  switch (type.kind) {
    case 'string':
      return ''
    case 'int':
      return 0
    case 'bool':
      return false
    case 'struct': {
      const out: Record<string, unknown> = Object.create(null)
      for (const field of type.fields) out[field.json] = goZero(field.type)
      return out
    }
    default:
      return null
  }
}

/** The JSON kind UnmarshalTypeError names: "string", "number", "bool", "array", "object". */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'boolean') return 'bool'
  return typeof value
}

function context(state: DecodeState): string {
  return state.structName || state.stack.length ? `Go struct field ${state.structName}.${state.stack.join('.')}` : 'Go value'
}

/** An error encoding/json saves and reports after decoding the rest of the document (the first one wins). */
function saveError(state: DecodeState, message: string) {
  state.saved ??= message
}

function typeError(state: DecodeState, value: string, type: GoType) {
  // A pointer is dereferenced before the type error is built, so the message names the element type.
  const named = type.kind === 'pointer' ? type.elem : type
  saveError(state, `json: cannot unmarshal ${value} into ${context(state)} of type ${goTypeName(named)}`)
}

function numberText(value: number): string {
  return Number.isInteger(value) ? value.toFixed(0) : String(value)
}

function decodeValue(json: unknown, type: GoType, state: DecodeState): unknown {
  // null leaves the zero value in place for every kind (Go ignores null for non-nillable kinds).
  if (json === null || json === undefined) return goZero(type)
  switch (type.kind) {
    case 'string':
      if (typeof json === 'string') return json
      typeError(state, jsonKind(json), type)
      return ''
    case 'int':
      if (typeof json === 'number') {
        const [min, max] = type.goName === 'uint8' ? [0, 255] : [-(2 ** 63), 2 ** 63 - 1]
        if (Number.isInteger(json) && json >= min && json <= max) return json
        typeError(state, `number ${numberText(json)}`, type)
        return 0
      }
      typeError(state, jsonKind(json), type)
      return 0
    case 'bool':
      if (typeof json === 'boolean') return json
      typeError(state, jsonKind(json), type)
      return false
    case 'bytes':
      return decodeBytes(json, state)
    case 'time':
      return decodeTime(json, state)
    case 'struct':
      return decodeStruct(json, type, state)
    case 'slice': {
      if (!Array.isArray(json)) {
        typeError(state, jsonKind(json), type)
        return null
      }
      return json.map((item) => decodeValue(item, type.elem, state))
    }
    case 'map': {
      if (!isObject(json)) {
        typeError(state, jsonKind(json), type)
        return null
      }
      const out: Record<string, unknown> = Object.create(null)
      for (const key of Object.keys(json)) out[key] = decodeValue(json[key], type.elem, state)
      return out
    }
    case 'pointer':
      return decodeValue(json, type.elem, state)
    case 'raw':
      return structuredClone(json)
  }
}

function decodeBytes(json: unknown, state: DecodeState): Uint8Array | null {
  if (typeof json === 'string') {
    const decoded = decodeGoBase64(json)
    if (decoded.ok) return decoded.bytes
    // base64.CorruptInputError is saved as is, without the field context type errors get.
    saveError(state, decoded.error)
    return null
  }
  if (Array.isArray(json)) {
    // encoding/json also fills a []byte from an array of numbers.
    return Uint8Array.from(json, (item) => decodeValue(item, { kind: 'int', goName: 'uint8' }, state) as number)
  }
  typeError(state, jsonKind(json), { kind: 'bytes' })
  return null
}

function decodeTime(json: unknown, state: DecodeState): string | null {
  // metav1.Time.UnmarshalJSON: its errors abort decoding (they are returned, not saved).
  if (typeof json !== 'string') {
    state.hard ??= `json: cannot unmarshal ${jsonKind(json)} into ${context(state)} of type string`
    return null
  }
  const parsed = canonicalGoTime(json)
  if (parsed.ok) return parsed.value
  state.hard ??= parsed.error
  return null
}

function findField(type: GoStruct, key: string, caseInsensitive: boolean): GoField | undefined {
  const exact = type.fields.find((field) => field.json === key)
  if (exact || !caseInsensitive) return exact
  const folded = key.toLowerCase()
  return type.fields.find((field) => field.json.toLowerCase() === folded)
}

function decodeStruct(json: unknown, type: GoStruct, state: DecodeState): unknown {
  const out = goZero(type) as Record<string, unknown>
  if (!isObject(json)) {
    typeError(state, jsonKind(json), type)
    return out
  }
  const outerStruct = state.structName
  const depth = state.stack.length
  for (const key of Object.keys(json)) {
    const field = findField(type, key, state.caseInsensitive)
    // Unknown keys are dropped here; strict field validation is the request layer's business.
    if (!field) continue
    state.stack.push(field.json)
    state.structName = type.goName.slice(type.goName.lastIndexOf('.') + 1)
    out[field.json] = decodeValue(json[key], field.type, state)
    state.stack.length = depth
    state.structName = outerStruct
  }
  return out
}

/**
 * Decodes `json` into a value of Go type `type` as json.Unmarshal would, returning the value and the
 * error Unmarshal would report (the first saved error, unless an Unmarshaler's error aborted it earlier).
 */
export function decodeGo(json: unknown, type: GoType, options: GoDecodeOptions = {}): GoDecoded {
  const state: DecodeState = { structName: '', stack: [], caseInsensitive: options.caseInsensitive ?? false }
  const value = decodeValue(json, type, state)
  const error = state.hard ?? state.saved
  return error === undefined ? { value } : { value, error }
}

function isEmpty(value: unknown, type: GoType): boolean {
  switch (type.kind) {
    case 'string':
      return value === ''
    case 'int':
      return value === 0
    case 'bool':
      return value === false
    case 'bytes':
    case 'slice':
      return value === null || value === undefined || (value as { length: number }).length === 0
    case 'map':
      return value === null || value === undefined || Object.keys(value as object).length === 0
    case 'pointer':
      return value === null || value === undefined
    // Structs (metav1.Time included) and RawExtension are never "empty" to encoding/json.
    default:
      return false
  }
}

/** json.Marshal of a Go value produced by decodeGo (or built in the same representation). */
export function encodeGo(value: unknown, type: GoType): unknown {
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' ? value : ''
    case 'int':
      return typeof value === 'number' ? value : 0
    case 'bool':
      return value === true
    case 'bytes':
      return value instanceof Uint8Array ? encodeGoBase64(value) : null
    case 'time':
      return typeof value === 'string' ? value : null
    case 'struct': {
      const source = isObject(value) ? value : (goZero(type) as Record<string, unknown>)
      const entries: Array<[string, unknown]> = []
      for (const field of type.fields) {
        const fieldValue = Object.hasOwn(source, field.json) ? source[field.json] : goZero(field.type)
        if (field.omitempty && isEmpty(fieldValue, field.type)) continue
        entries.push([field.json, encodeGo(fieldValue, field.type)])
      }
      return Object.fromEntries(entries)
    }
    case 'slice':
      return Array.isArray(value) ? value.map((item) => encodeGo(item, type.elem)) : null
    case 'map': {
      if (!isObject(value)) return null
      // Go writes map keys in sorted order.
      const keys = Object.keys(value).sort()
      return Object.fromEntries(keys.map((key) => [key, encodeGo(value[key], type.elem)]))
    }
    case 'pointer':
      return value === null || value === undefined ? null : encodeGo(value, type.elem)
    case 'raw':
      return value === undefined ? null : structuredClone(value)
  }
}

/** decodeGo then encodeGo: the JSON the real server would keep for `json`, and its decoding error. */
export function roundTripGo(json: unknown, type: GoType, options: GoDecodeOptions = {}): { json: unknown; error?: string } {
  const decoded = decodeGo(json, type, options)
  const encoded = encodeGo(decoded.value, type)
  return decoded.error === undefined ? { json: encoded } : { json: encoded, error: decoded.error }
}
