// The OpenShift Image resource (image.openshift.io/v1, kind Image; spec/openshift.md): the strategy the
// generic Kubernetes store runs for it, modelled on openshift/openshift-apiserver
// pkg/image/apiserver/registry/image/strategy.go. The stored form of an Image is exactly the JSON the
// real server returns under /apis/image.openshift.io/v1 (minus kind/apiVersion): every write is decoded
// into the Go structs and marshalled back, so field order, omitted empties and base64 are canonical.
import type { KubeObject, ResourceDefinition, StrategyContext, TableColumn } from '../kube/resource.ts'
import { decodeGo } from '../kube/go/goDecode.ts'
import { encodeGo, roundTripGo } from '../kube/go/goEncode.ts'
import { goOpenApiSchema } from '../kube/go/goOpenApi.ts'
import { goStrategicMerge } from '../kube/go/goStrategicMerge.ts'
import { goStructWithout, goZero } from '../kube/go/goType.ts'
import { objectMetaKeyOrder } from '../kube/go/metaGoTypes.ts'
import { isJsonObject } from '../json/jsonObject.ts'
import { dockerImageType, imageType } from './imageGoTypes.ts'
import {
  fillImageFromManifest,
  imageConfigMatchesImage,
  manifestListEntries,
  manifestMatchesImage,
} from './imageManifestMetadata.ts'
import type { DockerImageMetadata, Image } from './imageTypes.ts'
import { validateImage } from './imageValidation.ts'

export type { Image, ImageLayer, ImageManifest, ImageSignature } from './imageTypes.ts'

/** When "true", the registry keeps manifest and config blobs itself, so the API must not (IMG-29). */
const manifestBlobStoredAnnotation = 'image.openshift.io/manifestBlobStored'
/** Once set by the signature import controller; stripped on every write (rhbz#1557607, IMG-29). */
const managedSignatureAnnotation = 'image.openshift.io/managed-signature'

/** The only dockerImageMetadataVersion the emulator serves (`pre012` is not emulated, IMG-13). */
const metadataVersion = '1.0'

// runtime.NewScheme names a scheme after the line that created it; this is where the Image conversion
// code creates the scheme that knows DockerImage versions (openshift-apiserver pkg/image/apis/image/v1).
const dockerImageSchemeName = 'github.com/openshift/openshift-apiserver/pkg/image/apis/image/v1/conversion.go:20'

// The Image's own metadata and type meta belong to the generic store; the strategy owns the rest.
const imageContentType = goStructWithout(imageType, ['kind', 'apiVersion', 'metadata'])

/** dockerImageMetadata decoded as a DockerImage: known keys only, Go struct order, kind/apiVersion fixed (IMG-11, IMG-13). */
function normalizeDockerImageMetadata(raw: unknown): DockerImageMetadata {
  const decoded = isJsonObject(raw) ? decodeGo(raw, dockerImageType).value : goZero(dockerImageType)
  const { kind: _kind, apiVersion: _apiVersion, ...fields } = encodeGo(decoded, dockerImageType) as Record<string, unknown>
  return { kind: 'DockerImage', apiVersion: `image.openshift.io/${metadataVersion}`, ...fields } as DockerImageMetadata
}

/**
 * Rewrites an Image's content (everything but kind, apiVersion and metadata) into the canonical stored
 * form: what decoding it into the Go structs and encoding it again yields. Values Go's decoder would
 * reject are zeroed (decode() reports them before a write gets here).
 */
function normalizeImage(object: KubeObject): void {
  const content = roundTripGo(object, imageContentType).json as Record<string, unknown>
  content.dockerImageMetadata = normalizeDockerImageMetadata(object.dockerImageMetadata)
  // Always rendered: the conversion to v1 writes the version it encoded the metadata with (IMG-12).
  content.dockerImageMetadataVersion = metadataVersion
  for (const key of Object.keys(object)) if (key !== 'metadata' && key !== 'kind' && key !== 'apiVersion') delete object[key]
  for (const field of imageContentType.fields) {
    if (Object.hasOwn(content, field.json)) object[field.json] = content[field.json]
  }
}

