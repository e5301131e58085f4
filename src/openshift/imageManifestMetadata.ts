// What the Image strategy derives from the raw manifest and image config (§5, IMG-27..IMG-28) and how
// it decides whether a changed manifest or config still belongs to the image (IMG-31, IMG-32).
// source: openshift/openshift-apiserver pkg/image/apiserver/internal/imageutil/helpers.go
// (InternalImageWithMetadata, fillImageLayers, reorderImageLayers, ManifestMatchesImage,
// ImageConfigMatchesImage), pkg/image/apiserver/registry/image/strategy.go (manifest list rebuild),
// pkg/image/apis/image/docker10/conversion.go. Failures are logged and ignored upstream: every function
// here simply stops, leaving whatever it filled so far.
import { decodeGo } from '../kube/go/goDecode.ts'
import { encodeGo } from '../kube/go/goEncode.ts'
import type { GoType } from '../kube/go/goType.ts'
import {
  dockerConfigType,
  dockerImageConfigType,
  dockerImageManifestType,
  dockerV1CompatibilityImageType,
  manifestListType,
} from './imageGoTypes.ts'
import type { DockerImageMetadata, Image, ImageLayer, ImageManifest } from './imageTypes.ts'
import { sha256Hex } from '../text/sha256Hex.ts'

const mediaTypes = {
  schema1: 'application/vnd.docker.distribution.manifest.v1+json',
  schema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  schema1Layer: 'application/vnd.docker.container.image.rootfs.diff+x-gtar',
  schema2: 'application/vnd.docker.distribution.manifest.v2+json',
  manifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
} as const

const layersOrderAnnotation = 'image.openshift.io/dockerLayersOrder'

interface Descriptor {
  mediaType: string
  size: number
  digest: string
}

interface ParsedManifest {
  schemaVersion: number
  mediaType: string
  fsLayers: Array<{ blobSum: string }> | null
  history: Array<{ v1Compatibility: string }> | null
  layers: Descriptor[] | null
  config: Descriptor
}

/** The fields of an image config or a schema 1 v1Compatibility entry that become dockerImageMetadata. */
interface ParsedImageConfig {
  id: string
  parent: string
  comment: string
  created: string | null
  container: string
  container_config: unknown
  docker_version: string
  author: string
  config: unknown
  architecture: string
  size: number
}

/** json.Unmarshal of `text` into a struct of type `type` (plain encoding/json: keys match case-insensitively). */
function unmarshal<T>(text: string, type: GoType): T | undefined {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  const decoded = decodeGo(json, type, { caseInsensitive: true })
  return decoded.error === undefined ? (decoded.value as T) : undefined
}

const utf8Length = (text: string) => new TextEncoder().encode(text).length

function annotate(image: Image, key: string, value: string) {
  image.metadata.annotations = { ...image.metadata.annotations, [key]: value }
}

/** reorderImageLayers: stores layers oldest first and records that with the order annotation. */
function reorderImageLayers(image: Image): void {
  const layers = image.dockerImageLayers
  if (!layers || layers.length === 0) return
  const annotations = image.metadata.annotations
  let order = annotations && Object.hasOwn(annotations, layersOrderAnnotation) ? annotations[layersOrderAnnotation] : undefined
  if (order === undefined) {
    switch (image.dockerImageManifestMediaType) {
      case mediaTypes.schema1:
      case mediaTypes.schema1Signed:
        order = 'ascending'
        break
      case mediaTypes.schema2:
      case mediaTypes.ociManifest:
        // Registries used to send schema 2 layers newest first; without the annotation they are assumed to.
        order = 'descending'
        break
      default:
        return
    }
  }
  if (order === 'descending') image.dockerImageLayers = [...layers].reverse()
  annotate(image, layersOrderAnnotation, 'ascending')
}

