// The scenario engine: plays scenarios against one emulator. Timed steps are timers on the emulator
// clock (`at` counts from play(), `after` from the step it waits for), so they fire in the same order
// on every run; request steps are one dispatcher interceptor that every request passes before an API
// sees it. Scenarios compose: all that are playing are consulted, in the order they were played.
import type { Dispatcher } from '../dispatch.ts'
import { toMilliseconds } from '../duration.ts'
import type { FixtureSource } from '../fixtures.ts'
import type { ApiModule } from '../core.ts'
import { createHeldRequests, type HeldRequests } from './heldRequests.ts'
import { parseScenario } from './parseScenario.ts'
import { compileMatcher, readJsonBody, type CompiledMatcher, type PathParams } from './requestMatcher.ts'
import { answersItself, respondTo } from './respond.ts'
import type { AfterTrigger, RespondAction, Scenario, ScenarioStep } from './scenario.ts'
import { descriptorOf, targetApi, type ScenarioTargets } from './scenarioTargets.ts'
import type { ScheduledTransition } from '../apiDescriptor.ts'
import { actOnWatches } from './watchAction.ts'
import type { ApiRequest } from '../http/apiRequest.ts'
import type { Answer } from '../http/answer.ts'

/** Where a step stands, for pending(), expectComplete() and tests. */
export interface StepReport {
  /** 1-based position in the scenario. */
  step: number
  id?: string
  /** `step 2 ("conflict")`. */
  label: string
  /** `at 2m`, `after "upload"`, `when PUT /apis/cci/v2/imagesnapshots/:name`. */
  trigger: string
  /** How many times it has fired. */
  fired: number
  /** How many firings make it complete: its `times`, else 1. */
  expected: number
  complete: boolean
  /** Actions that could not be carried out, with why. */
  errors: string[]
}

export interface PlayHandle {
  readonly scenario: Scenario
  /** Resolves once the scenario's fixtures are loaded and its `at: 0` steps have fired. */
  readonly ready: Promise<void>
  /** Resolves when every step is complete; never rejects (use expectComplete() to fail a test). */
  readonly done: Promise<void>
  /** Whether the scenario is still playing (stop() and the emulator's reset() end it). */
  readonly playing: boolean
  steps(): StepReport[]
  /** The steps that have not fired (as often as their `times` asks). */
  pending(): StepReport[]
  /** Throws, naming every step that never fired or whose action failed. */
  expectComplete(): void
  /** Stops the scenario: its timers are cancelled, its request steps no longer match, its held requests fail. */
  stop(): void
}

export interface PlayOptions {
  /** Names the scenario's origin in validation errors (a file name). */
  source?: string
  /** Fixtures and `at: 0` steps wait for this (the emulator's own fixtures). */
  after?: Promise<unknown>
}

export interface ScenarioEngine {
  /** Validates and plays a scenario; throws a ScenarioError naming every problem. */
  play(scenario: Scenario | unknown, options?: PlayOptions): PlayHandle
  /** The scenarios playing now, in the order they were played. */
  playing(): PlayHandle[]
  /** Requests held by a delay or a hang right now. */
  heldRequests(): number
  /** Stops every scenario; held requests fail at once. */
  stopAll(): void
  /** stopAll(), then waits until the requests it let go have been answered (so a reset's journal starts clean). */
  clear(): Promise<void>
}

export interface ScenarioEngineDeps {
  targets: ScenarioTargets
  dispatcher: Dispatcher
  loadFixtures(sources: FixtureSource[]): Promise<void>
}

interface StepRun {
  step: ScenarioStep
  index: number
  label: string
  trigger: string
  matcher: CompiledMatcher | undefined
  /** Matching requests seen so far. */
  matched: number
  fired: number
  /** The matching requests it fires on: from `from` to `to`, counting from 1. */
  from: number
  to: number
  required: number
  /** Whether the steps waiting for this one have been started (on its first firing). */
  startedDependents: boolean
  errors: string[]
  /** A transition handed to the API's lifecycle at play, so its default transitions wait for it (CCI-44). */
  scheduled?: ScheduledTransition
}

