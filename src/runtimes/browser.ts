// Browser devtools mocking: the emulator's msw handlers in a Service Worker (msw setupWorker), so an
// app's real fetch calls reach the emulated APIs, and a console API on window.imageApiEmulator. The
// clock runs in real time here (optionally faster), so a developer sees a snapshot go Creating →
// Available while the page watches it; a test can choose the manual clock and move it by hand.
import '../supportedNode.ts'
import '../http/mswDoor.ts'
import { setupWorker, type SetupWorker, type StartOptions } from 'msw/browser'
import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator.ts'
import { createEmulatorConsole, installConsole, type ConsoleOptions, type EmulatorConsole } from './emulatorConsole.ts'
import { pageClockOptions } from './pageClock.ts'
import { emulatorWorkerHandler } from './workerHandler.ts'
import type { InspectorPanel } from '../inspector/inPagePanel.ts'
import { mswWatchSocketHandler } from '../http/mswWebSocket.ts'

export interface EmulatorWorkerOptions extends EmulatorOptions {
  /**
   * How many virtual seconds pass per real second while the clock runs in real time (default 1).
   * Ignored when `clock.mode` is 'manual'.
   */
  speed?: number
  /** Where the app serves msw's worker script (`msw init <public dir>`). Default '/mockServiceWorker.js'. */
  serviceWorkerUrl?: string
  /** Passed to msw's worker.start(); by default requests the emulator does not serve go to the network quietly. */
  start?: StartOptions
  /** The window property the console API is installed as (default 'imageApiEmulator'); false: none. */
  globalName?: string | false
  /** How the console API calls the APIs (a token when the emulator checks them). */
  console?: ConsoleOptions
  /**
   * Opens the inspector panel (objects, watches, journal, clock, scenarios) at the bottom of the page.
   * Either way `imageApiEmulator.inspector()` shows or hides it from the devtools console.
   */
  inspector?: boolean
}

export interface EmulatorWorker {
  emulator: Emulator
  worker: SetupWorker
  /** The console API, also on window[globalName]. */
  console: EmulatorConsole
  /** Stops intercepting, removes the console API and disposes the emulator. */
  stop(): Promise<void>
}

/**
 * Starts the emulator in the page. The app must serve msw's worker script: `npx msw init public/`
 * (or your static directory) writes mockServiceWorker.js there.
 */
export async function startEmulatorWorker(options: EmulatorWorkerOptions = {}): Promise<EmulatorWorker> {
  const { speed, serviceWorkerUrl, start, globalName = 'imageApiEmulator', console: consoleOptions, inspector, ...emulatorOptions } = options
  const emulator = createEmulator({ ...emulatorOptions, clock: pageClockOptions({ clock: options.clock, speed }) })
  // Watches over WebSocket are intercepted in the page itself (msw's ws API), not in the Service Worker.
  const worker = setupWorker(emulatorWorkerHandler(() => emulator), mswWatchSocketHandler(() => emulator))
  await worker.start({
    quiet: true,
    onUnhandledFrame: 'bypass',
    ...start,
    serviceWorker: { url: serviceWorkerUrl ?? '/mockServiceWorker.js', ...start?.serviceWorker },
  })
  await emulator.ready
  const emulatorConsole = createEmulatorConsole(() => emulator, { origin: location.origin, ...consoleOptions })
  const panel = lazyInspectorPanel(emulator, consoleOptions?.token)
  emulatorConsole.inspector = panel.toggle
  const uninstall = installConsole(globalName, emulatorConsole)
  if (inspector) await panel.toggle(true)
  return {
    emulator,
    worker,
    console: emulatorConsole,
    async stop() {
      panel.remove()
      uninstall()
      await worker.stop()
      emulator.dispose()
    },
  }
}

/** The panel's code is loaded the first time it is shown: a page that never opens it never runs it. */
function lazyInspectorPanel(emulator: Emulator, token: string | undefined) {
  let loaded: Promise<InspectorPanel> | undefined
  const load = () => (loaded ??= import('../inspector/inPagePanel.ts').then(({ createInspectorPanel }) => createInspectorPanel({ dispatch: (request) => emulator.dispatch(request), token })))
  return {
    toggle: async (open?: boolean) => (await load()).toggle(open),
    remove: () => void loaded?.then((panel) => panel.remove()),
  }
}
