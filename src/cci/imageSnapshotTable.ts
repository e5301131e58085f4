// CCI-53: `kubectl get imagesnapshots` shows Name, Phase, Age, and with `-o wide` the EVS snapshot and the
// expiry (K-37 Table rows). Column descriptions are the fields' own, read from the Go structs.
import { ageSince } from '../kube/age.ts'
import type { GoStruct } from '../kube/go/goType.ts'
import type { KubeObject, ResourceDefinition, StrategyContext, TableColumn } from '../kube/resource.ts'
import { imageSnapshotStatusType } from './imageSnapshotGoTypes.ts'
import { isJsonObject } from '../json/jsonObject.ts'

const statusFieldDescription = (type: GoStruct, json: string): string => type.fields.find((field) => field.json === json)?.description ?? ''

const columns: TableColumn[] = [
  {
    name: 'Name',
    type: 'string',
    format: 'name',
    description:
      'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: http://kubernetes.io/docs/user-guide/identifiers#names',
    priority: 0,
  },
  { name: 'Phase', type: 'string', format: '', description: statusFieldDescription(imageSnapshotStatusType, 'phase'), priority: 0 },
  {
    name: 'Age',
    type: 'string',
    format: '',
    description:
      'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.',
    priority: 0,
  },
  { name: 'Snapshot ID', type: 'string', format: '', description: statusFieldDescription(imageSnapshotStatusType, 'snapshotID'), priority: 1 },
  {
    name: 'Expire Time',
    type: 'string',
    format: '',
    description: 'When the image snapshot is deleted: creationTimestamp plus spec.ttlDaysAfterCreated days.',
    priority: 1,
  },
]

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined
}

function cells(object: KubeObject, ctx: StrategyContext): unknown[] {
  const status = isJsonObject(object.status) ? object.status : {}
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : '<none>')
  return [
    object.metadata.name ?? '',
    typeof own(status, 'phase') === 'string' ? own(status, 'phase') : '',
    ageSince(object.metadata.creationTimestamp, ctx.clock.now()),
    text(own(status, 'snapshotID')),
    text(own(status, 'expireDateTime')),
  ]
}

export const imageSnapshotTable: ResourceDefinition['table'] = { columns, cells }
