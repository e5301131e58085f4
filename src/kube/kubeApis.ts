// Wires the Kubernetes-style APIs: one registry store per kind, one watch hub, the REST surface of
// each endpoint group and the discovery documents, as ApiModules the dispatcher can route to.
import type { ApiModule, EmulatorCore } from '../core.ts'
import type { Endpoint, KubeObject, ResourceDefinition } from './resource.ts'
import { createRegistryStore, type RegistryStore } from './registryStore.ts'
import { createWatchHub, type WatchHub } from './watchHub.ts'
import { createKubeHttpApi } from './endpoints/installer.ts'
import { discoveryApi } from '../../handlers/discovery.ts'
import { openshiftEndpoints } from '../../handlers/openshift.ts'
import { cciEndpoints } from '../../handlers/cci.ts'

export interface KubeOptions {
  /** K-33: RV-unset watches with bookmarks end their initial events with the 1.32 bookmark. Default true. */
  initialEventsEndBookmark?: boolean
}

export interface KubeApiGroup {
  /** The journal's name for requests to these endpoints. */
  name: string
  endpoints: Endpoint[]
  /** K-11: whether objects on the wire carry metadata.managedFields (default true; always recorded). */
  showManagedFields?: boolean
}

/** Typed administrator access to one kind's objects, for tests and fixtures. */
export interface ResourceAccess {
  list(): KubeObject[]
  get(name: string): KubeObject | undefined
  /** Stores a complete object as given (keeps uid and timestamps; takes a new resourceVersion). */
  load(object: KubeObject): Promise<KubeObject>
  /**
   * A controller's write (lifecycles): `decide` sees the stored object and returns the next one,
   * 'delete', or undefined for no change; no strategy or validation runs.
   */
  systemUpdate(name: string, decide: (current: KubeObject) => KubeObject | 'delete' | undefined): Promise<void>
  /** Calls `listener(name)` after every committed write of this kind. */
  onChange(listener: (name: string) => void): () => void
  registry: RegistryStore
}

export interface KubeApis {
  apis: ApiModule[]
  hub: WatchHub
  resources: Map<ResourceDefinition, ResourceAccess>
  access(resource: ResourceDefinition): ResourceAccess
}

export const kubeApiGroups: KubeApiGroup[] = [
  { name: 'openshift', endpoints: openshiftEndpoints },
  // cci.md §3.2: seed 000's ObjectMeta (table 6) and its examples have no managedFields.
  { name: 'cci', endpoints: cciEndpoints, showManagedFields: false },
]

export function createKubeApis(core: EmulatorCore, options: KubeOptions = {}, groups: KubeApiGroup[] = kubeApiGroups): KubeApis {
  const hub = createWatchHub(core)
  const registries = new Map<ResourceDefinition, RegistryStore>()
  const registryFor = (resource: ResourceDefinition) => {
    let registry = registries.get(resource)
    if (!registry) {
      registry = createRegistryStore(core, resource)
      registries.set(resource, registry)
    }
    return registry
  }
  const allEndpoints = groups.flatMap((g) => g.endpoints)
  const apis: ApiModule[] = [discoveryApi(core, allEndpoints)]
  for (const group of groups) {
    const http = createKubeHttpApi(
      core,
      hub,
      group.endpoints.map((endpoint) => ({ endpoint, registry: registryFor(endpoint.resource) })),
      { initialEventsEndBookmark: options.initialEventsEndBookmark, showManagedFields: group.showManagedFields },
    )
    apis.push({ name: group.name, claims: http.claims, handle: http.handle })
  }

  // Fixture documents: arrays of objects of the served kinds, in any mix.
  const kindOf = (item: unknown) => (typeof item === 'object' && item !== null ? (item as { kind?: unknown }).kind : undefined)
  const servedKinds = new Map([...registries.keys()].map((resource) => [resource.kind, resource]))
  core.acceptFixtures({
    accepts: (document) => Array.isArray(document) && document.length > 0 && document.every((item) => servedKinds.has(kindOf(item) as string)),
    async load(document) {
      for (const [kind, resource] of servedKinds) {
        let objects = (document as KubeObject[]).filter((item) => item.kind === kind)
        if (!objects.length) continue
        objects = resource.prepareFixtures?.(structuredClone(objects), core.clock.now()) ?? objects
        for (const object of objects) await registryFor(resource).load(object)
      }
    },
  })

  core.keep('kube-watches', { reset: () => hub.closeAll(), snapshot: () => null, restore: () => undefined })

  const resources = new Map<ResourceDefinition, ResourceAccess>()
  for (const [resource, registry] of registries) {
    resources.set(resource, {
      registry,
      list: () => registry.list({ labelSelector: undefined, fieldSelector: undefined }, {}).items,
      get: (name) => registry.get(name),
      load: (object) => registry.load(object),
      systemUpdate: (name, decide) => registry.systemUpdate(name, decide),
      onChange: (listener) => core.store.subscribe((event) => event.kind === registry.kind && listener(event.key)),
    })
  }

  return {
    apis,
    hub,
    resources,
    access(resource) {
      const found = resources.get(resource)
      if (!found) throw new Error(`${resource.kind} is not served`)
      return found
    },
  }
}
