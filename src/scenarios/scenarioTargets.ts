// What a scenario acts on: the emulator's clock and ids, its Kubernetes machinery (with its watch hub)
// and every API as the registry built it. The engine receives these and nothing else.
import type { Clock } from '../clock.ts'
import type { Ids } from '../ids.ts'
import type { ObjectStore } from '../store/objectStore.ts'
import type { KubeApis } from '../kube/kubeApis.ts'
import type { BuiltApi, ErrorRequest, ErrorSpec } from '../apiDescriptor.ts'
import type { Answer } from '../http/answer.ts'
import { apis } from '../apis.ts'
import { storageKind } from '../kube/storageKind.ts'

export interface ScenarioTargets {
  clock: Clock
  ids: Ids
  store: ObjectStore
  kube: KubeApis
  /** Every API of the registry, built, by name. */
  apis: ReadonlyMap<string, BuiltApi<unknown, unknown>>
  /** An error answered in the dialect of the module (by its journal name) the request went to. */
  errorAnswer(module: string, spec: ErrorSpec, request: ErrorRequest): Answer
}

/** The built API a step names (the schema only lets registered names through). */
export function targetApi(targets: ScenarioTargets, name: string): BuiltApi<unknown, unknown> {
  const api = targets.apis.get(name)
  if (!api) throw new Error(`no API is named ${JSON.stringify(name)}`)
  return api
}

/** The API's descriptor, for what it says of itself (how objects are named, its endpoints). */
export function descriptorOf(name: string) {
  return apis.find((api) => api.name === name)
}

/** The watch hub's names for the kinds an API serves. */
export function watchKinds(name: string): string[] {
  return [...new Set((descriptorOf(name)?.kube?.endpoints ?? []).map((endpoint) => storageKind(endpoint.resource)))]
}
