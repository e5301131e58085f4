// Huawei Cloud CCI 2.0 transport: where the ImageSnapshot kind is served.
import type { Endpoint } from '../src/kube/resource.ts'
import { imageSnapshotResource } from '../src/cci/imageSnapshot.ts'

export const cciEndpoints: Endpoint[] = [
  { resource: imageSnapshotResource, prefix: '/apis/cci/v2', group: 'cci', version: 'v2', groupVersion: 'cci/v2' },
]
