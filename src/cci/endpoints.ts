// Where the kinds of Huawei Cloud CCI 2.0 (cci/v2) are served: one line per kind.
import type { Endpoint } from '../kube/resource.ts'
import { imageSnapshotResource } from './imageSnapshot.ts'

export const cciEndpoints: Endpoint[] = [
  { resource: imageSnapshotResource, prefix: '/apis/cci/v2', group: 'cci', version: 'v2', groupVersion: 'cci/v2' },
]
