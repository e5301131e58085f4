// createEmulator: wires the clock, ids, store, journal and the API modules into one object that
// knows no runtime. msw handlers, the node:http server and the test-suite setup are thin adapters
// over it.
import { http, type RequestHandler } from 'msw'
import { createClock, type Clock, type ClockOptions } from './clock.ts'
import { createIds, type Ids } from './ids.ts'
import { createObjectStore, type ObjectStore, type StoreSnapshot } from './store/objectStore.ts'
import { createJournal, type Journal } from './journal.ts'
import { createDispatcher, type Dispatcher } from './dispatch.ts'
import type { AuthOption } from './auth.ts'
import type { ApiModule, EmulatorCore, FixtureLoader, ModuleState } from './core.ts'
import { loadFixtures, type FixtureSource } from './fixtures.ts'
import { createKubeApis, type KubeApis, type KubeOptions, type ResourceAccess } from './kube/kubeApis.ts'
import { imageResource } from './openshift/image.ts'
import { glanceApi, type GlanceOptions } from '../handlers/glance.ts'
import { controlApi } from '../handlers/control.ts'
import type { GlanceService } from './glance/glanceService.ts'
import type { GlanceLifecycleOptions } from './glance/lifecycle.ts'
import { imageSnapshotResource } from './cci/imageSnapshot.ts'
import { createImageSnapshotLifecycle, type ImageSnapshotLifecycle, type ImageSnapshotLifecycleConfig } from './cci/imageSnapshotLifecycle.ts'
import { createScenarioEngine, type PlayHandle, type PlayOptions, type ScenarioEngine } from './scenarios/engine.ts'
import type { Scenario } from './scenarios/scenario.ts'
import type { ApiRequest } from './http/apiRequest.ts'
import { notFoundPage, toResponse, type Answer } from './http/answer.ts'
import { createFetchDoor, type FetchFunction } from './http/fetchDoor.ts'

export interface EmulatorOptions {
  /** Seeds uids, generateName suffixes, Glance ids and digests. */
  seed?: number | string
  clock?: ClockOptions
  auth?: AuthOption
  /** Which origins the msw handlers answer: '*' (default) or a list such as ['https://api.example.com']. */
  origins?: '*' | string[]
  /** How many writes the event log keeps for watch resumption and consistent paging. */
  eventLogCapacity?: number
  kube?: KubeOptions
  glance?: GlanceOptions
  /** Fixture sets loaded at creation and after every reset(): built-in names or documents. */
  fixtures?: FixtureSource[]
  /** Scenarios played at creation and again after every reset(), like fixtures (e.g. the CLI's --scenario). */
  scenarios?: Array<Scenario | unknown>
  /** Lifecycle timings and outcomes (CCI-44), per emulator and per object name. */
  lifecycle?: { cci?: ImageSnapshotLifecycleConfig; glance?: GlanceLifecycleOptions }
}

export interface EmulatorSnapshot {
  store: StoreSnapshot
  clock: number
  modules: Record<string, unknown>
}

export interface Emulator {
  readonly options: EmulatorOptions
  readonly clock: Clock
  readonly ids: Ids
  readonly store: ObjectStore
  readonly journal: Journal
  readonly dispatcher: Dispatcher
  readonly kube: KubeApis
  /** Administrator access to the stored objects of each kind, for tests and fixtures. */
  readonly openshift: { images: ResourceAccess }
  readonly cci: { imageSnapshots: ResourceAccess; lifecycle: ImageSnapshotLifecycle }
  /** Glance's images, their data and members, read and written as an administrator. */
  readonly glance: GlanceService
  /** msw request handlers: one coarse handler per API. */
  readonly handlers: RequestHandler[]
  /** Resolves when the initial fixtures are stored; dispatch() waits for it by itself. */
  readonly ready: Promise<void>
  /** Loads fixture sets (built-in names or documents) through the API that understands each. */
  loadFixtures(sources: FixtureSource[]): Promise<void>
  /** The scenarios playing on this emulator. */
  readonly scenarios: ScenarioEngine
  /**
   * Validates and plays a scenario (throws a ScenarioError naming the step and field of every problem);
   * requests wait until its fixtures are loaded. Scenarios compose; reset() stops them all.
   */
  play(scenario: Scenario | unknown, options?: Omit<PlayOptions, 'after'>): PlayHandle
  /** Answers one request; a 404 `404 page not found` when no API claims it (as kube-apiserver). */
  dispatch(request: Request): Promise<Response>
  /** A WHATWG fetch answering through dispatch(), without msw: for clients that take a fetch implementation. */
  readonly fetch: FetchFunction
  /** dispatch() before the answer becomes a fetch Response: what a transport of its own (a server) sends. */
  answer(request: ApiRequest): Promise<Answer>
  /** Back to the initial state: empty store, clock at start, same seed, no watches. */
  reset(): Promise<void>
  snapshot(): EmulatorSnapshot
  restore(snapshot: EmulatorSnapshot): Promise<void>
  /** Closes every open watch and stops realtime timers. */
  dispose(): void
}

