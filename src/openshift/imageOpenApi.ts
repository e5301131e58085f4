// The OpenAPI v3 schema of Image (IMG-50), generated from the Go struct model so that names, types,
// required lists and descriptions cannot drift from what the server decodes. kubectl explain and
// kubectl's client-side validation read it.
import type { GoField, GoType } from './goJson.ts'
import { imageType } from './imageGoTypes.ts'

const objectMetaRef = { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }], default: {} }

/** Strategic-merge markers the real definition carries (openshift/api struct tags), used by kubectl apply. */
const patchExtensions: Record<string, Record<string, string>> = {
  'v1.Image.signatures': { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' },
  'v1.Image.dockerImageMetadata': { 'x-kubernetes-patch-strategy': 'replace' },
  'v1.ImageSignature.conditions': { 'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-patch-strategy': 'merge' },
}

function schemaOf(type: GoType, field: GoField | undefined): Record<string, unknown> {
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
      return schemaOf(type.elem, field)
    case 'slice':
      return { type: 'array', items: schemaOf(type.elem, undefined) }
    case 'map':
      return { type: 'object', additionalProperties: schemaOf(type.elem, undefined) }
    case 'raw':
      // RawExtension: any object, kept as sent (IMG-13 — strict field validation does not look inside).
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }
    case 'struct': {
      if (type.goName === 'v1.ObjectMeta') return { ...objectMetaRef }
      const properties: Record<string, unknown> = {}
      for (const child of [...type.fields].sort((a, b) => a.json.localeCompare(b.json))) {
        const schema = schemaOf(child.type, child)
        const description = child.description ?? (child.type.kind === 'struct' ? child.type.description : undefined)
        properties[child.json] = {
          ...(description ? { description } : {}),
          ...schema,
          ...patchExtensions[`${type.goName}.${child.json}`],
        }
      }
      const required = type.fields.filter((f) => f.required).map((f) => f.json)
      return {
        type: 'object',
        ...(type.description && !field ? { description: type.description } : {}),
        properties,
        ...(required.length ? { required } : {}),
      }
    }
  }
}

/** The schema registered as com.github.openshift.api.image.v1.Image. */
export function imageOpenApiSchema(): Record<string, unknown> {
  return {
    ...schemaOf(imageType, undefined),
    'x-kubernetes-group-version-kind': [{ group: 'image.openshift.io', kind: 'Image', version: 'v1' }],
  }
}