/** fillImageLayers: layers from the manifest when none were sent. False stops the caller. */
function fillImageLayers(image: Image, manifest: ParsedManifest): boolean {
  if (image.dockerImageLayers && image.dockerImageLayers.length > 0) return true
  switch (manifest.schemaVersion) {
    case 1: {
      const fsLayers = manifest.fsLayers ?? []
      const history = manifest.history ?? []
      if (history.length !== fsLayers.length) return false
      // Schema 1 lists the newest layer first; Images store the oldest first.
      const layers: ImageLayer[] = history.map((entry, i) => ({
        name: fsLayers[i]!.blobSum,
        size: unmarshal<{ size: number }>(entry.v1Compatibility, v1CompatibilitySizeType)?.size ?? 0,
        mediaType: mediaTypes.schema1Layer,
      }))
      image.dockerImageLayers = layers.reverse()
      break
    }
    case 2:
      image.dockerImageLayers = (manifest.layers ?? []).map((layer) => ({ name: layer.digest, size: layer.size, mediaType: layer.mediaType }))
      break
    default:
      return false
  }
  annotate(image, layersOrderAnnotation, 'ascending')
  return true
}

const v1CompatibilitySizeType: GoType = {
  kind: 'struct',
  goName: 'docker10.DockerV1CompatibilityImageSize',
  fields: [{ json: 'size', type: { kind: 'int', goName: 'int64' }, omitempty: true }],
}

/** Convert_DockerImageConfig_to_image_DockerImage (and its schema 1 twin): replaces the metadata wholesale. */
function metadataFromConfig(config: ParsedImageConfig): DockerImageMetadata {
  const metadata: DockerImageMetadata = {
    kind: 'DockerImage',
    apiVersion: 'image.openshift.io/1.0',
    Id: config.id,
    Created: config.created,
    ContainerConfig: encodeGo(config.container_config, dockerConfigType) as DockerImageMetadata['ContainerConfig'],
  }
  if (config.parent) metadata.Parent = config.parent
  if (config.comment) metadata.Comment = config.comment
  if (config.container) metadata.Container = config.container
  if (config.docker_version) metadata.DockerVersion = config.docker_version
  if (config.author) metadata.Author = config.author
  if (config.config !== null) metadata.Config = encodeGo(config.config, dockerConfigType) as DockerImageMetadata['Config']
  if (config.architecture) metadata.Architecture = config.architecture
  if (config.size) metadata.Size = config.size
  return metadata
}

function emptyMetadata(): DockerImageMetadata {
  return { kind: 'DockerImage', apiVersion: 'image.openshift.io/1.0', Id: '', Created: null, ContainerConfig: {} }
}

/**
 * InternalImageWithMetadata (IMG-27): layer order, then layers, media type and metadata from the
 * manifest and config, when a manifest is stored. `now` is the emulator clock (RFC 3339).
 */
export function fillImageFromManifest(image: Image, now: string): void {
  if (!image.dockerImageManifest) return
  reorderImageLayers(image)
  const metadata = image.dockerImageMetadata ?? emptyMetadata()
  if ((image.dockerImageLayers?.length ?? 0) > 0 && (metadata.Size ?? 0) > 0 && image.dockerImageManifestMediaType) return

  const manifest = unmarshal<ParsedManifest>(image.dockerImageManifest, dockerImageManifestType)
  if (!manifest) return
  // Manifest lists have no layers or config: the real server records only an id and a time.
  if (manifest.mediaType === mediaTypes.manifestList || manifest.mediaType === mediaTypes.ociIndex) {
    image.dockerImageMetadata = { ...metadata, Id: image.metadata.name ?? '', Created: now }
    return
  }
  if (!fillImageLayers(image, manifest)) return

  let filled: DockerImageMetadata
  switch (manifest.schemaVersion) {
    case 1: {
      image.dockerImageManifestMediaType = mediaTypes.schema1
      const history = manifest.history ?? []
      if (history.length === 0) return
      const v1 = unmarshal<ParsedImageConfig>(history[0]!.v1Compatibility, dockerV1CompatibilityImageType)
      if (!v1) return
      filled = metadataFromConfig(v1)
      break
    }
    case 2: {
      if (manifest.mediaType) image.dockerImageManifestMediaType = manifest.mediaType
      else if (!image.dockerImageManifestMediaType) image.dockerImageManifestMediaType = mediaTypes.schema2
      if (!image.dockerImageConfig) return
      const config = unmarshal<ParsedImageConfig>(image.dockerImageConfig, dockerImageConfigType)
      if (!config) return
      filled = metadataFromConfig(config)
      filled.Id = manifest.config.digest
      break
    }
    default:
      return
  }

  // Size: config bytes plus each distinct layer once (schema 2 never counts the config blob as a layer).
  const counted = new Set<string>()
  let size = 0
  if (manifest.schemaVersion === 2) {
    counted.add(manifest.config.digest)
    size = utf8Length(image.dockerImageConfig ?? '')
  }
  for (const layer of image.dockerImageLayers ?? []) {
    if (counted.has(layer.name)) continue
    counted.add(layer.name)
    size += layer.size
  }
  if (size) filled.Size = size
  else delete filled.Size
  image.dockerImageMetadata = filled
}

