// json.Marshal of a described Go value: struct fields in declaration order, `omitempty` applied, map keys
// sorted, []byte as base64. Decoding a body and encoding the result (roundTripGo) therefore gives exactly
// the JSON a real server would store and return for it.
import { encodeGoBase64 } from './goBase64.ts'
import { decodeGo, type GoDecodeOptions } from './goDecode.ts'
import { goZero, type GoType } from './goType.ts'
import { isJsonObject } from '../../json/jsonObject.ts'

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

export interface GoEncodeOptions {
  /**
   * Struct fields the value does not carry are not written. For re-marshalling a stored form the server
   * already marshalled once (so anything absent was omitted then) without filling in zero values.
   */
  omitAbsent?: boolean
}

/** json.Marshal of a Go value produced by decodeGo (or built in the same representation). */
export function encodeGo(value: unknown, type: GoType, options: GoEncodeOptions = {}): unknown {
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
      const source = isJsonObject(value) ? value : (goZero(type) as Record<string, unknown>)
      const entries: Array<[string, unknown]> = []
      for (const field of type.fields) {
        const present = Object.hasOwn(source, field.json)
        if (!present && options.omitAbsent) continue
        const fieldValue = present ? source[field.json] : goZero(field.type)
        if (field.omitempty && isEmpty(fieldValue, field.type)) continue
        entries.push([field.json, encodeGo(fieldValue, field.type, options)])
      }
      return Object.fromEntries(entries)
    }
    case 'slice':
      return Array.isArray(value) ? value.map((item) => encodeGo(item, type.elem, options)) : null
    case 'map': {
      if (!isJsonObject(value)) return null
      // Go writes map keys in sorted order; Object.fromEntries defines keys, so `__proto__` stays a key.
      const keys = Object.keys(value).sort()
      return Object.fromEntries(keys.map((key) => [key, encodeGo(value[key], type.elem, options)]))
    }
    case 'pointer':
      return value === null || value === undefined ? null : encodeGo(value, type.elem, options)
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
