// What `play()` accepts, the same in every runtime: a scenario object, a built-in scenario's name
// ('update-conflict'), or a scenario file's path ('./cases/conflict.yaml', .json, .yaml, .yml, .ts,
// .mts, .js, .mjs). Reading files needs Node: the Node entry points install the file loader here, so
// node:fs never reaches the core or a browser bundle, and elsewhere a path is refused with the reason.
import { builtInScenarios } from '../../scenarios/index.ts'
import { ScenarioError } from './parseScenario.ts'
import type { PlayHandle, StepReport } from './engine.ts'
import type { Scenario } from './scenario.ts'

type ScenarioFileLoader = (path: string) => Promise<Scenario>

let fileLoader: ScenarioFileLoader | undefined

/** Called by the Node entry points (image-api-emulator/node, /vitest, /server, the command). */
export function installScenarioFileLoader(loader: ScenarioFileLoader): void {
  fileLoader = loader
}

const fileExtension = /\.(json|ya?ml|[cm]?[jt]s)$/i

/** A string names a file when it has a directory separator or a scenario file's extension. */
export const isFilePath = (reference: string): boolean => /[/\\]/.test(reference) || fileExtension.test(reference)

function refuse(reference: string, message: string): never {
  throw new ScenarioError(reference, [{ source: reference, field: '', message }])
}

/** A built-in scenario by its name; a TypeError listing the names otherwise. */
export function builtInScenario(name: string): Scenario {
  if (Object.hasOwn(builtInScenarios, name)) return builtInScenarios[name]!
  throw new TypeError(
    `unknown scenario ${JSON.stringify(name)}: built-in scenarios are ${Object.keys(builtInScenarios).join(', ')}; a scenario file is named by its path (./${name}.yaml)`,
  )
}

/**
 * Plays what `reference` names with `play`: an object or a built-in's name at once; a file once the
 * installed loader has read it (the handle's `ready` waits for that, and rejects with its error).
 */
export function playReference(reference: unknown, play: (scenario: unknown, source?: string) => PlayHandle): PlayHandle {
  if (typeof reference !== 'string') return play(reference)
  if (!isFilePath(reference)) return play(builtInScenario(reference))
  if (!fileLoader) {
    refuse(
      reference,
      'a scenario file is read by the Node entry points (import image-api-emulator/node, /vitest or /server, or run the command); in a browser, play a scenario object or a built-in scenario by name',
    )
  }
  return playWhenLoaded(reference, fileLoader(reference), (scenario) => play(scenario, reference))
}

/** A handle for a scenario still being read: it follows the played scenario's handle once there is one. */
function playWhenLoaded(file: string, loading: Promise<Scenario>, play: (scenario: Scenario) => PlayHandle): PlayHandle {
  let played: PlayHandle | undefined
  let stopped = false
  let failure: unknown
  const ready = loading.then(
    (scenario) => {
      if (stopped) return
      played = play(scenario)
      return played.ready
    },
    (error: unknown) => {
      failure = error
      throw error
    },
  )
  const notPlayed = (): Error =>
    failure instanceof Error ? failure : new Error(`scenario file ${file} is still being read: await its handle's ready first`)
  return {
    get scenario(): Scenario {
      if (!played) throw notPlayed()
      return played.scenario
    },
    ready,
    done: ready.then(
      () => played?.done,
      () => undefined,
    ),
    get playing() {
      return played ? played.playing : !stopped && failure === undefined
    },
    steps: (): StepReport[] => played?.steps() ?? [],
    pending: (): StepReport[] => played?.pending() ?? [],
    expectComplete() {
      if (!played) throw notPlayed()
      played.expectComplete()
    },
    stop() {
      stopped = true
      played?.stop()
    },
  }
}
