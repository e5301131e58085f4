// The Go structs behind an Image, in the shape src/kube/go/ decodes, encodes and publishes: field order,
// JSON names, omitempty, patch tags, and the descriptions the OpenAPI schema publishes (seed 003, i.e.
// openshift/api image/v1). source: openshift/api image/v1/types.go, image/docker10/dockertypes.go;
// openshift/openshift-apiserver pkg/image/apis/image/docker10/types.go (manifest and config parsing).
import { goField as field, type GoField, type GoStruct, type GoType } from '../kube/go/goType.ts'
import { objectMetaType, typeMetaFields } from '../kube/go/metaGoTypes.ts'

const string: GoType = { kind: 'string' }
const int64: GoType = { kind: 'int', goName: 'int64' }
const int: GoType = { kind: 'int', goName: 'int' }
const bool: GoType = { kind: 'bool' }
const time: GoType = { kind: 'time' }
const stringList: GoType = { kind: 'slice', elem: string }
const stringMap: GoType = { kind: 'map', elem: string }
const emptyStruct: GoType = { kind: 'struct', goName: 'struct {}', fields: [] }

const optional = (json: string, type: GoType, description?: string): GoField =>
  description === undefined ? { json, type, omitempty: true } : { json, type, omitempty: true, description }

const compatibilityLevel1 =
  'Compatibility level 1: Stable within a major release for a minimum of 12 months or 3 minor releases (whichever is longer).'

const imageLayerType: GoType = {
  kind: 'struct',
  goName: 'v1.ImageLayer',
  description: 'ImageLayer represents a single layer of the image. Some images may have multiple layers. Some may have none.',
  fields: [
    field('name', string, { description: 'Name of the layer as defined by the underlying store.', required: true }),
    field('size', int64, { description: 'Size of the layer in bytes as defined by the underlying store.', required: true }),
    field('mediaType', string, { description: 'MediaType of the referenced object.', required: true }),
  ],
}

const imageManifestType: GoType = {
  kind: 'struct',
  goName: 'v1.ImageManifest',
  description: 'ImageManifest represents sub-manifests of a manifest list. The Digest field points to a regular Image object.',
  fields: [
    field('digest', string, { description: 'Digest is the unique identifier for the manifest. It refers to an Image object.', required: true }),
    field('mediaType', string, {
      description:
        'MediaType defines the type of the manifest, possible values are application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json or application/vnd.docker.distribution.manifest.v1+json.',
      required: true,
    }),
    field('manifestSize', int64, { description: 'ManifestSize represents the size of the raw object contents, in bytes.', required: true }),
    field('architecture', string, { description: 'Architecture specifies the supported CPU architecture, for example amd64 or ppc64le.', required: true }),
    field('os', string, { description: 'OS specifies the operating system, for example linux.', required: true }),
    optional(
      'variant',
      string,
      'Variant is an optional field repreenting a variant of the CPU, for example v6 to specify a particular CPU variant of the ARM CPU.',
    ),
  ],
}

const signatureConditionType: GoType = {
  kind: 'struct',
  goName: 'v1.SignatureCondition',
  description: 'SignatureCondition describes an image signature condition of particular kind at particular probe time.',
  fields: [
    field('type', { kind: 'string', goName: 'v1.SignatureConditionType' }, { description: 'Type of signature condition, Complete or Failed.', required: true }),
    field('status', { kind: 'string', goName: 'v1.ConditionStatus' }, { description: 'Status of the condition, one of True, False, Unknown.', required: true }),
    field('lastProbeTime', time, { omitempty: true, description: 'Last time the condition was checked.' }),
    field('lastTransitionTime', time, { omitempty: true, description: 'Last time the condition transit from one status to another.' }),
    optional('reason', string, "(brief) reason for the condition's last transition."),
    optional('message', string, 'Human readable message indicating details about last transition.'),
  ],
}

const organization = optional('organization', string, 'Organization name.')
const commonName = optional('commonName', string, 'Common name (e.g. openshift-signing-service).')

const signatureIssuerType: GoType = {
  kind: 'struct',
  goName: 'v1.SignatureIssuer',
  description: 'SignatureIssuer holds information about an issuer of signing certificate or key.',
  fields: [organization, commonName],
}

const signatureSubjectType: GoType = {
  kind: 'struct',
  goName: 'v1.SignatureSubject',
  description: 'SignatureSubject holds information about a person or entity who created the signature.',
  fields: [
    organization,
    commonName,
    field('publicKeyID', string, {
      description:
        "If present, it is a human readable key id of public key belonging to the subject used to verify image signature. It should contain at least 64 lowest bits of public key's fingerprint (e.g. 0x685ebe62bf278440).",
      required: true,
    }),
  ],
}

