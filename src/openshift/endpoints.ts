// Where the kinds of image.openshift.io/v1 are served: under the current group and the legacy /oapi/v1
// prefix (IMG-3), one store and one resourceVersion sequence for both. Serving another kind of the
// group is one more line in `kinds`.
import type { Endpoint, ResourceDefinition } from '../kube/resource.ts'
import { imageResource } from './image.ts'
import { imageSignatureResource } from './imagesignatures/imageSignature.ts'

const kinds: ResourceDefinition[] = [
  imageResource,
  imageSignatureResource,
]

const applyPatch = 'application/apply-patch+yaml'

export const openshiftEndpoints: Endpoint[] = [
  ...kinds.map((resource) => ({ resource, prefix: '/apis/image.openshift.io/v1', group: 'image.openshift.io', version: 'v1', groupVersion: 'image.openshift.io/v1' })),
  ...kinds.map((resource) => ({
    resource,
    prefix: '/oapi/v1',
    group: '',
    version: 'v1',
    groupVersion: 'v1',
    // IMG-9: server-side apply never existed on /oapi.
    patchTypes: resource.patchTypes.filter((type) => type !== applyPatch),
  })),
]
