// json.Unmarshal into a described Go type, the way an apiserver reads a body: unknown keys dropped
// (strict field validation is the request layer's business), JSON null leaving the zero value, wrong
// types reported as `json: cannot unmarshal string into Go struct field ImageLayer.dockerImageLayers.size
// of type int64` (the first such error wins, decoding goes on), []byte fields base64-decoded and
// metav1.Time parsed (their errors abort decoding, as an Unmarshaler's do).
import { decodeGoBase64 } from './goBase64.ts'
import { canonicalGoTime } from './goTime.ts'
import { goTypeName, goZero, type GoField, type GoStruct, type GoType } from './goType.ts'
import { isJsonObject } from '../../json/jsonObject.ts'

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

const intRanges = {
  int64: [-(2 ** 63), 2 ** 63 - 1],
  int: [-(2 ** 63), 2 ** 63 - 1],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint8: [0, 255],
} as const

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
        const [min, max] = intRanges[type.goName]
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
      if (!isJsonObject(json)) {
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
  if (!isJsonObject(json)) {
    typeError(state, jsonKind(json), type)
    return out
  }
  const outerStruct = state.structName
  const structName = type.goName.slice(type.goName.lastIndexOf('.') + 1)
  const depth = state.stack.length
  for (const key of Object.keys(json)) {
    const field = findField(type, key, state.caseInsensitive)
    if (!field) continue
    state.stack.push(field.json)
    state.structName = structName
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
