// The OpenAPI v3 schema of a described Go type, as kube-openapi publishes a kind: properties sorted by
// name (Go marshals the property map with sorted keys), `description` first, required fields listed, the
// struct tags and markers as x-kubernetes-* extensions (kubectl apply reads the patch keys, kubectl
// explain the descriptions, field validation the property names).
import { structOf, type GoField, type GoType } from './goType.ts'

type Schema = Record<string, unknown>

const byName = (a: GoField, b: GoField) => (a.json < b.json ? -1 : a.json > b.json ? 1 : 0)

/** The schema of a value of `type`, without its description. */
function body(type: GoType): Schema {
  switch (type.kind) {
    case 'string':
      return { type: 'string' }
    case 'int':
      return { type: 'integer', format: type.goName === 'int64' ? 'int64' : 'int32' }
    case 'bool':
      return { type: 'boolean' }
    case 'bytes':
      return { type: 'string', format: 'byte' }
    case 'time':
      return { type: 'string', format: 'date-time' }
    case 'pointer':
      return body(type.elem)
    case 'slice':
      return { type: 'array', items: described(type.elem, undefined) }
    case 'map':
      return { type: 'object', additionalProperties: described(type.elem, undefined) }
    case 'raw':
      // RawExtension: any object, kept as sent (strict field validation does not look inside).
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }
    case 'struct': {
      if (type.openApiRef) return { default: {}, allOf: [{ $ref: `#/components/schemas/${type.openApiRef}` }] }
      const properties: Schema = {}
      for (const field of [...type.fields].sort(byName)) properties[field.json] = property(field)
      const required = type.fields.filter((field) => field.required).map((field) => field.json)
      return { type: 'object', properties, ...(required.length ? { required } : {}) }
    }
  }
}

/** A schema with its description: the given one, else the struct type's own. */
function described(type: GoType, description: string | undefined): Schema {
  const text = description ?? structOf(type)?.description
  return text ? { description: text, ...body(type) } : body(type)
}

function property(field: GoField): Schema {
  return {
    ...described(field.type, field.description),
    ...(field.listType ? { 'x-kubernetes-list-type': field.listType } : {}),
    ...(field.patchMergeKey ? { 'x-kubernetes-patch-merge-key': field.patchMergeKey } : {}),
    ...(field.patchStrategy ? { 'x-kubernetes-patch-strategy': field.patchStrategy } : {}),
  }
}

export interface GroupVersionKind {
  group: string
  version: string
  kind: string
}

/** The component schema of a kind: its Go struct, tagged with the group-version-kind it is served as. */
export function goOpenApiSchema(type: GoType, gvk: GroupVersionKind): Schema {
  return { ...described(type, undefined), 'x-kubernetes-group-version-kind': [{ group: gvk.group, kind: gvk.kind, version: gvk.version }] }
}
