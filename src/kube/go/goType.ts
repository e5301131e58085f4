// The Go-struct model of a Kubernetes kind: the Go types a real apiserver decodes a body into, with the
// struct tags and markers that matter on the wire. A kind is described once in this shape; decoding with
// encoding/json's error texts (goDecode.ts), encoding (goEncode.ts), the OpenAPI schema (goOpenApi.ts)
// and the strategic-merge directives (goStrategicMerge.ts) are all read from it, so they cannot disagree.

export type GoType =
  /** `goName` names a defined string type in error messages, e.g. `v1.SignatureConditionType`. */
  | { kind: 'string'; goName?: string }
  | { kind: 'int'; goName: 'int64' | 'int32' | 'int' | 'uint8' }
  | { kind: 'bool' }
  /** []byte: a base64 string on the wire. */
  | { kind: 'bytes' }
  /** metav1.Time (or time.Time): RFC 3339, `null` when zero. */
  | { kind: 'time' }
  /**
   * `goName` is the package-qualified type name, e.g. `v1.ImageLayer`. `openApiRef` names a component
   * schema published elsewhere (metav1.ObjectMeta): OpenAPI refers to it instead of spelling the fields out.
   */
  | { kind: 'struct'; goName: string; fields: GoField[]; description?: string; openApiRef?: string }
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
  /** The tag's `omitempty`. */
  omitempty?: boolean
  /** Documentation, used for the OpenAPI schema. */
  description?: string
  /** Listed as required in the OpenAPI schema (documentation only; Go's decoder never checks it). */
  required?: boolean
  /** The `patchStrategy` tag: `merge` merges a list element-wise by `patchMergeKey`, `replace` makes a value atomic. */
  patchStrategy?: 'merge' | 'replace'
  /** The `patchMergeKey` tag. */
  patchMergeKey?: string
  /** The `+listType` marker (published as x-kubernetes-list-type). */
  listType?: 'atomic'
}

/** A field from its JSON key, type and tags. */
export const goField = (json: string, type: GoType, tags: Omit<GoField, 'json' | 'type'> = {}): GoField => ({ json, type, ...tags })

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

/** The Go zero value of a type, in this model's representation (structs as null-prototype objects). */
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

/** The struct behind a field's type, through one pointer (`*T` and `T` read the same on the wire). */
export function structOf(type: GoType): GoStruct | undefined {
  const target = type.kind === 'pointer' ? type.elem : type
  return target.kind === 'struct' ? target : undefined
}

/** The same struct with only some of its fields: the part of a kind a strategy owns (metadata is the machinery's). */
export function goStructWithout(type: GoStruct, keys: readonly string[]): GoStruct {
  return { ...type, fields: type.fields.filter((field) => !keys.includes(field.json)) }
}
