// The Kubernetes REST surface of one API group, written once for every kind and laid out as
// kube-apiserver's k8s.io/apiserver pkg/endpoints is: requestInfo.ts reads what a request addresses
// (endpoints/request/requestinfo.go), this installer runs the filter chain — authentication,
// authorization by verb, content negotiation — and hands a RequestScope to the verb's handler in
// handlers/ (endpoints/handlers: get, list, watch, create, update, patch, apply, delete). Every
// failure leaves as a `Status` in the API's own format, never as a crash.
import type { ApiModule, EmulatorCore } from '../../core.ts'
import { authenticate } from '../../auth.ts'
import type { ApiRequest } from '../../http/apiRequest.ts'
import { notFoundPage, type Answer } from '../../http/answer.ts'
import { servedVerbs, type Endpoint } from '../resource.ts'
import type { RegistryStore } from '../registryStore.ts'
import type { WatchHub } from '../watchHub.ts'
import { statusAnswer, statusErrors, StatusError } from '../status.ts'
import { negotiate } from '../negotiation.ts'
import { requestInfo, servedPrefix, type KubeVerb } from './requestInfo.ts'
import type { EndpointScope, KubeHttpOptions, RequestScope } from './handlers/requestScope.ts'
import { EncodingCache } from './handlers/encodingCache.ts'
import { auditId } from './handlers/response.ts'
import { getResource } from './handlers/get.ts'
import { listResource } from './handlers/list.ts'
import { createResource } from './handlers/create.ts'
import { updateResource } from './handlers/update.ts'
import { patchResource } from './handlers/patch.ts'
import { deleteCollection, deleteResource } from './handlers/delete.ts'

/** Which handler serves each verb; list serves watch requests too, as ListResource does. */
const handlers: Record<KubeVerb, (scope: RequestScope) => Answer | Promise<Answer>> = {
  get: getResource,
  list: listResource,
  watch: listResource,
  create: createResource,
  update: updateResource,
  patch: patchResource,
  delete: deleteResource,
  deletecollection: deleteCollection,
}

export function createKubeHttpApi(
  core: EmulatorCore,
  hub: WatchHub,
  served: Array<{ endpoint: Endpoint; registry: RegistryStore }>,
  options: KubeHttpOptions = {},
): Pick<ApiModule, 'claims' | 'handle'> {
  const endpoints = served.map((s) => s.endpoint)
  const scopes = new Map<Endpoint, EndpointScope>()
  for (const { endpoint, registry } of served) {
    const scope: EndpointScope = { core, hub, endpoint, registry, options, objectBytes: new EncodingCache(), itemBytes: new EncodingCache() }
    scopes.set(endpoint, scope)
    // A replaced or deleted version's encodings go with it: kept, they would grow with every write.
    core.store.subscribe((event) => {
      if (event.kind !== registry.kind) return
      for (const gone of [event.previousJson, event.type === 'DELETED' ? event.json : undefined]) {
        if (gone === undefined) continue
        scope.objectBytes.forget(gone)
        scope.itemBytes.forget(gone)
      }
    })
  }

  async function handle(request: ApiRequest, url: URL): Promise<Answer> {
    try {
      const info = requestInfo(request.method, url, endpoints)
      if (info === undefined) return notFoundPage()
      if (info.endpoint === undefined || info.subresource !== undefined) throw statusErrors.noRoute()
      const auth = authenticate(request.headers, core.auth)
      if (!auth.ok) throw statusErrors.unauthorized()
      const { principal } = auth
      const { verb, endpoint, name } = info
      if (!verb) throw statusErrors.methodNotAllowed()
      if (principal.verbs && !principal.verbs.includes(verb)) throw statusErrors.forbidden(endpoint, principal.user, verb, name)
      // Authorization runs before routing; routes exist only for the verbs the kind's storage serves.
      if (!servedVerbs(endpoint.resource).includes(verb)) throw statusErrors.methodNotAllowed()
      const representation = negotiate(request.headers.get('accept'))
      const scope: RequestScope = { served: scopes.get(endpoint)!, request, url, name, watchPath: info.watchPath, principal, representation }
      return await handlers[verb](scope)
    } catch (error) {
      // Anything unexpected is still an apiserver-shaped answer, never a dropped connection.
      const status = error instanceof StatusError ? error : statusErrors.internal(error instanceof Error ? error.message : String(error))
      return statusAnswer(status, { 'audit-id': auditId(core, request) })
    }
  }

  return {
    claims: (url: URL) => servedPrefix(url.pathname, endpoints) !== undefined,
    handle,
  }
}
