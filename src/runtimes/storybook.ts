// Storybook backend: the emulator behind msw-storybook-addon. Every story gets a fresh emulator built
// from the preview's defaults and its own `parameters.imageApiEmulator` (fixtures, a scenario,
// emulator options), so no state leaks from one story into the next; the Service Worker keeps one
// handler that always asks the current story's emulator.
//
//   // .storybook/preview.ts
//   import { mswLoader } from 'msw-storybook-addon/csf3'
//   import { createStorybookEmulator } from 'image-api-emulator/storybook'
//   const imageApi = createStorybookEmulator({ speed: 10 })
//   export default { loaders: [mswLoader(imageApi.setupWorker), imageApi.loader] }
import '../supportedNode.ts'
import '../http/mswDoor.ts'
import type { SetupWorker } from 'msw/browser'
import type { RequestHandler } from 'msw'
import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator.ts'
import type { FixtureSource } from '../fixtures.ts'
import type { EmulatorWorkerOptions } from './browser.ts'
import { createEmulatorConsole, installConsole, type EmulatorConsole } from './emulatorConsole.ts'
import type { Scenario } from '../scenarios/scenario.ts'
import type { PlayHandle } from '../scenarios/engine.ts'
import { pageClockOptions } from './pageClock.ts'
import { emulatorWorkerHandler } from './workerHandler.ts'
import { mswWatchSocketHandler } from '../http/mswWebSocket.ts'

/** What a story sets under `parameters.imageApiEmulator`. */
export interface StoryEmulatorParameters {
  /** Fixture sets loaded for this story (built-in names or documents); default: the preview's. */
  fixtures?: FixtureSource[]
  /** Played once the fixtures are in, before the story renders: a scenario object or a built-in one's name. */
  scenario?: Scenario | string
  /** Emulator options for this story (clock, lifecycle, auth, seed...), over the preview's defaults. */
  options?: EmulatorOptions & { speed?: number }
}

/** The preview's defaults: emulator options plus how the worker starts and the console is named. */
export type StorybookEmulatorOptions = EmulatorWorkerOptions

export interface StorybookEmulator {
  /** msw-storybook-addon's setup function: `mswLoader(imageApi.setupWorker)` or `addonMsw(imageApi.setupWorker)`. */
  setupWorker(): Promise<SetupWorker>
  /** A Storybook loader: builds the story's emulator; the story reads it as `context.loaded.imageApiEmulator`. */
  loader(context: { parameters: Record<string, unknown> }): Promise<{ imageApiEmulator: Emulator; imageApiScenario?: PlayHandle }>
  /** The msw handler that answers with the current story's emulator, for a worker set up by hand. */
  handler: RequestHandler
  /** The current story's emulator. */
  current(): Emulator | undefined
  /** The console API (also on window.imageApiEmulator), following the current story. */
  console: EmulatorConsole
}

function storyParameters(parameters: Record<string, unknown>): StoryEmulatorParameters {
  const value = Object.hasOwn(parameters, 'imageApiEmulator') ? parameters.imageApiEmulator : undefined
  return typeof value === 'object' && value !== null ? (value as StoryEmulatorParameters) : {}
}

export function createStorybookEmulator(defaults: StorybookEmulatorOptions = {}): StorybookEmulator {
  const { speed, serviceWorkerUrl, start, globalName = 'imageApiEmulator', console: consoleOptions, ...emulatorDefaults } = defaults
  let current: Emulator | undefined
  const handler = emulatorWorkerHandler(() => current)
  const emulatorConsole = createEmulatorConsole(
    () => {
      if (!current) throw new Error('no story has loaded the image API emulator yet')
      return current
    },
    { origin: typeof location === 'undefined' ? undefined : location.origin, ...consoleOptions },
  )

  return {
    handler,
    current: () => current,
    console: emulatorConsole,
    async setupWorker() {
      // Imported here: msw/browser exists only in browsers, and the loader also runs in Node tests.
      const { setupWorker } = await import('msw/browser')
      // Watches over WebSocket: msw's ws API in the page, answered by the current story's emulator.
      const worker = setupWorker(handler, mswWatchSocketHandler(() => current))
      await worker.start({
        quiet: true,
        onUnhandledFrame: 'bypass',
        ...start,
        serviceWorker: { url: serviceWorkerUrl ?? './mockServiceWorker.js', ...start?.serviceWorker },
      })
      installConsole(globalName, emulatorConsole)
      return worker
    },
    async loader({ parameters }) {
      const story = storyParameters(parameters)
      const { speed: storySpeed, ...storyOptions } = story.options ?? {}
      const clock = pageClockOptions({ clock: { ...emulatorDefaults.clock, ...storyOptions.clock }, speed: storySpeed ?? speed })
      // The previous story's watches end and its timers stop before the next one starts.
      current?.dispose()
      current = undefined
      const emulator = createEmulator({ ...emulatorDefaults, ...storyOptions, clock, fixtures: story.fixtures ?? emulatorDefaults.fixtures })
      await emulator.ready
      const imageApiScenario = story.scenario === undefined ? undefined : emulator.play(story.scenario)
      await imageApiScenario?.ready
      current = emulator
      installConsole(globalName, emulatorConsole)
      return imageApiScenario ? { imageApiEmulator: emulator, imageApiScenario } : { imageApiEmulator: emulator }
    },
  }
}