function originMatches(origins: '*' | string[], url: URL): boolean {
  return origins === '*' || origins.some((origin) => new URL(origin).origin === url.origin)
}

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const clock = createClock(options.clock)
  const ids = createIds(options.seed ?? 1)
  const store = createObjectStore({ eventLogCapacity: options.eventLogCapacity })
  const journal = createJournal()
  const modules = new Map<string, ModuleState>()
  const fixtureLoaders: FixtureLoader[] = []
  const core: EmulatorCore = {
    clock,
    ids,
    store,
    auth: options.auth ?? 'open',
    keep: (name, state) => void modules.set(name, state),
    acceptFixtures: (loader) => void fixtureLoaders.push(loader),
  }

  const kube = createKubeApis(core, options.kube)
  const snapshots = kube.access(imageSnapshotResource)
  const cciLifecycle = createImageSnapshotLifecycle({
    clock,
    ids,
    config: options.lifecycle?.cci,
    list: snapshots.list,
    get: snapshots.get,
    update: snapshots.systemUpdate,
    onChange: snapshots.onChange,
  })
  core.keep('cci-lifecycle', { reset: () => undefined, snapshot: () => null, restore: () => undefined, resync: () => cciLifecycle.resync() })
  const glance = glanceApi(core, { ...options.glance, lifecycle: options.glance?.lifecycle ?? options.lifecycle?.glance })
  const apis: ApiModule[] = [...kube.apis, glance]
  const dispatcher = createDispatcher(apis, { journal, clock })
  const origins = options.origins ?? '*'

  const load = async (sources: FixtureSource[]) => {
    await loadFixtures(fixtureLoaders, sources)
    for (const state of modules.values()) state.resync?.()
  }
  let ready = Promise.resolve()
  // Whether `ready` has settled: a request then goes on at once instead of waiting a turn for it.
  let isReady = false
  const waitFor = (work: Promise<void>) => {
    ready = work
    isReady = false
    void work.then(
      () => {
        if (ready === work) isReady = true
      },
      () => undefined,
    )
  }
  waitFor(load(options.fixtures ?? []))
  const scenarios = createScenarioEngine({
    targets: { clock, ids, store, kube, cciLifecycle, glance: glance.service },
    dispatcher,
    loadFixtures: (sources) => load(sources),
  })
  core.keep('scenarios', { reset: () => scenarios.stopAll(), snapshot: () => null, restore: () => undefined })
  // The control API (/_emulator/) answers outside the dispatcher: no scenario intercepts it, the journal skips it.
  const control = controlApi({ auth: core.auth, clock, journal, reset: () => emulator.reset(), loadFixtures: (sources) => load(sources), scenarios })

  const handlers = apis.map((api) =>
    http.all(
      ({ request }) => {
        const url = new URL(request.url)
        return originMatches(origins, url) && api.claims(url)
      },
      async ({ request }) => {
        if (!isReady) await ready
        return toResponse((await dispatcher.dispatch(request))!)
      },
    ),
  )
  handlers.push(http.all(({ request }) => originMatches(origins, new URL(request.url)) && control.claims(new URL(request.url)), async ({ request }) => toResponse(await control.handle(request, new URL(request.url)))))

  const emulator: Emulator = {
    options,
    clock,
    ids,
    store,
    journal,
    dispatcher,
    kube,
    openshift: { images: kube.access(imageResource) },
    cci: { imageSnapshots: snapshots, lifecycle: cciLifecycle },
    glance: glance.service,
    handlers,
    get ready() {
      return ready
    },
    loadFixtures: load,
    scenarios,
    play(scenario, playOptions) {
      const handle = scenarios.play(scenario, { ...playOptions, after: ready })
      waitFor(Promise.all([ready, handle.ready]).then(() => undefined))
      return handle
    },
    async dispatch(request) {
      return toResponse(await emulator.answer(request))
    },
    fetch: createFetchDoor((request) => emulator.dispatch(request)),
    async answer(request) {
      const url = new URL(request.url)
      if (control.claims(url)) return control.handle(request, url)
      if (!isReady) await ready
      return (await dispatcher.dispatch(request, url)) ?? notFoundPage()
    },
    async reset() {
      // Requests held by a scenario fail and are journaled now, before the journal is cleared.
      await scenarios.clear()
      for (const state of modules.values()) state.reset()
      store.clear()
      clock.reset()
      ids.reset()
      journal.clear()
      for (const state of modules.values()) state.resync?.()
      waitFor(load(options.fixtures ?? []))
      for (const scenario of options.scenarios ?? []) emulator.play(scenario)
      await ready
    },
    snapshot() {
      const saved: Record<string, unknown> = {}
      for (const [name, state] of modules) saved[name] = state.snapshot()
      return { store: store.snapshot(), clock: clock.now(), modules: saved }
    },
    async restore(snapshot) {
      await store.restore(snapshot.store)
      for (const [name, state] of modules) state.restore(snapshot.modules[name])
      for (const state of modules.values()) state.resync?.()
    },
    dispose() {
      cciLifecycle.dispose()
      for (const state of modules.values()) state.reset()
      clock.dispose()
    },
  }
  for (const scenario of options.scenarios ?? []) emulator.play(scenario)
  return emulator
}
