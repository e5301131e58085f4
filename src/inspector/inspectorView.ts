// What the inspector shows, read from the state the emulator already keeps: the objects of each API
// (the store, through each kind's registry or the API's console view), the open watches and what each
// sent (the watch hub), the playing scenarios and their steps (the engine), the latest requests (the
// journal) and the clock. Read-only and computed on demand: nothing here runs on the request path.
import type { BuiltApi } from '../apiDescriptor.ts'
import type { Clock, ClockMode } from '../clock.ts'
import type { Journal, JournalEntry } from '../journal.ts'
import type { KubeApis } from '../kube/kubeApis.ts'
import type { Endpoint, ResourceDefinition } from '../kube/resource.ts'
import type { WatchReceipt } from '../kube/watchReceipts.ts'
import type { StepReport, ScenarioEngine } from '../scenarios/engine.ts'
import type { ObjectStore } from '../store/objectStore.ts'

/** Objects listed per kind; the count says how many there are in all. */
const inspectorObjectLimit = 500
/** Journal entries the state carries: the latest ones. */
const inspectorJournalLimit = 500

export interface InspectedObject {
  /** How the API names the object: the Kubernetes name, the Glance or Keystone id. */
  key: string
  /** A display name when the key is an id. */
  label?: string
  /** The phase or status, when the object has one. */
  status?: string
}

export interface InspectedKind {
  kind: string
  /** The kind's place in the URL of its objects (`/_emulator/objects/<api>/<resource>/<key>`). */
  resource: string
  count: number
  /** The first objects, by key (at most inspectorObjectLimit). */
  objects: InspectedObject[]
}

export interface InspectedWatch {
  id: number
  /** The watch request's path and query (its selectors and resourceVersion among them). */
  path: string | undefined
  /** Emulator time the watch opened. */
  opened: string
  /** Events sent in all. */
  received: number
  /** The last events sent, oldest first. */
  events: WatchReceipt[]
}

export interface InspectedScenario {
  name: string
  playing: boolean
  steps: StepReport[]
}

/** A journal entry without its request headers. */
export type InspectedRequest = Omit<JournalEntry, 'requestHeaders'>

export interface InspectorState {
  clock: { now: string; mode: ClockMode; pendingTimers: number }
  /** The store's latest resourceVersion: it changes whenever an object does. */
  resourceVersion: number
  apis: Array<{ name: string; kinds: InspectedKind[] }>
  watches: InspectedWatch[]
  scenarios: InspectedScenario[]
  /** The latest requests, oldest first. */
  journal: InspectedRequest[]
}

export interface InspectorView {
  state(): InspectorState
  /** One object as stored, or undefined. */
  object(api: string, resource: string, key: string): unknown
  /**
   * Changes whenever what state() shows changes (the clock by the second when it runs by itself):
   * a stream compares it to decide whether to send a new state, without building one.
   */
  fingerprint(): string
}

export interface InspectorSources {
  clock: Clock
  store: ObjectStore
  journal: Journal
  scenarios: ScenarioEngine
  kube: KubeApis
  /** The registry's descriptors, as far as the inspector reads them. */
  descriptors: ReadonlyArray<{ name: string; kube?: { endpoints: readonly Endpoint[] } }>
  apis: ReadonlyMap<string, BuiltApi<unknown, unknown>>
}

interface KindSource {
  resource: string
  inspect(): InspectedKind
  object(key: string): unknown
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined)

function kubeSummary(object: Record<string, unknown>, key: string): InspectedObject {
  const status = text((object.status as { phase?: unknown } | undefined)?.phase)
  return status === undefined ? { key } : { key, status }
}

/** Objects without a Kubernetes name (Glance images, Keystone users): named by id, shown by name. */
function consoleSummary(object: Record<string, unknown>, key: string): InspectedObject {
  const label = text(object.name)
  const status = text(object.status)
  return { key, ...(label !== undefined && label !== key ? { label } : {}), ...(status !== undefined ? { status } : {}) }
}

function consoleKey(object: unknown): string {
  const value = object as { id?: unknown; name?: unknown; metadata?: { name?: unknown } }
  return text(value.metadata?.name) ?? text(value.id) ?? text(value.name) ?? ''
}

export function createInspectorView(sources: InspectorSources): InspectorView {
  const { clock, store, journal, scenarios, kube } = sources

  /** Each API's kinds: a Kubernetes-style API's stored kinds, else what its console lists. */
  const kindsOf = (descriptor: InspectorSources['descriptors'][number]): KindSource[] => {
    if (descriptor.kube) {
      const resources = [...new Set<ResourceDefinition>(descriptor.kube.endpoints.map((endpoint) => endpoint.resource))]
      return resources.flatMap((resource) => {
        const access = kube.resources.get(resource)
        // A façade kind (imagesignatures) stores nothing of its own.
        if (!access) return []
        const storeKind = access.registry.kind
        const inspect = (): InspectedKind => {
          const keys = store.keys(storeKind)
          const objects: InspectedObject[] = []
          for (const key of keys.slice(0, inspectorObjectLimit)) {
            const object = store.get(storeKind, key)
            if (object) objects.push(kubeSummary(object, key))
          }
          return { kind: resource.kind, resource: resource.plural, count: keys.length, objects }
        }
        return [{ resource: resource.plural, inspect, object: (key: string) => access.get(key) }]
      })
    }
    const objects = sources.apis.get(descriptor.name)?.console
    if (!objects) return []
    const resource = objects.collectionPath.split('/').pop()!
    const inspect = (): InspectedKind => {
      const all = objects.list() as Array<Record<string, unknown>>
      const listed = all.slice(0, inspectorObjectLimit).map((object) => consoleSummary(object, consoleKey(object)))
      return { kind: resource, resource, count: all.length, objects: listed }
    }
    return [{ resource, inspect, object: (key: string) => objects.get(key) }]
  }
  const kinds = new Map(sources.descriptors.map((descriptor) => [descriptor.name, kindsOf(descriptor)]))

  return {
    state() {
      return {
        clock: { now: clock.iso(), mode: clock.mode, pendingTimers: clock.pending() },
        resourceVersion: store.resourceVersion(),
        apis: [...kinds].map(([name, sourcesOfApi]) => ({ name, kinds: sourcesOfApi.map((source) => source.inspect()) })),
        watches: kube.hub.watches().map((watch) => ({ id: watch.id, path: watch.path, opened: watch.opened, received: watch.receivedCount, events: watch.received() })),
        scenarios: scenarios.playing().map((handle) => ({ name: handle.scenario.name, playing: handle.playing, steps: handle.steps() })),
        journal: journal.tail(inspectorJournalLimit).map(({ seq, time, api, method, url, status }) => ({ seq, time, api, method, url, status })),
      }
    },
    object(api, resource, key) {
      return kinds
        .get(api)
        ?.find((source) => source.resource === resource)
        ?.object(key)
    },
    fingerprint() {
      const now = clock.mode === 'realtime' ? Math.floor(clock.now() / 1000) : clock.now()
      const watches = kube.hub.watches().map((watch) => `${watch.id}:${watch.receivedCount}`)
      const steps = scenarios.playing().map((handle) => `${handle.scenario.name}:${handle.steps().map((step) => `${step.fired}/${step.errors.length}`).join(',')}`)
      return [now, clock.pending(), store.resourceVersion(), journal.tail(1)[0]?.seq ?? 0, watches.join(' '), steps.join(';')].join('|')
    },
  }
}
