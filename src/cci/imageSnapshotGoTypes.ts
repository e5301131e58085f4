// The Go structs behind an ImageSnapshot (package v2), in the shape src/kube/go/ decodes, encodes and
// publishes: JSON names, integer sizes (CCI-10: "Integer" is int32, "Long" int64), required fields and the
// seed's descriptions (seed 000, tables 5–14; the user guide where the seed has none).
// Every field is a pointer with omitempty: the server stores what was sent (CCI-17: `ttlDaysAfterCreated: 0`,
// `false` and `[]` are kept; nulls are gone). autoCreateEIPAttribute is a struct value, so a buildingConfig
// without one is written with `{}`, as in the seed example. Lists carry no merge keys (CCI-38): `+listType=atomic`.
import { goField, type GoField, type GoStruct, type GoType } from '../kube/go/goType.ts'
import { objectMetaType, typeMetaFields } from '../kube/go/metaGoTypes.ts'

const pointer = (elem: GoType): GoType => ({ kind: 'pointer', elem })
const string: GoType = pointer({ kind: 'string' })
const bool: GoType = pointer({ kind: 'bool' })
const int32: GoType = pointer({ kind: 'int', goName: 'int32' })
const int64: GoType = pointer({ kind: 'int', goName: 'int64' })
const time: GoType = pointer({ kind: 'time' })
/** `*[]T`: an empty list sent is an empty list stored. */
const list = (elem: GoType): GoType => pointer({ kind: 'slice', elem })

type Tags = Omit<GoField, 'json' | 'type' | 'omitempty'>
const optional = (json: string, type: GoType, tags: Tags = {}): GoField => goField(json, type, { omitempty: true, ...tags })

const timeDescription =
  'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON. Wrappers are provided for many of the factory methods that the time package offers.'

const autoCreateEIPAttributeType: GoStruct = {
  kind: 'struct',
  goName: 'v2.AutoCreateEIPAttribute',
  description: 'AutoCreateEIPAttribute defines the specification of the EIP.',
  fields: [
    optional('bandwidthChargeMode', string, {
      description: 'BandwidthChargeMode id the charging mode of EIP. Default to bandwidth, this is charging according to bandwidth.',
    }),
    optional('bandwidthID', string, { description: 'Type of EIP.' }),
    optional('bandwidthSize', int32, { description: 'BandwidthSize specified bandwidth size of EIP. Default to 5.' }),
    optional('ipVersion', int32, { description: 'IPVersion specifies the ip version used by pod. Default to 4.' }),
    optional('type', string, { description: 'Type of EIP.' }),
  ],
}

const buildingConfigType: GoStruct = {
  kind: 'struct',
  goName: 'v2.BuildingConfig',
  description: 'BuildingConfig defines the config of job of building imageSnapshot.',
  fields: [
    optional('autoCreateEIP', bool, {
      description: 'AutoCreateEIP indicates that whether to auto create the EIP for the bulling pod to pull images from public network.',
    }),
    optional('autoCreateEIPAttribute', autoCreateEIPAttributeType),
    optional('dnsServers', list({ kind: 'string' }), {
      description: 'DNSServers is needed when pulling images using custom dns servers',
      listType: 'atomic',
    }),
    optional('eipID', string, { description: 'EIPID is needed when pulling images from public network.' }),
    // The user guide marks the namespace mandatory (cci.md §3.4).
    optional('namespace', string, {
      description: 'Namespace defines the namespace within which the pod of building imageSnapshot runs.',
      required: true,
    }),
    optional('timeoutMinutes', int32, {
      description:
        'TimeoutMinutes is the tolerance time (in minutes) for the completion of image snapshot creation. After this time duration, the image snapshot object will be unavailable and the corresponding pod will be deleted. Default is 1440 and the value must range from 30 to 10080.',
    }),
  ],
}

const imageReferenceType: GoStruct = {
  kind: 'struct',
  goName: 'v2.ImageReference',
  fields: [optional('image', string, { description: 'Name of the reference.', required: true })],
}

const registryType: GoStruct = {
  kind: 'struct',
  goName: 'v2.Registry',
  fields: [
    // The seed has no description here; the user guide's wording.
    optional('imagePullSecret', string, { description: 'Secret for accessing the image repository.' }),
    optional('insecureSkipVerify', bool, { description: 'Allow connections to SSL sites without certs, set true.' }),
    optional('plainHTTP', bool, { description: 'If server uses http protocol, set true.' }),
    optional('server', string, { description: 'Server is image repository server, eg. registry-1.xx.com.', required: true }),
  ],
}

export const imageSnapshotSpecType: GoStruct = {
  kind: 'struct',
  goName: 'v2.ImageSnapshotSpec',
  fields: [
    optional('buildingConfig', pointer(buildingConfigType), { required: true }),
    optional('imageSnapshotSize', int32, { description: 'The size of the imageSnapshot in GitBytes.' }),
    optional('images', list(imageReferenceType), {
      description: 'Images is a list of references to images to make imageSnapshot with a maximum of ten images.',
      required: true,
      listType: 'atomic',
    }),
    optional('registries', list(registryType), {
      description: 'Registries is a list of registries including auth information for pulling images with a maximum of ten.',
      listType: 'atomic',
    }),
    optional('ttlDaysAfterCreated', int32, {
      description: 'How long (in days) to retain imageSnapshot after created. Default to nil, which indicates never being deleted.',
    }),
  ],
}

const pulledImageType: GoStruct = {
  kind: 'struct',
  goName: 'v2.PulledImage',
  fields: [
    optional('digest', string, { description: 'Image digest, like sha265:xxx.' }),
    optional('image', string, { description: 'Name of the reference.' }),
    optional('sizeBytes', int64, { description: 'The size of the image in bytes.' }),
  ],
}

export const imageSnapshotStatusType: GoStruct = {
  kind: 'struct',
  goName: 'v2.ImageSnapshotStatus',
  fields: [
    optional('expireDateTime', time, { description: timeDescription }),
    optional('images', list(pulledImageType), {
      description: 'List of pulled images More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions',
      listType: 'atomic',
    }),
    optional('lastUpdatedTime', time, { description: timeDescription }),
    optional('message', string, { description: 'A human-readable message indicating details about why the imagesnapshot is in this state.' }),
    optional('phase', string, {
      description: 'The phase of an ImageSnapshot is a simple, high-level summary of where the ImageSnapshot is in its lifecycle.',
    }),
    optional('reason', string, {
      description: 'Reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.',
    }),
    optional('snapshotID', string, { description: 'SnapshotID uniquely identifies a evs snapshot.' }),
    optional('snapshotName', string, { description: 'Snapshot name of an evs snapshot.' }),
  ],
}

/** cci/v2 ImageSnapshot. */
export const imageSnapshotType: GoStruct = {
  kind: 'struct',
  goName: 'v2.ImageSnapshot',
  description: 'ImageSnapshot is an EVS disk snapshot with container images pre-pulled into it, so that CCI pods start without pulling them.',
  fields: [
    ...typeMetaFields,
    goField('metadata', objectMetaType, {
      omitempty: true,
      description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    }),
    optional('spec', pointer(imageSnapshotSpecType), {
      description:
        'Specification of the desired behavior of the ImageSnapshot. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
    }),
    optional('status', pointer(imageSnapshotStatusType), {
      description:
        'Most recently observed status of the ImageSnapshot. This data may not be up to date. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
    }),
  ],
}
