// Huawei Cloud CCI 2.0 `ImageSnapshot` (apiVersion cci/v2) as TypeScript sees it on the wire, and the
// constants the seed and the spec state about it. Field order is the seed's (seed 000, tables 5–14),
// which is also the wire order. Nothing here has behaviour: the strategy, the lifecycle and the
// validation all read these names.
import type { KubeObject, ObjectMeta } from '../kube/resource.ts'

/** The phases the CCI developer guide documents (cci.md §9). `Failed` is never written (CCI-43). */
export const imageSnapshotPhases = ['Creating', 'Available', 'Unavailable', 'Deleting'] as const

export type ImageSnapshotPhase = (typeof imageSnapshotPhases)[number]

export interface AutoCreateEIPAttribute {
  bandwidthChargeMode?: string
  bandwidthID?: string
  bandwidthSize?: number
  ipVersion?: number
  type?: string
}

export interface BuildingConfig {
  autoCreateEIP?: boolean
  autoCreateEIPAttribute?: AutoCreateEIPAttribute
  dnsServers?: string[]
  eipID?: string
  namespace?: string
  timeoutMinutes?: number
}

export interface ImageReference {
  image?: string
}

export interface Registry {
  imagePullSecret?: string
  insecureSkipVerify?: boolean
  plainHTTP?: boolean
  server?: string
}

export interface ImageSnapshotSpec {
  buildingConfig?: BuildingConfig
  imageSnapshotSize?: number
  images?: ImageReference[]
  registries?: Registry[]
  ttlDaysAfterCreated?: number
}

export interface PulledImage {
  digest?: string
  image?: string
  sizeBytes?: number
}

export interface ImageSnapshotStatus {
  expireDateTime?: string
  images?: PulledImage[]
  lastUpdatedTime?: string
  message?: string
  phase?: ImageSnapshotPhase
  reason?: string
  snapshotID?: string
  snapshotName?: string
}

export interface ImageSnapshot extends KubeObject {
  apiVersion?: string
  kind?: string
  metadata: ObjectMeta
  spec?: ImageSnapshotSpec
  status?: ImageSnapshotStatus
}

export const imageSnapshotGroup = 'cci'
export const imageSnapshotVersion = 'v2'
export const imageSnapshotGroupVersion = 'cci/v2'

/** CCI-15: the seed example carries exactly this finalizer. */
export const imageSnapshotFinalizer = 'imagesnapshot.kubernetes.io/imagesnapshot-finalizer'

/** CCI-17: defaults the seed states; applied by behaviour, never written into the stored object. */
export const imageSnapshotDefaults = {
  timeoutMinutes: 1440,
  bandwidthChargeMode: 'bandwidth',
  bandwidthSize: 5,
  ipVersion: 4,
} as const
