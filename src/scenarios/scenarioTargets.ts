// What a scenario acts on: the emulator's clock and ids, its Kubernetes kinds (with their watch hub),
// the CCI lifecycle and Glance. The engine receives these and nothing else.
import type { Clock } from '../clock.ts'
import type { Ids } from '../ids.ts'
import type { ObjectStore } from '../store/objectStore.ts'
import type { KubeApis, ResourceAccess } from '../kube/kubeApis.ts'
import type { Endpoint } from '../kube/resource.ts'
import { storageKind } from '../kube/storageKind.ts'
import type { ImageSnapshotLifecycle } from '../cci/imageSnapshotLifecycle.ts'
import type { GlanceService } from '../glance/glanceService.ts'
import { openshiftEndpoints } from '../../handlers/openshift.ts'
import { cciEndpoints } from '../../handlers/cci.ts'
import type { WatchApi } from './scenario.ts'

export interface ScenarioTargets {
  clock: Clock
  ids: Ids
  store: ObjectStore
  kube: KubeApis
  cciLifecycle: ImageSnapshotLifecycle
  glance: GlanceService
}

/** A Kubernetes kind as a scenario addresses it: by the API that serves it. */
export interface KubeKind {
  /** The endpoint writes go through (the current group, not a legacy prefix). */
  endpoint: Endpoint
  access: ResourceAccess
  /** The watch hub's name for the kind. */
  watchKind: string
}

const primaryEndpoints: Record<WatchApi, Endpoint> = { openshift: openshiftEndpoints[0]!, cci: cciEndpoints[0]! }

export function kubeKind(targets: ScenarioTargets, api: WatchApi): KubeKind {
  const endpoint = primaryEndpoints[api]
  return { endpoint, access: targets.kube.access(endpoint.resource), watchKind: storageKind(endpoint.resource) }
}

/** A step's action could not be carried out (the object is missing, the transition does not apply…). */
export class ScenarioActionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ScenarioActionError'
  }
}
