// The vitest setup as a function, for a setup file of the user's own. `image-api-emulator/vitest` is this
// with the options of the vitest config (`test.provide.imageApiEmulator`); a setup file that calls it
// with options of its own (scenario objects, fixture documents, a function for unhandled requests) is
// the same one line in `setupFiles`:
//
//   // test/emulator.ts, named in setupFiles; tests import { emulator } from it
//   import { defineEmulatorSetup } from 'image-api-emulator/vitest/setup'
//   export const { emulator, server } = defineEmulatorSetup({ seed: 7, scenarios: ['rate-limited'] })
//
// Importing this module does nothing: the hooks are registered by the call, in the file that makes it.
// vitest runs a setup file again for every test file (with `isolate: false` too), so each test file
// gets its own emulator from it, as from the one-line setup.
import '../supportedNode.ts'
import type { SharedOptions } from 'msw'
import { afterAll, afterEach, beforeAll } from 'vitest'
import type { Emulator, EmulatorOptions } from '../emulator.ts'
import { setupEmulatorServer, type EmulatorServer } from './node.ts'

/** Every `createEmulator` option, and what msw does with a request no emulated API claims. */
export interface EmulatorSetupOptions extends EmulatorOptions {
  /**
   * msw's `onUnhandledFrame` for requests to anything but the emulated APIs: `'bypass'` (the default: they
   * go out as they would without the emulator), `'warn'`, `'error'` (the request fails and msw says why),
   * or a function of msw's.
   */
  onUnhandledRequest?: SharedOptions['onUnhandledFrame']
}

/**
 * Starts an emulator for the test file that calls it: msw listens before its tests, `emulator.reset()`
 * runs after each test (back to the fixtures, the clock's start and the seed; the `scenarios` option is
 * played again), msw's extra handlers are dropped, and the server closes after the file.
 */
export function defineEmulatorSetup(options: EmulatorSetupOptions = {}): EmulatorServer {
  const { onUnhandledRequest = 'bypass', ...emulatorOptions } = options
  const setup = setupEmulatorServer(emulatorOptions)
  const { server, emulator } = setup

  beforeAll(() => {
    server.listen({ onUnhandledFrame: onUnhandledRequest })
  })

  afterEach(async () => {
    server.resetHandlers()
    await emulator.reset()
  })

  afterAll(() => {
    server.close()
    emulator.dispose()
  })
  return setup
}

export type { Emulator, EmulatorServer }