// Signatures nested in an Image carry no kind/apiVersion: the conversion to and from the internal
// type does not copy TypeMeta, so any sent are dropped.
export const imageSignatureType: GoStruct = {
  kind: 'struct',
  goName: 'v1.ImageSignature',
  description: `ImageSignature holds a signature of an image. It allows to verify image identity and possibly other claims as long as the signature is trusted. Based on this information it is possible to restrict runnable images to those matching cluster-wide policy. Mandatory fields should be parsed by clients doing image verification. The others are parsed from signature's content by the server. They serve just an informative purpose.\n\n${compatibilityLevel1}`,
  fields: [
    field('metadata', objectMetaType, { omitempty: true }),
    field('type', string, { description: 'Required: Describes a type of stored blob.', required: true }),
    field('content', { kind: 'bytes' }, { description: "Required: An opaque binary string which is an image's signature.", required: true }),
    field('conditions', { kind: 'slice', elem: signatureConditionType }, {
      omitempty: true,
      description: "Conditions represent the latest available observations of a signature's current state.",
      patchStrategy: 'merge',
      patchMergeKey: 'type',
    }),
    optional(
      'imageIdentity',
      string,
      'A human readable string representing image\'s identity. It could be a product name and version, or an image pull spec (e.g. "registry.access.redhat.com/rhel7/rhel:7.2").',
    ),
    optional('signedClaims', stringMap, 'Contains claims from the signature.'),
    optional('created', { kind: 'pointer', elem: time }, "If specified, it is the time of signature's creation."),
    optional('issuedBy', { kind: 'pointer', elem: signatureIssuerType }, 'SignatureIssuer holds information about an issuer of signing certificate or key.'),
    optional('issuedTo', { kind: 'pointer', elem: signatureSubjectType }, 'SignatureSubject holds information about a person or entity who created the signature.'),
  ],
}

/** ImageSignature as a kind of its own (IMG-10 `imagesignatures`): the same struct with its TypeMeta. */
export const imageSignatureKindType: GoStruct = { ...imageSignatureType, fields: [...typeMetaFields, ...imageSignatureType.fields] }

/** image.openshift.io/v1 Image. dockerImageMetadata is a RawExtension here; dockerImageType describes its content. */
export const imageType: GoStruct = {
  kind: 'struct',
  goName: 'v1.Image',
  description: `Image is an immutable representation of a container image and metadata at a point in time. Images are named by taking a hash of their contents (metadata and content) and any change in format, content, or metadata results in a new name. The images resource is primarily for use by cluster administrators and integrations like the cluster image registry - end users instead access images via the imagestreamtags or imagestreamimages resources. While image metadata is stored in the API, any integration that implements the container image registry API must provide its own storage for the raw manifest data, image config, and layer contents.\n\n${compatibilityLevel1}`,
  fields: [
    ...typeMetaFields,
    field('metadata', objectMetaType, { omitempty: true }),
    optional('dockerImageReference', string, 'DockerImageReference is the string that can be used to pull this image.'),
    field('dockerImageMetadata', { kind: 'raw' }, {
      omitempty: true,
      description: 'DockerImageMetadata contains metadata about this image',
      patchStrategy: 'replace',
    }),
    optional(
      'dockerImageMetadataVersion',
      string,
      'DockerImageMetadataVersion conveys the version of the object, which if empty defaults to "1.0"',
    ),
    optional('dockerImageManifest', string, 'DockerImageManifest is the raw JSON of the manifest'),
    optional(
      'dockerImageLayers',
      { kind: 'slice', elem: imageLayerType },
      'DockerImageLayers represents the layers in the image. May not be set if the image does not define that data or if the image represents a manifest list.',
    ),
    field('signatures', { kind: 'slice', elem: imageSignatureType }, {
      omitempty: true,
      description: 'Signatures holds all signatures of the image.',
      patchStrategy: 'merge',
      patchMergeKey: 'name',
    }),
    optional(
      'dockerImageSignatures',
      { kind: 'slice', elem: { kind: 'bytes' } },
      'DockerImageSignatures provides the signatures as opaque blobs. This is a part of manifest schema v1.',
    ),
    optional(
      'dockerImageManifestMediaType',
      string,
      'DockerImageManifestMediaType specifies the mediaType of manifest. This is a part of manifest schema v2.',
    ),
    optional(
      'dockerImageConfig',
      string,
      'DockerImageConfig is a JSON blob that the runtime uses to set up the container. This is a part of manifest schema v2. Will not be set when the image represents a manifest list.',
    ),
    optional(
      'dockerImageManifests',
      { kind: 'slice', elem: imageManifestType },
      'DockerImageManifests holds information about sub-manifests when the image represents a manifest list. When this field is present, no DockerImageLayers should be specified.',
    ),
  ],
}

