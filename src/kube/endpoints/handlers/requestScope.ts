// What every verb handler works with, in one object instead of a row of positional parameters, as
// kube-apiserver's handlers.RequestScope (pkg/endpoints/handlers/rest.go) carries what an endpoint
// needs: the per-endpoint part is built once at install time, the per-request part wraps it.
import type { EmulatorCore } from '../../../core.ts'
import type { Principal } from '../../../auth.ts'
import type { ApiRequest } from '../../../http/apiRequest.ts'
import type { Endpoint, StrategyContext } from '../../resource.ts'
import type { RegistryStore, RequestContext } from '../../registryStore.ts'
import type { WatchHub } from '../../watchHub.ts'
import type { Representation } from '../../negotiation.ts'
import type { WriteOptions } from '../../requestOptions.ts'
import { managerName } from '../../managedFields.ts'
import type { EncodingCache } from './encodingCache.ts'

export interface KubeHttpOptions {
  /** K-33: RV-unset watches with bookmarks get the initial-events-end bookmark (1.32 behaviour). */
  initialEventsEndBookmark?: boolean
  /**
   * K-11: whether responses show metadata.managedFields (default true). They are recorded either way,
   * so server-side apply keeps its ownership rules when an API's published objects omit them.
   */
  showManagedFields?: boolean
}

/** One served endpoint and what its handlers share across requests. */
export interface EndpointScope {
  core: EmulatorCore
  hub: WatchHub
  endpoint: Endpoint
  registry: RegistryStore
  options: KubeHttpOptions
  /** This endpoint's GET bodies and list items, encoded once per stored version. */
  objectBytes: EncodingCache
  itemBytes: EncodingCache
}

/** One request to one endpoint, authenticated and negotiated. */
export interface RequestScope {
  served: EndpointScope
  request: ApiRequest
  url: URL
  /** The object the path names; undefined on a collection. */
  name: string | undefined
  /** The legacy `/watch/` path (K-28). */
  watchPath: boolean
  principal: Principal
  representation: Representation
}

/** What a strategy may read while it runs for this request. */
export function strategyContext(scope: RequestScope): StrategyContext {
  const { core, endpoint } = scope.served
  return { now: core.clock.iso(), clock: core.clock, ids: core.ids, principal: scope.principal, group: endpoint.group }
}

/** The registry store's view of this request; `operation` names who writes (K-11). */
export function requestContext(scope: RequestScope, options?: WriteOptions, operation?: 'Update' | 'Apply'): RequestContext {
  const context: RequestContext = { endpoint: scope.served.endpoint, principal: scope.principal }
  if (options && operation) {
    // The fieldManager option, else the User-Agent's product token.
    context.fieldManager = { name: managerName(options.fieldManager, scope.request.headers.get('user-agent')), operation }
  }
  return context
}