function typeMetaError(raw: unknown): string | undefined {
  const typeMeta = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }'
  if (!isJsonObject(raw)) {
    const kind = Array.isArray(raw) ? 'array' : typeof raw === 'boolean' ? 'bool' : typeof raw
    return `json: cannot unmarshal ${kind} into Go value of type ${typeMeta}`
  }
  for (const key of Object.keys(raw)) {
    const value = raw[key]
    if ((key === 'kind' || key === 'apiVersion') && value !== null && typeof value !== 'string') {
      const kind = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value
      return `json: cannot unmarshal ${kind} into Go struct field .${key} of type string`
    }
  }
  return undefined
}

/**
 * What decoding a request body into a v1 Image and converting it to the internal type would fail with
 * (IMG-13, IMG-14), as the decoder words it; the caller wraps it into the 400 BadRequest message.
 */
function decodeImageError(object: KubeObject): string | undefined {
  const decoded = decodeGo(object, imageType)
  if (decoded.error !== undefined) return decoded.error
  const version = typeof object.dockerImageMetadataVersion === 'string' && object.dockerImageMetadataVersion ? object.dockerImageMetadataVersion : metadataVersion
  // Unknown versions are refused even without metadata: the real server would store them and then fail
  // to encode every response for that image.
  if (version !== metadataVersion) {
    return `no kind "DockerImage" is registered for version "${version}" in scheme "${dockerImageSchemeName}"`
  }
  const raw = object.dockerImageMetadata
  if (raw === null || raw === undefined) return undefined
  const typeError = typeMetaError(raw)
  if (typeError) return `couldn't get version/kind; json parse error: ${typeError}`
  return decodeGo(raw, dockerImageType).error
}

function annotationOf(meta: KubeObject['metadata'] | undefined, key: string): string | undefined {
  const annotations = meta?.annotations
  return annotations && Object.hasOwn(annotations, key) ? annotations[key] : undefined
}

/** IMG-29: blobs the registry keeps are not stored twice; the obsolete signature annotation is dropped. */
function finishWrite(image: Image): void {
  if (annotationOf(image.metadata, manifestBlobStoredAnnotation) === 'true') {
    delete image.dockerImageManifest
    delete image.dockerImageConfig
  }
  for (const signature of image.signatures ?? []) {
    const annotations = signature.metadata?.annotations
    if (annotations && Object.hasOwn(annotations, managedSignatureAnnotation)) delete annotations[managedSignatureAnnotation]
  }
}

function prepareForCreate(object: KubeObject, ctx: StrategyContext): void {
  const image = object as Image
  normalizeImage(image)
  fillImageFromManifest(image, ctx.now)
  const subManifests = manifestListEntries(image.dockerImageManifest)
  if (subManifests) image.dockerImageManifests = subManifests
  finishWrite(image)
  normalizeImage(image)
}

function prepareForUpdate(object: KubeObject, old: KubeObject, ctx: StrategyContext): void {
  const image = object as Image
  normalizeImage(image)
  const stored = structuredClone(old) as Image
  normalizeImage(stored)

  // IMG-30: metadata and layers are the server's; signatures blobs too once there are any.
  image.dockerImageMetadata = stored.dockerImageMetadata
  image.dockerImageMetadataVersion = stored.dockerImageMetadataVersion
  if (stored.dockerImageLayers) image.dockerImageLayers = stored.dockerImageLayers
  else delete image.dockerImageLayers
  if (stored.dockerImageSignatures) image.dockerImageSignatures = stored.dockerImageSignatures

  // IMG-31: a new manifest must hash to the image's name, else the stored one stays.
  if ((image.dockerImageManifest ?? '') !== (stored.dockerImageManifest ?? '')) {
    if (image.dockerImageManifest && !manifestMatchesImage(stored, image.dockerImageManifest)) {
      if (stored.dockerImageManifest) image.dockerImageManifest = stored.dockerImageManifest
      else delete image.dockerImageManifest
    }
  }
  // IMG-32: a new config must hash to the config digest of the (now current) manifest.
  if ((image.dockerImageConfig ?? '') !== (stored.dockerImageConfig ?? '')) {
    if (image.dockerImageConfig && !imageConfigMatchesImage(image, image.dockerImageConfig)) {
      if (stored.dockerImageConfig) image.dockerImageConfig = stored.dockerImageConfig
      else delete image.dockerImageConfig
    }
  }
  // IMG-33: a corrected manifest or config can fill what is still missing (no manifest list rebuild).
  fillImageFromManifest(image, ctx.now)
  finishWrite(image)
  normalizeImage(image)
}

