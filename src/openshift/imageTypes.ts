// The image.openshift.io/v1 Image as it appears on the wire (openshift/api image/v1/types.go,
// image/docker10/dockertypes.go). Optional members are the ones Go omits when empty.
import type { KubeObject, ObjectMeta } from '../kube/resource.ts'

/** `dockerImageLayers[]`: a layer blob of the image (§3.2). */
export interface ImageLayer {
  /** The layer digest, e.g. `sha256:…`. */
  name: string
  /** Bytes. */
  size: number
  mediaType: string
}

/** `dockerImageManifests[]`: one platform's manifest in a manifest list (§3.3). */
export interface ImageManifest {
  digest: string
  mediaType: string
  manifestSize: number
  architecture: string
  os: string
  variant?: string
}

export type SignatureConditionType = 'Trusted' | 'ForImage' | 'Expired' | 'Revoked' | (string & {})
export type ConditionStatus = 'True' | 'False' | 'Unknown' | (string & {})

export interface SignatureCondition {
  type: SignatureConditionType
  status: ConditionStatus
  /** RFC 3339; `null` when unset. */
  lastProbeTime: string | null
  lastTransitionTime: string | null
  reason?: string
  message?: string
}

export interface SignatureIssuer {
  organization?: string
  commonName?: string
}

export interface SignatureSubject extends SignatureIssuer {
  /** At least the 64 low bits of the key fingerprint, e.g. `0x685ebe62bf278440`. */
  publicKeyID: string
}

/** `signatures[]` (§3.4). The name is `<imageName>@<signatureName>`. */
export interface ImageSignature {
  metadata: ObjectMeta
  /** `AtomicImageV1` for the signatures the platform produces. */
  type: string
  /** Base64 of the signature blob. */
  content: string | null
  conditions?: SignatureCondition[]
  imageIdentity?: string
  signedClaims?: Record<string, string>
  created?: string
  issuedBy?: SignatureIssuer
  issuedTo?: SignatureSubject
}

/** docker10.DockerConfig: the container configuration recorded in image metadata. */
export interface DockerConfig {
  Hostname?: string
  Domainname?: string
  User?: string
  Memory?: number
  MemorySwap?: number
  CpuShares?: number
  Cpuset?: string
  AttachStdin?: boolean
  AttachStdout?: boolean
  AttachStderr?: boolean
  PortSpecs?: string[]
  ExposedPorts?: Record<string, Record<string, never>>
  Tty?: boolean
  OpenStdin?: boolean
  StdinOnce?: boolean
  Env?: string[]
  Cmd?: string[]
  Dns?: string[]
  Image?: string
  Volumes?: Record<string, Record<string, never>>
  VolumesFrom?: string
  WorkingDir?: string
  Entrypoint?: string[]
  NetworkDisabled?: boolean
  SecurityOpts?: string[]
  OnBuild?: string[]
  Labels?: Record<string, string>
}

/** `dockerImageMetadata`: a docker10.DockerImage (IMG-11). */
export interface DockerImageMetadata {
  kind: 'DockerImage'
  /** `image.openshift.io/1.0`, or `1.0` under /oapi/v1 (IMG-45). */
  apiVersion: string
  Id: string
  Parent?: string
  Comment?: string
  Created: string | null
  Container?: string
  ContainerConfig: DockerConfig
  DockerVersion?: string
  Author?: string
  Config?: DockerConfig
  Architecture?: string
  Size?: number
}

/** image.openshift.io/v1 Image, cluster-scoped. */
export interface Image extends KubeObject {
  kind?: 'Image'
  apiVersion?: string
  metadata: ObjectMeta
  dockerImageReference?: string
  dockerImageMetadata?: DockerImageMetadata
  dockerImageMetadataVersion?: string
  /** The raw manifest JSON, as a string. */
  dockerImageManifest?: string
  dockerImageLayers?: ImageLayer[]
  signatures?: ImageSignature[]
  /** Schema 1 signatures, base64. */
  dockerImageSignatures?: string[]
  dockerImageManifestMediaType?: string
  /** The raw image config JSON, as a string. */
  dockerImageConfig?: string
  dockerImageManifests?: ImageManifest[]
}