/** IMG-28: the sub-manifests of a manifest list or OCI index, or undefined for any other manifest. */
export function manifestListEntries(manifestText: string | undefined): ImageManifest[] | undefined {
  if (!manifestText) return undefined
  const list = unmarshal<{
    mediaType: string
    manifests: Array<{ mediaType: string; size: number; digest: string; platform: { architecture: string; os: string; variant: string } }> | null
  }>(manifestText, manifestListType)
  if (!list || (list.mediaType !== mediaTypes.manifestList && list.mediaType !== mediaTypes.ociIndex)) return undefined
  return (list.manifests ?? []).map((entry) => {
    const manifest: ImageManifest = {
      digest: entry.digest,
      mediaType: entry.mediaType,
      manifestSize: entry.size,
      architecture: entry.platform.architecture,
      os: entry.platform.os,
    }
    if (entry.platform.variant) manifest.variant = entry.platform.variant
    return manifest
  })
}

/** The lowercase hex of a `sha256:` digest go-digest accepts, or undefined (other algorithms are not emulated). */
function sha256Of(digest: string): string | undefined {
  const match = /^sha256:([a-f0-9]{64})$/.exec(digest)
  return match?.[1]
}

/** A schema 2 / OCI manifest as distribution's deserializers accept it for `mediaType`, or undefined. */
function parseTypedManifest(text: string, mediaType: string): ParsedManifest | undefined {
  const manifest = unmarshal<ParsedManifest>(text, dockerImageManifestType)
  if (!manifest) return undefined
  if (mediaType === mediaTypes.schema2 && manifest.mediaType !== mediaTypes.schema2) return undefined
  if (mediaType === mediaTypes.ociManifest && manifest.mediaType !== '' && manifest.mediaType !== mediaTypes.ociManifest) return undefined
  return manifest
}

/**
 * ManifestMatchesImage (IMG-31): does `manifest` hash to the image's name? The stored media type picks
 * the parser. Schema 1 signed payload extraction is not emulated: the string as sent is hashed.
 */
export function manifestMatchesImage(stored: Image, manifest: string): boolean {
  const expected = sha256Of(stored.metadata.name ?? '')
  if (!expected) return false
  switch (stored.dockerImageManifestMediaType ?? '') {
    case mediaTypes.ociManifest:
    case mediaTypes.schema2:
      if (!parseTypedManifest(manifest, stored.dockerImageManifestMediaType!)) return false
      break
    case mediaTypes.schema1:
    case '':
      if (!unmarshal(manifest, dockerImageManifestType)) return false
      break
    default:
      return false
  }
  return sha256Hex(manifest) === expected
}

/** ImageConfigMatchesImage (IMG-32): does `config` hash to the config digest of the image's manifest? */
export function imageConfigMatchesImage(image: Image, config: string): boolean {
  const mediaType = image.dockerImageManifestMediaType ?? ''
  if (mediaType !== mediaTypes.schema2 && mediaType !== mediaTypes.ociManifest) return false
  const manifest = parseTypedManifest(image.dockerImageManifest ?? '', mediaType)
  const expected = manifest && sha256Of(manifest.config.digest)
  return expected !== undefined && sha256Hex(config) === expected
}