function orderedMetadata(meta: KubeObject['metadata']): KubeObject['metadata'] {
  const sortedMap = (map: unknown) =>
    isJsonObject(map) ? Object.fromEntries(Object.keys(map).sort().map((key) => [key, map[key]])) : map
  const keys = [...objectMetaKeyOrder.filter((key) => Object.hasOwn(meta, key)), ...Object.keys(meta).filter((key) => !objectMetaKeyOrder.includes(key))]
  return Object.fromEntries(keys.map((key) => [key, key === 'labels' || key === 'annotations' ? sortedMap(meta[key]) : meta[key]]))
}

/** IMG-44, IMG-45: the wire form under `groupVersion` (`image.openshift.io/v1`, or `v1` on /oapi). */
// Every write stores the canonical form (prepareForCreate/Update, prepareFixtures), so encoding only
// has to add the representation of the prefix; re-normalising here cost a Go round trip per read.
function encode(object: KubeObject, groupVersion: string): KubeObject {
  const { kind: _kind, apiVersion: _apiVersion, metadata, ...content } = object
  const slash = groupVersion.lastIndexOf('/')
  // 3.x encoded the metadata in the legacy (empty) group: "1.0" rather than "image.openshift.io/1.0".
  const metadataApiVersion = slash === -1 ? metadataVersion : `${groupVersion.slice(0, slash)}/${metadataVersion}`
  const dockerImageMetadata = { ...(content.dockerImageMetadata as DockerImageMetadata), apiVersion: metadataApiVersion }
  return { kind: 'Image', apiVersion: groupVersion, metadata: orderedMetadata(metadata ?? {}), ...content, dockerImageMetadata }
}

const imageColumns: TableColumn[] = [
  {
    name: 'Name',
    type: 'string',
    format: 'name',
    description:
      'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
    priority: 0,
  },
  {
    name: 'Image Reference',
    type: 'string',
    format: '',
    description: 'dockerImageReference is the string that can be used to pull this image.',
    priority: 0,
  },
]

export const imageResource: ResourceDefinition = {
  // IMG-50: openshift/api's Go package path names the OpenAPI definition.
  openapiPackage: 'com.github.openshift.api.image.v1',
  // Fixtures are stored as given, so they are brought into the canonical stored form here.
  prepareFixtures: (objects) =>
    objects.map((object) => {
      normalizeImage(object)
      return object
    }),
  // IMG-1, IMG-48.
  group: 'image.openshift.io',
  version: 'v1',
  kind: 'Image',
  listKind: 'ImageList',
  plural: 'images',
  singular: 'image',
  listItemsCarryTypeMeta: false,
  // IMG-26: AllowUnconditionalUpdate() false.
  allowUnconditionalUpdate: false,
  // IMG-16: names are path segments, so `sha256:<hex>` is valid.
  nameRule: 'pathSegment',
  // IMG-35 in K-16's order (the /oapi endpoint drops apply, IMG-9).
  patchTypes: [
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/strategic-merge-patch+json',
    'application/apply-patch+yaml',
  ],
  // IMG-37, from the struct tags: signatures merge by their name (the declared key `name` lives in
  // metadata.name), conditions by type, dockerImageMetadata and the other lists are atomic.
  strategicMerge: goStrategicMerge(imageType),
  decode: decodeImageError,
  prepareForCreate,
  validate: (object) => validateImage(object as Image),
  prepareForUpdate,
  // IMG-25: the whole of §4 again; content immutability is prepareForUpdate's silent restore, not an error.
  validateUpdate: (object) => validateImage(object as Image),
  table: {
    columns: imageColumns,
    cells: (object) => [object.metadata.name ?? '', (object as Image).dockerImageReference ?? ''],
  },
  encode,
  // IMG-50: generated from the Go structs, so names, types and descriptions cannot drift from decoding.
  openapiSchema: goOpenApiSchema(imageType, { group: 'image.openshift.io', version: 'v1', kind: 'Image' }),
}
