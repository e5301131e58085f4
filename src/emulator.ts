// createEmulator: wires the clock, ids, store, journal and the API modules into one object that
// knows no runtime. msw handlers, the node:http server and the test-suite setup are thin adapters
// over it.
import type { RequestHandler, WebSocketHandler } from 'msw'
import { createClock, type Clock } from './clock.ts'
import { createIds, type Ids, type IdsState } from './ids.ts'
import { createObjectStore, type ObjectStore, type StoreCheckpoint, type StoreSnapshot } from './store/objectStore.ts'
import { createJournal, type Journal } from './journal.ts'
import { createDispatcher, type Dispatcher } from './dispatch.ts'
import type { EmulatorCore, FixtureLoader, ModuleState } from './core.ts'
import { loadFixtures, type FixtureSource } from './fixtures.ts'
import { createKubeApis, type KubeApis } from './kube/kubeApis.ts'
import { discoveryErrorAnswer } from './kube/kubeApiParts.ts'
import { apis, type ApiName, type Apis } from './apis.ts'
import type { AccessOf, BuiltApi } from './apiDescriptor.ts'
import type { EmulatorOptions } from './emulatorOptions.ts'
import { controlApi } from './control/controlApi.ts'
import { mswDoorHandlers } from './http/mswDoorSlot.ts'
import { createScenarioEngine, type PlayHandle, type PlayOptions, type ScenarioEngine } from './scenarios/engine.ts'
import type { Scenario } from './scenarios/scenario.ts'
import { playReference } from './scenarios/scenarioReference.ts'
import type { ApiRequest } from './http/apiRequest.ts'
import { notFoundPage, toResponse, type Answer } from './http/answer.ts'
import { createFetchDoor, type FetchFunction } from './http/fetchDoor.ts'
import { createInspector, type Inspector } from './inspector/inspector.ts'

export type { EmulatorOptions }

/** Typed administrator access to each API's objects (`emulator.cci.imageSnapshots.get()`), from the registry. */
export type ApiAccess = { readonly [D in Apis as D['name']]: AccessOf<D> }

export interface EmulatorSnapshot {
  store: StoreSnapshot
  clock: number
  modules: Record<string, unknown>
}

/**
 * One emulator: its clock, ids, store and journal, and per API (`openshift`, `cci`, `glance`) typed
 * administrator access to its objects, for tests and fixtures.
 */