/** docker10.DockerConfig: every key optional, Docker API capitalisation. */
export const dockerConfigType: GoType = {
  kind: 'struct',
  goName: 'docker10.DockerConfig',
  fields: [
    optional('Hostname', string),
    optional('Domainname', string),
    optional('User', string),
    optional('Memory', int64),
    optional('MemorySwap', int64),
    optional('CpuShares', int64),
    optional('Cpuset', string),
    optional('AttachStdin', bool),
    optional('AttachStdout', bool),
    optional('AttachStderr', bool),
    optional('PortSpecs', stringList),
    optional('ExposedPorts', { kind: 'map', elem: emptyStruct }),
    optional('Tty', bool),
    optional('OpenStdin', bool),
    optional('StdinOnce', bool),
    optional('Env', stringList),
    optional('Cmd', stringList),
    optional('Dns', stringList),
    optional('Image', string),
    optional('Volumes', { kind: 'map', elem: emptyStruct }),
    optional('VolumesFrom', string),
    optional('WorkingDir', string),
    optional('Entrypoint', stringList),
    optional('NetworkDisabled', bool),
    optional('SecurityOpts', stringList),
    optional('OnBuild', stringList),
    optional('Labels', stringMap),
  ],
}

/** docker10.DockerImage: the content of dockerImageMetadata (IMG-11). */
export const dockerImageType: GoStruct = {
  kind: 'struct',
  goName: 'docker10.DockerImage',
  fields: [
    optional('kind', string),
    optional('apiVersion', string),
    field('Id', string),
    optional('Parent', string),
    optional('Comment', string),
    field('Created', time, { omitempty: true }),
    optional('Container', string),
    field('ContainerConfig', dockerConfigType, { omitempty: true }),
    optional('DockerVersion', string),
    optional('Author', string),
    optional('Config', { kind: 'pointer', elem: dockerConfigType }),
    optional('Architecture', string),
    optional('Size', int64),
  ],
}

const descriptorType: GoType = {
  kind: 'struct',
  goName: 'docker10.Descriptor',
  fields: [optional('mediaType', string), optional('size', int64), optional('digest', string)],
}

/** The strategy's own view of a manifest (schema 1 and schema 2/OCI fields in one struct). */
export const dockerImageManifestType: GoType = {
  kind: 'struct',
  goName: 'docker10.DockerImageManifest',
  fields: [
    field('schemaVersion', int),
    optional('mediaType', string),
    field('name', string),
    field('tag', string),
    field('architecture', string),
    field('fsLayers', { kind: 'slice', elem: { kind: 'struct', goName: 'docker10.DockerFSLayer', fields: [field('blobSum', string)] } }),
    field('history', { kind: 'slice', elem: { kind: 'struct', goName: 'docker10.DockerHistory', fields: [field('v1Compatibility', string)] } }),
    field('layers', { kind: 'slice', elem: descriptorType }),
    field('config', descriptorType),
  ],
}

const platformType: GoType = {
  kind: 'struct',
  goName: 'manifestlist.PlatformSpec',
  fields: [
    field('architecture', string),
    field('os', string),
    optional('os.version', string),
    optional('os.features', stringList),
    optional('variant', string),
    optional('features', stringList),
  ],
}

/** A Docker manifest list / OCI index (distribution's manifestlist.ManifestList). */
export const manifestListType: GoType = {
  kind: 'struct',
  goName: 'manifestlist.ManifestList',
  fields: [
    field('schemaVersion', int),
    optional('mediaType', string),
    field('manifests', {
      kind: 'slice',
      elem: {
        kind: 'struct',
        goName: 'manifestlist.ManifestDescriptor',
        fields: [
          optional('mediaType', string),
          optional('size', int64),
          optional('digest', string),
          optional('urls', stringList),
          optional('annotations', stringMap),
          optional('platform', platformType),
        ],
      },
    }),
  ],
}

/** Fields an image config and a schema 1 v1Compatibility entry share (docker10.DockerImageConfig, DockerV1CompatibilityImage). */
const imageConfigCommonFields: GoField[] = [
  field('id', string),
  optional('parent', string),
  optional('comment', string),
  field('created', time),
  optional('container', string),
  optional('container_config', dockerConfigType),
  optional('docker_version', string),
  optional('author', string),
  optional('config', { kind: 'pointer', elem: dockerConfigType }),
  optional('architecture', string),
  optional('size', int64),
]

export const dockerImageConfigType: GoType = {
  kind: 'struct',
  goName: 'docker10.DockerImageConfig',
  fields: [
    ...imageConfigCommonFields,
    optional('rootfs', {
      kind: 'pointer',
      elem: { kind: 'struct', goName: 'docker10.DockerConfigRootFS', fields: [field('type', string), optional('diff_ids', stringList)] },
    }),
    optional('history', {
      kind: 'slice',
      elem: {
        kind: 'struct',
        goName: 'docker10.DockerConfigHistory',
        fields: [field('created', time), optional('author', string), optional('created_by', string), optional('comment', string), optional('empty_layer', bool)],
      },
    }),
    optional('os', string),
    optional('os.version', string),
    optional('os.features', stringList),
  ],
}

export const dockerV1CompatibilityImageType: GoType = {
  kind: 'struct',
  goName: 'docker10.DockerV1CompatibilityImage',
  fields: imageConfigCommonFields,
}
