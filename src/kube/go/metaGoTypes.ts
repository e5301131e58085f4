// k8s.io/apimachinery meta/v1 types every kind embeds: TypeMeta's two fields and ObjectMeta. The kind's
// own metadata belongs to the generic store; this description serves nested ObjectMeta (an Image's
// signatures), the wire order of metadata keys, and the OpenAPI reference to the published ObjectMeta.
import { apiVersionDescription, kindDescription, metaSchemaNames } from '../metaOpenApi.ts'
import { goField, type GoField, type GoStruct, type GoType } from './goType.ts'

const string: GoType = { kind: 'string' }
const int64: GoType = { kind: 'int', goName: 'int64' }
const time: GoType = { kind: 'time' }
const optional = (json: string, type: GoType): GoField => goField(json, type, { omitempty: true })

/** TypeMeta's `kind` and `apiVersion`, as a kind's struct declares them (inline, first). */
export const typeMetaFields: readonly GoField[] = [
  goField('kind', string, { omitempty: true, description: kindDescription }),
  goField('apiVersion', string, { omitempty: true, description: apiVersionDescription }),
]

/** metav1.ObjectMeta. */
export const objectMetaType: GoStruct = {
  kind: 'struct',
  goName: 'v1.ObjectMeta',
  openApiRef: metaSchemaNames.objectMeta,
  fields: [
    optional('name', string),
    optional('generateName', string),
    optional('namespace', string),
    optional('selfLink', string),
    optional('uid', string),
    optional('resourceVersion', string),
    optional('generation', int64),
    // A struct: omitempty has no effect, so a zero creationTimestamp is written as null.
    goField('creationTimestamp', time),
    optional('deletionTimestamp', { kind: 'pointer', elem: time }),
    optional('deletionGracePeriodSeconds', { kind: 'pointer', elem: int64 }),
    optional('labels', { kind: 'map', elem: string }),
    optional('annotations', { kind: 'map', elem: string }),
    optional('ownerReferences', { kind: 'slice', elem: { kind: 'raw', goName: 'v1.OwnerReference' } }),
    optional('finalizers', { kind: 'slice', elem: string }),
    optional('managedFields', { kind: 'slice', elem: { kind: 'raw', goName: 'v1.ManagedFieldsEntry' } }),
  ],
}

/** The ObjectMeta keys in Go struct order, for rendering an object's own metadata. */
export const objectMetaKeyOrder: readonly string[] = objectMetaType.fields.map((field) => field.json)