interface Played {
  handle: PlayHandle
  scenario: Scenario
  start: number
  runs: StepRun[]
  requestRuns: StepRun[]
  dependents: Map<StepRun, StepRun[]>
  timers: Set<number>
  held: HeldRequests
  errors: string[]
  stopped: boolean
  ready: Promise<void>
  resolveDone(): void
}

function durationText(duration: string | number): string {
  return typeof duration === 'number' ? `${duration}ms` : duration
}

function afterTarget(after: AfterTrigger): { step: string; delayMs: number } {
  return typeof after === 'string' ? { step: after, delayMs: 0 } : { step: after.step, delayMs: after.delay === undefined ? 0 : toMilliseconds(after.delay) }
}

function describeTrigger(step: ScenarioStep): string {
  if (step.at !== undefined) return `at ${durationText(step.at)}`
  if (step.after !== undefined) {
    const after = typeof step.after === 'string' ? { step: step.after } : step.after
    return `after ${JSON.stringify(after.step)}${after.delay !== undefined ? ` + ${durationText(after.delay)}` : ''}`
  }
  const when = step.when!
  const methods = when.method === undefined ? 'any method' : [when.method].flat().join('|')
  const paths = when.path === undefined ? 'any path' : [when.path].flat().join(' | ')
  const extra = [
    when.api ? `api ${when.api}` : '',
    when.query ? `query ${JSON.stringify(when.query)}` : '',
    when.headers ? `headers ${JSON.stringify(when.headers)}` : '',
    when.body ? `body ${JSON.stringify(when.body)}` : '',
  ].filter(Boolean)
  const count = step.nth !== undefined || step.times !== undefined ? ` (${step.nth !== undefined ? `from match ${step.nth}` : ''}${step.nth !== undefined && step.times !== undefined ? ', ' : ''}${step.times !== undefined ? `${step.times} times` : ''})` : ''
  return `when ${methods} ${paths}${extra.length ? ` with ${extra.join(', ')}` : ''}${count}`
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export function createScenarioEngine(deps: ScenarioEngineDeps): ScenarioEngine {
  const { targets, dispatcher } = deps
  const { clock } = targets
  let active: Played[] = []
  /** Interceptor runs in progress, and whether each is holding its request (delay, hang) right now. */
  const inFlight = new Map<Promise<unknown>, { holding: boolean }>()

  async function runActions(run: StepRun, params: PathParams): Promise<void> {
    const { step } = run
    const attempt = async (action: string, work: () => Promise<unknown> | unknown) => {
      try {
        await work()
      } catch (error) {
        run.errors.push(`${action}: ${messageOf(error)}`)
      }
    }
    /** The object an action names, or the one the request path names (`:name` / `:id`, as the API names its objects). */
    const named = (given: { name?: string; id?: string }, api: string) => {
      const key = descriptorOf(api)!.scenario.key
      return given[key] ?? params[key] ?? ''
    }

    if (step.transition) {
      const { api, ...transition } = step.transition
      await attempt('transition', async () => {
        const scheduled = run.scheduled
        if (scheduled) {
          run.scheduled = undefined
          return scheduled.fire()
        }
        return targetApi(targets, api).objects.transition!(named(step.transition!, api), transition)
      })
    }
    if (step.create) {
      const create = step.create
      await attempt('create', () => targetApi(targets, create.api).objects.create(create.object))
    }
    if (step.update) {
      const update = step.update
      await attempt('update', () => targetApi(targets, update.api).objects.update(named(update, update.api), update.patch))
    }
    if (step.delete) {
      const remove = step.delete
      await attempt('delete', () => targetApi(targets, remove.api).objects.delete(named(remove, remove.api)))
    }
    if (step.watch) {
      const watch = step.watch
      await attempt('watch', () => actOnWatches(targets, watch))
    }
    for (const [name, api] of targets.apis) {
      const action = (step as Record<string, unknown>)[name]
      if (action !== undefined && api.act) await attempt(name, () => api.act!(action))
    }
  }

  function complete(played: Played): boolean {
    return played.runs.every((run) => run.fired >= run.required)
  }

  function checkDone(played: Played) {
    if (complete(played)) played.resolveDone()
  }

  function schedule(played: Played, at: number, work: () => Promise<void>) {
    const id = clock.at(at, async () => {
      played.timers.delete(id)
      if (played.stopped) return
      await played.ready
      if (played.stopped) return
      await work()
    })
    played.timers.add(id)
  }

  /** After a step fired: the steps waiting for its first firing start. */
  async function afterFired(played: Played, run: StepRun): Promise<void> {
    // A flag, not `fired === 1`: two requests may fire a step before either has finished its actions.
    if (!run.startedDependents) {
      run.startedDependents = true
      for (const next of played.dependents.get(run) ?? []) {
        const { delayMs } = afterTarget(next.step.after!)
        if (delayMs === 0) await fireTimed(played, next)
        else schedule(played, clock.now() + delayMs, () => fireTimed(played, next))
      }
    }
    checkDone(played)
  }

  async function fireTimed(played: Played, run: StepRun): Promise<void> {
    if (played.stopped) return
    run.fired++
    await runActions(run, Object.create(null))
    await afterFired(played, run)
  }

  function stop(played: Played) {
    if (played.stopped) return
    played.stopped = true
    active = active.filter((p) => p !== played)
    for (const id of played.timers) clock.cancel(id)
    played.timers.clear()
    for (const run of played.runs) {
      run.scheduled?.cancel()
      run.scheduled = undefined
    }
    played.held.releaseAll()
  }

  function report(run: StepRun): StepReport {
    return {
      step: run.index + 1,
      ...(run.step.id !== undefined ? { id: run.step.id } : {}),
      label: run.label,
      trigger: run.trigger,
      fired: run.fired,
      expected: run.required,
      complete: run.fired >= run.required,
      errors: [...run.errors],
    }
  }

  function play(input: Scenario | unknown, options: PlayOptions = {}): PlayHandle {
    const scenario = parseScenario(input, options.source ?? (typeof (input as { name?: unknown })?.name === 'string' ? `scenario ${JSON.stringify((input as { name: string }).name)}` : 'scenario'))
    const start = clock.now()
    let resolveDone!: () => void
    const done = new Promise<void>((resolve) => (resolveDone = resolve))

    const runs: StepRun[] = scenario.steps.map((step, index) => {
      const from = step.nth ?? 1
      const count = step.times ?? (step.nth !== undefined ? 1 : Infinity)
      return {
        step,
        index,
        label: step.id !== undefined ? `step ${index + 1} (${JSON.stringify(step.id)})` : `step ${index + 1}`,
        trigger: describeTrigger(step),
        matcher: step.when ? compileMatcher(step.when) : undefined,
        matched: 0,
        fired: 0,
        from,
        to: from + count - 1,
        required: step.when ? (step.times ?? 1) : 1,
        startedDependents: false,
        errors: [],
      }
    })
    const byId = new Map(runs.filter((run) => run.step.id !== undefined).map((run) => [run.step.id!, run]))
    const dependents = new Map<StepRun, StepRun[]>()
    for (const run of runs) {
      if (run.step.after === undefined) continue
      const before = byId.get(afterTarget(run.step.after).step)!
      dependents.set(before, [...(dependents.get(before) ?? []), run])
    }

    // The handle reads `played` only when called, after it is built below.
    let played: Played
    const handle: PlayHandle = {
      scenario,
      get ready() {
        return played.ready
      },
      done,
      get playing() {
        return !played.stopped
      },
      steps: () => runs.map(report),
      pending: () => runs.filter((run) => run.fired < run.required).map(report),
      expectComplete() {
        const lines: string[] = [...played.errors]
        for (const run of runs) {
          if (run.fired === 0) lines.push(`${run.label} never fired (${run.trigger})`)
          else if (run.fired < run.required) lines.push(`${run.label} fired ${run.fired} of ${run.required} times (${run.trigger})`)
          for (const error of run.errors) lines.push(`${run.label} failed: ${error}`)
        }
        if (lines.length) throw new Error(`scenario ${JSON.stringify(scenario.name)} is not complete:\n  ${lines.join('\n  ')}`)
      },
      stop: () => stop(played),
    }
    played = {
      handle,
      scenario,
      start,
      runs,
      requestRuns: runs.filter((run) => run.matcher !== undefined),
      dependents,
      timers: new Set(),
      held: createHeldRequests(clock),
      errors: [],
      stopped: false,
      ready: Promise.resolve(),
      resolveDone,
    }

    const timed = runs.filter((run) => run.step.at !== undefined).map((run) => ({ run, at: start + toMilliseconds(run.step.at!) }))
    for (const { run, at } of timed) {
      if (at <= start) continue
      if (run.step.transition) {
        const { api, ...transition } = run.step.transition
        const objects = targetApi(targets, api).objects
        // A timed transition names its object itself (there is no request path to take it from).
        const key = (run.step.transition as { name?: string; id?: string })[descriptorOf(api)!.scenario.key]!
        run.scheduled = objects.scheduleTransition?.(key, at, transition)
      }
      schedule(played, at, () => fireTimed(played, run))
    }

    played.ready = (async () => {
      await options.after?.catch(() => undefined)
      if (scenario.fixtures?.length) {
        try {
          await deps.loadFixtures(scenario.fixtures)
        } catch (error) {
          played.errors.push(`fixtures: ${messageOf(error)}`)
        }
      }
      for (const { run, at } of timed) if (at <= start && !played.stopped) await fireTimed(played, run)
      checkDone(played)
    })()

    active.push(played)
    return handle
  }

  async function answer(request: ApiRequest, url: URL, api: ApiModule, state: { holding: boolean }): Promise<Answer | undefined> {
    const head = { api: api.name, method: request.method.toUpperCase(), url, headers: request.headers }
    const candidates: Array<{ played: Played; run: StepRun; params: PathParams }> = []
    for (const played of active) {
      for (const run of played.requestRuns) {
        const params = run.matcher!.matchHead(head)
        if (params) candidates.push({ played, run, params })
      }
    }
    if (!candidates.length) return undefined
    let body: unknown
    let bodyRead = false
    if (candidates.some(({ run }) => run.matcher!.needsBody)) {
      body = await readJsonBody(request)
      bodyRead = true
    }

    // Counting is synchronous from here, so concurrent requests are numbered in the order they arrived.
    const firing: typeof candidates = []
    for (const candidate of candidates) {
      const { played, run } = candidate
      if (played.stopped) continue
      if (run.matcher!.needsBody && !run.matcher!.matchBody(body)) continue
      run.matched++
      if (run.matched < run.from || run.matched > run.to) continue
      run.fired++
      firing.push(candidate)
      // The first step that answers the request ends the search: later steps never see it.
      if (answersItself(run.step.respond)) break
    }
    if (!firing.length) return undefined

    for (const { played, run, params } of firing) {
      await played.ready
      await runActions(run, params)
      await afterFired(played, run)
    }
    const responds = firing.map(({ run }) => run.step.respond).filter((respond): respond is RespondAction => respond !== undefined)
    if (!responds.length) return undefined
    const own = responds.find(answersItself)
    // A POST names its object in the body; the Status message names it too.
    if (!bodyRead && own?.status !== undefined && own.status >= 400 && request.method === 'POST' && descriptorOf(api.name)?.kube) body = await readJsonBody(request)
    const held = firing.at(-1)!.played.held
    const holding: HeldRequests = {
      ...held,
      async hold(ms, signal) {
        state.holding = true
        try {
          return await held.hold(ms, signal)
        } finally {
          state.holding = false
        }
      },
    }
    return respondTo(responds, { request, url, api, body, held: holding, errorAnswer: (spec, errorRequest) => targets.errorAnswer(api.name, spec, errorRequest) })
  }

  dispatcher.intercept((request, url, api) => {
    if (!active.length) return undefined
    const state = { holding: false }
    const work = answer(request, url, api, state)
    inFlight.set(work, state)
    const forget = () => void inFlight.delete(work)
    work.then(forget, forget)
    return work
  })

  function stopAll() {
    for (const played of [...active]) stop(played)
  }

  return {
    play,
    playing: () => active.map((played) => played.handle),
    heldRequests: () => active.reduce((total, played) => total + played.held.count(), 0),
    stopAll,
    async clear() {
      const released = [...inFlight].filter(([, state]) => state.holding).map(([work]) => work.catch(() => undefined))
      stopAll()
      // A released request fails at once; the dispatcher journals it as soon as the interceptor
      // returns, before this resumes — so a reset that awaits clear() starts with a clean journal.
      await Promise.all(released)
    },
  }
}