export interface Emulator extends ApiAccess {
  readonly options: EmulatorOptions
  readonly clock: Clock
  readonly ids: Ids
  readonly store: ObjectStore
  readonly journal: Journal
  readonly dispatcher: Dispatcher
  readonly kube: KubeApis
  /** Every API of the registry as built for this emulator, by name (its module, scenario writes, console view). */
  readonly apis: ReadonlyMap<ApiName, BuiltApi<unknown, unknown>>
  /** msw handlers: one coarse request handler per API, and one `ws` handler for watches over WebSocket. */
  readonly handlers: Array<RequestHandler | WebSocketHandler>
  /** Resolves when the initial fixtures are stored; dispatch() waits for it by itself. */
  readonly ready: Promise<void>
  /** Loads fixture sets (built-in names or documents) through the API that understands each. */
  loadFixtures(sources: FixtureSource[]): Promise<void>
  /** The scenarios playing on this emulator. */
  readonly scenarios: ScenarioEngine
  /** A read-only view of the state (what the inspector at /_emulator/ui shows) and its live streams. */
  readonly inspector: Inspector
  /**
   * Validates and plays a scenario (throws a ScenarioError naming the step and field of every problem):
   * a scenario object, a built-in's name ('update-conflict') or, where a Node entry point is loaded, a
   * file's path ('./cases/conflict.yaml', read relative to the working directory; `ready` rejects when it
   * cannot be read). Requests wait until it is in place. Scenarios compose; reset() stops them all.
   */
  play(scenario: Scenario | string | unknown, options?: Omit<PlayOptions, 'after'>): PlayHandle
  /** Answers one request; a 404 `404 page not found` when no API claims it (as kube-apiserver). */
  dispatch(request: Request): Promise<Response>
  /** A WHATWG fetch answering through answer(), without msw: for clients that take a fetch implementation. */
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
    auth: { option: options.auth ?? 'open', authorities: [] },
    acceptTokens: (authority) => void core.auth.authorities.push(authority),
    keep: (name, state) => void modules.set(name, state),
    acceptFixtures: (loader) => void fixtureLoaders.push(loader),
  }

  const kube = createKubeApis(
    core,
    options.kube ?? {},
    apis.flatMap((api) => (api.kube ? [{ name: api.name, ...api.kube }] : [])),
  )
  const built = new Map<ApiName, BuiltApi<unknown, unknown>>(apis.map((api) => [api.name, api.build({ core, options, kube }) as BuiltApi<unknown, unknown>]))
  const dispatcher = createDispatcher([kube.discovery, ...[...built.values()].map((api) => api.module)], { journal, clock })
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
    targets: {
      clock,
      ids,
      store,
      kube,
      apis: built,
      errorAnswer: (module, spec, request) => (built.get(module as ApiName)?.errorAnswer ?? discoveryErrorAnswer)(spec, request),
    },
    dispatcher,
    loadFixtures: (sources) => load(sources),
  })
  core.keep('scenarios', { reset: () => scenarios.stopAll(), snapshot: () => null, restore: () => undefined })
  const inspector = createInspector({ clock, store, journal, scenarios, kube, descriptors: apis, apis: built })
  // The control API (/_emulator/) answers outside the dispatcher: no scenario intercepts it, the journal skips it.
  const control = controlApi({
    auth: core.auth,
    clock,
    journal,
    reset: () => emulator.reset(),
    loadFixtures: (sources) => load(sources),
    scenarios,
    act: async (api, action) => {
      const target = built.get(api as ApiName)
      if (!target?.act) throw new Error(`the ${api} API has no actions`)
      await target.act(action)
    },
    inspector,
  })

  // Built on first use: msw records where each handler was made (a stack trace per handler), which an
  // emulator answering through fetch or a server never needs.
  let handlers: Array<RequestHandler | WebSocketHandler> | undefined
  const mswGlue = (): Array<RequestHandler | WebSocketHandler> =>
    mswDoorHandlers({
      modules: dispatcher.apis,
      control,
      origins,
      async answer(request, url) {
        if (!isReady) await ready
        return (await dispatcher.dispatch(request, url))!
      },
      unprefixed: kube.unprefixed,
      emulator,
    })

  // The state right after a reset loaded the configured fixtures. Taken inside reset(), where nothing
  // else writes, rather than at creation, where code may write before `ready`.
  let initial: { store: StoreCheckpoint; ids: IdsState; modules: Map<string, unknown> } | undefined
  const initialState = () => ({ store: store.checkpoint(), ids: ids.snapshot(), modules: new Map([...modules].map(([name, state]) => [name, state.snapshot()])) })

  const emulator: Emulator = {
    options,
    clock,
    ids,
    store,
    journal,
    dispatcher,
    kube,
    apis: built,
    ...(Object.fromEntries([...built].map(([name, api]) => [name, api.access])) as unknown as ApiAccess),
    get handlers() {
      return (handlers ??= mswGlue())
    },
    get ready() {
      return ready
    },
    loadFixtures: load,
    scenarios,
    inspector,
    play(scenario, playOptions) {
      // A file is played once read: it waits for the fixtures as they stood at this call, not for itself.
      const before = ready
      const handle = playReference(scenario, (parsed, source) => scenarios.play(parsed, { source, ...playOptions, after: before }))
      waitFor(Promise.all([before, handle.ready]).then(() => undefined))
      return handle
    },
    async dispatch(request) {
      return toResponse(await emulator.answer(request))
    },
    fetch: createFetchDoor((request) => emulator.answer(request)),
    async answer(request) {
      const url = new URL(request.url)
      if (control.claims(url)) return control.handle(request, url)
      if (!isReady) await ready
      return (await dispatcher.dispatch(request, kube.unprefixed(url))) ?? notFoundPage()
    },
    async reset() {
      // Requests held by a scenario fail and are journaled now, before the journal is cleared.
      await scenarios.clear()
      for (const state of modules.values()) state.reset()
      if (initial) {
        // The configured fixtures were loaded by an earlier reset: what that load left is put back instead.
        await store.rollback(initial.store)
        clock.reset()
        ids.restore(initial.ids)
        journal.clear()
        for (const [name, state] of modules) {
          const saved = initial.modules.get(name)
          if (state.rewind) state.rewind(saved)
          else state.restore(saved)
        }
        for (const state of modules.values()) state.resync?.()
        waitFor(Promise.resolve())
      } else {
        store.clear()
        clock.reset()
        ids.reset()
        journal.clear()
        for (const state of modules.values()) state.resync?.()
        waitFor(load(options.fixtures ?? []).then(() => void (initial = initialState())))
      }
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
      inspector.closeStreams()
      for (const api of built.values()) api.dispose?.()
      for (const state of modules.values()) state.reset()
      clock.dispose()
    },
  }
  for (const scenario of options.scenarios ?? []) emulator.play(scenario)
  return emulator
}
