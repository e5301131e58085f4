// Wires the Kubernetes-style APIs the registry lists: one registry store per kind, one watch hub, the
// REST surface of each API's endpoints and the discovery documents over all of them, as ApiModules
// the dispatcher can route to.
import type { ApiModule, EmulatorCore } from '../core.ts'
import type { Endpoint, KubeObject, ResourceDefinition } from './resource.ts'
import { createRegistryStore, type RegistryStore } from './registryStore.ts'
import { createWatchHub, type WatchHub } from './watchHub.ts'
import { createKubeHttpApi } from './endpoints/installer.ts'
import { discoveryApi } from './discoveryApi.ts'
import { requestInfo } from './endpoints/requestInfo.ts'
import { normalizePathPrefix, stripPathPrefix } from './pathPrefix.ts'

export interface KubeOptions {
  /** K-33: RV-unset watches with bookmarks end their initial events with the 1.32 bookmark. Default true. */
  initialEventsEndBookmark?: boolean
  /**
   * Serve the Kubernetes paths under this prefix too, as a console's proxy does
   * (`/api/kubernetes` → `/api/kubernetes/apis/cci/v2/imagesnapshots`); the root paths stay served.
   */
  pathPrefix?: string
}

export interface KubeApiGroup {
  /** The journal's name for requests to these endpoints. */
  name: string
  endpoints: Endpoint[]
  /** K-11: whether objects on the wire carry metadata.managedFields (default true; always recorded). */
  showManagedFields?: boolean
}

/** Typed administrator access to one kind's objects, for tests and fixtures. */
export interface ResourceAccess<T extends KubeObject = KubeObject> {
  list(): T[]
  get(name: string): T | undefined
  /** Stores a complete object as given (keeps uid and timestamps; takes a new resourceVersion). */
  load(object: KubeObject): Promise<T>
  /**
   * A controller's write (lifecycles): `decide` sees the stored object and returns the next one,
   * 'delete', or undefined for no change; no strategy or validation runs.
   */
  systemUpdate(name: string, decide: (current: T) => T | 'delete' | undefined): Promise<void>
  /** Calls `listener(name)` after every committed write of this kind. */
  onChange(listener: (name: string) => void): () => void
  registry: RegistryStore
}

export interface KubeApis {
  /** The discovery and OpenAPI documents over every group's endpoints. */
  discovery: ApiModule
  /** The REST surface of one group, by its name. */
  module(name: string): ApiModule
  hub: WatchHub
  resources: Map<ResourceDefinition, ResourceAccess>
  access<T extends KubeObject = KubeObject>(resource: ResourceDefinition): ResourceAccess<T>
  /** The URL without `pathPrefix` when it names a Kubernetes path under it; else the URL as it is. */
  unprefixed(url: URL): URL
  /** Whether `method url` is a Kubernetes watch (`?watch=true` on a collection, or a `/watch/` path). */
  requestsWatch(method: string, url: URL): boolean
}

// A fixture document is data and preparing its objects a pure function of it and the time: done once
// per document, kind and time, not again on every reset() (registry loads copy what they store).
const prepared = new WeakMap<object, Map<ResourceDefinition, { at: number; objects: KubeObject[] }>>()
function preparedFixtures(document: object, resource: ResourceDefinition, objects: KubeObject[], at: number): KubeObject[] {
  const byResource = prepared.get(document) ?? new Map<ResourceDefinition, { at: number; objects: KubeObject[] }>()
  prepared.set(document, byResource)
  const cached = byResource.get(resource)
  if (cached?.at === at) return cached.objects
  const fresh = resource.prepareFixtures!(structuredClone(objects), at)
  byResource.set(resource, { at, objects: fresh })
  return fresh
}

export function createKubeApis(core: EmulatorCore, options: KubeOptions, groups: KubeApiGroup[]): KubeApis {
  const hub = createWatchHub(core)
  const registries = new Map<ResourceDefinition, RegistryStore>()
  const registryFor = (resource: ResourceDefinition) => {
    let registry = registries.get(resource)
    if (!registry) {
      // A façade kind's storage answers only its verbs (the router refuses the others with 405).
      registry = resource.storage ? (resource.storage({ core, registryOf: registryFor }) as RegistryStore) : createRegistryStore(core, resource)
      registries.set(resource, registry)
    }
    return registry
  }
  const allEndpoints = groups.flatMap((g) => g.endpoints)
  const modules = new Map<string, ApiModule>()
  for (const group of groups) {
    const http = createKubeHttpApi(
      core,
      hub,
      group.endpoints.map((endpoint) => ({ endpoint, registry: registryFor(endpoint.resource) })),
      { initialEventsEndBookmark: options.initialEventsEndBookmark, showManagedFields: group.showManagedFields },
    )
    modules.set(group.name, { name: group.name, claims: http.claims, handle: http.handle })
  }

  // Fixture documents: arrays of objects of the served kinds, in any mix.
  const kindOf = (item: unknown) => (typeof item === 'object' && item !== null ? (item as { kind?: unknown }).kind : undefined)
  const stored = [...registries.keys()].filter((resource) => !resource.storage)
  const servedKinds = new Map(stored.map((resource) => [resource.kind, resource]))
  core.acceptFixtures({
    accepts: (document) => Array.isArray(document) && document.length > 0 && document.every((item) => servedKinds.has(kindOf(item) as string)),
    async load(document) {
      for (const [kind, resource] of servedKinds) {
        let objects = (document as KubeObject[]).filter((item) => item.kind === kind)
        if (!objects.length) continue
        if (resource.prepareFixtures) objects = preparedFixtures(document as object, resource, objects, core.clock.now())
        for (const object of objects) await registryFor(resource).load(object)
      }
    },
  })

  core.keep('kube-watches', { reset: () => hub.closeAll(), snapshot: () => null, restore: () => undefined })

  const resources = new Map<ResourceDefinition, ResourceAccess>()
  for (const resource of stored) {
    const registry = registries.get(resource)!
    resources.set(resource, {
      registry,
      list: () => registry.list({ labelSelector: undefined, fieldSelector: undefined }, {}).items,
      get: (name) => registry.get(name),
      load: (object) => registry.load(object),
      systemUpdate: (name, decide) => registry.systemUpdate(name, decide),
      onChange: (listener) => core.store.subscribe((event) => event.kind === registry.kind && listener(event.key)),
    })
  }

  const discovery = discoveryApi(core, allEndpoints)
  const pathPrefix = normalizePathPrefix(options.pathPrefix)
  const kubeModules = [discovery, ...modules.values()]
  const unprefixed = (url: URL) => {
    const stripped = pathPrefix === undefined ? undefined : stripPathPrefix(url, pathPrefix)
    return stripped && kubeModules.some((module) => module.claims(stripped)) ? stripped : url
  }

  return {
    discovery,
    module(name) {
      const found = modules.get(name)
      if (!found) throw new Error(`no Kubernetes API is named ${name}`)
      return found
    },
    hub,
    resources,
    access<T extends KubeObject>(resource: ResourceDefinition) {
      const found = resources.get(resource)
      if (!found) throw new Error(`${resource.kind} is not served`)
      return found as unknown as ResourceAccess<T>
    },
    unprefixed,
    requestsWatch(method, url) {
      const info = requestInfo(method, unprefixed(url), allEndpoints)
      return info?.endpoint !== undefined && info.verb === 'watch' && info.subresource === undefined
    },
  }
}
