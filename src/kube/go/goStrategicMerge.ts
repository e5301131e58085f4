// Strategic-merge directives of a described kind, read from its struct tags the way
// k8s.io/apimachinery's strategicpatch reads `patchStrategy` / `patchMergeKey` from the Go struct:
// tagged lists merge element-wise by their key, a `replace` tag makes a value atomic, and every other
// list is replaced whole (listed explicitly, so the directives show every list of the kind).
// ObjectMeta (a struct published by reference) is the machinery's: its directives are supplied there.
import type { StrategicMergeSchema } from '../resource.ts'
import { structOf, type GoField, type GoStruct, type GoType } from './goType.ts'

/**
 * The key a merge list's elements are matched by. A key the element struct does not declare but its
 * ObjectMeta does (ImageSignature's `patchMergeKey:"name"`) is looked up in `metadata`: upstream's lookup
 * of a top-level `name` finds nothing there, and merging by the object name is the tag's evident intent.
 */
function mergeKeyPath(element: GoType, key: string): string {
  const struct = structOf(element)
  if (!struct || struct.fields.some((field) => field.json === key)) return key
  const metadata = struct.fields.find((field) => field.json === 'metadata')
  const meta = metadata && structOf(metadata.type)
  return meta?.openApiRef && meta.fields.some((field) => field.json === key) ? `metadata.${key}` : key
}

function directivesOf(type: GoType, path: string, out: StrategicMergeSchema): void {
  const struct: GoStruct | undefined = structOf(type)
  if (!struct || struct.openApiRef) return
  for (const field of struct.fields) collect(field, path ? `${path}.${field.json}` : field.json, out)
}

function collect(field: GoField, path: string, out: StrategicMergeSchema): void {
  const type = field.type.kind === 'pointer' ? field.type.elem : field.type
  if (field.patchStrategy === 'merge' && type.kind === 'slice' && field.patchMergeKey) {
    out[path] = { strategy: 'merge', mergeKey: mergeKeyPath(type.elem, field.patchMergeKey) }
  } else if (field.patchStrategy === 'replace' || type.kind === 'slice') {
    out[path] = { strategy: 'replace' }
  }
  if (type.kind === 'slice') directivesOf(type.elem, `${path}[]`, out)
  else directivesOf(type, path, out)
}

/** The strategic-merge directives of a kind's Go struct, in the `a.b[].c` path notation patch.ts reads. */
export function goStrategicMerge(type: GoType): StrategicMergeSchema {
  const out: StrategicMergeSchema = {}
  directivesOf(type, '', out)
  return out
}
