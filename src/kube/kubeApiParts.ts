// What every Kubernetes-style API's descriptor builds the same way from its endpoints: the module the
// shared machinery serves them with, the Status a scenario's error becomes, the objects scenarios
// write and the console lists (those of the first endpoint's kind, under its current group).
import type { BuiltApi, ErrorRequest, ErrorSpec } from '../apiDescriptor.ts'
import type { Answer } from '../http/answer.ts'
import type { KubeApis } from './kubeApis.ts'
import { requestInfo } from './endpoints/requestInfo.ts'
import type { Endpoint } from './resource.ts'
import { kubeScenarioObjects } from './scenarioObjects.ts'
import { statusAnswer } from './status.ts'
import { statusForCode, type StatusForCodeOptions, type StatusTarget } from './statusForCode.ts'
import { isJsonObject } from '../json/jsonObject.ts'

/** The endpoint and object name a request addresses (name '' for a collection; a POST names it in its body). */
function statusTarget(endpoints: readonly Endpoint[], request: ErrorRequest): StatusTarget | undefined {
  // A path that names nothing served (an undecodable name included) addresses no object.
  const info = requestInfo(request.request.method, request.url, endpoints)
  if (!info?.endpoint) return undefined
  let name = info.name ?? ''
  const body = request.body
  if (!name && isJsonObject(body)) {
    const metadata = body.metadata
    if (typeof metadata === 'object' && metadata !== null && typeof (metadata as { name?: unknown }).name === 'string') {
      name = (metadata as { name: string }).name
    }
  }
  return { endpoint: info.endpoint, name }
}

export function kubeApiParts(name: string, endpoints: readonly Endpoint[], kube: KubeApis, options: StatusForCodeOptions = {}): Omit<BuiltApi<unknown>, 'access'> {
  const primary = endpoints[0]!
  const access = kube.access(primary.resource)
  return {
    module: kube.module(name),
    errorAnswer: (spec, request) => statusAnswer(statusForCode(spec, request, statusTarget(endpoints, request), options)),
    objects: kubeScenarioObjects(primary, access),
    console: {
      collectionPath: `${primary.prefix}/${primary.resource.plural}`,
      list: () => access.list(),
      get: (key) => access.get(key),
    },
  }
}

/** Discovery and OpenAPI requests name no object: a scenario's error there is a bare Status. */
export function discoveryErrorAnswer(spec: ErrorSpec, request: ErrorRequest): Answer {
  return statusAnswer(statusForCode(spec, request, undefined))
}
