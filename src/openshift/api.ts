// The OpenShift image API (image.openshift.io/v1): Images under the current group and the legacy /oapi/v1
// prefix, served by the shared Kubernetes machinery; scenarios name them by name.
import openshiftImages from '../../fixtures/openshift-images.json' with { type: 'json' }
import type { KubeApiDescriptor } from '../apiDescriptor.ts'
import type { ResourceAccess } from '../kube/kubeApis.ts'
import { kubeApiParts } from '../kube/kubeApiParts.ts'
import { openshiftEndpoints } from './endpoints.ts'
import { imageResource, type Image } from './image.ts'

export interface OpenShiftAccess {
  /** Images as an administrator reads and writes them. */
  images: ResourceAccess<Image>
}

export const openshiftApi: KubeApiDescriptor<'openshift', OpenShiftAccess> = {
  name: 'openshift',
  kube: { endpoints: openshiftEndpoints },
  fixtures: { 'openshift-images': openshiftImages },
  scenario: { key: 'name', objects: 'openshift objects' },
  build: ({ kube }) => ({ ...kubeApiParts('openshift', openshiftEndpoints, kube), access: { images: kube.access<Image>(imageResource) } }),
}
