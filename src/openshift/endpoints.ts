// OpenShift Image transport: where the Image kind is served. The same objects appear under the
// current group and the legacy /oapi/v1 prefix (IMG-3), one store, one resourceVersion sequence.
import type { Endpoint } from '../kube/resource.ts'
import { imageResource } from './image.ts'

export const openshiftEndpoints: Endpoint[] = [
  { resource: imageResource, prefix: '/apis/image.openshift.io/v1', group: 'image.openshift.io', version: 'v1', groupVersion: 'image.openshift.io/v1' },
  {
    resource: imageResource,
    prefix: '/oapi/v1',
    group: '',
    version: 'v1',
    groupVersion: 'v1',
    // IMG-9: server-side apply never existed on /oapi.
    patchTypes: ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'],
  },
]
