// The one-line test-suite setup: `setupFiles: ['image-api-emulator/vitest']`. Every test file gets an
// emulator behind msw: listening before the file's tests, back to its initial state (fixtures, clock,
// seed; no scenarios but the configured ones, no watches) after each test, closed after the file. Tests
// import the same instance:
//
//   import { emulator } from 'image-api-emulator/vitest'
//
// Its options come from the vitest config, so the setup stays one line; without any, the defaults
// (seed 1, a manual clock at 2026-01-01T00:00:00Z, open auth, no fixtures, unhandled requests bypassed):
//
//   test: { setupFiles: ['image-api-emulator/vitest'], provide: { imageApiEmulator: { seed: 7, fixtures: ['cci-snapshots'] } } }
//
// A setup file of your own calls defineEmulatorSetup (`image-api-emulator/vitest/setup`) instead.
import '../supportedNode.ts'
import { inject } from 'vitest'
import { defineEmulatorSetup, type EmulatorSetupOptions } from './vitestSetup.ts'

declare module 'vitest' {
  interface ProvidedContext {
    /**
     * The options of `setupFiles: ['image-api-emulator/vitest']`: every `createEmulator` option that
     * survives vitest's serialisation (no functions) and `onUnhandledRequest`.
     */
    imageApiEmulator?: EmulatorSetupOptions
  }
}

const setup = defineEmulatorSetup(inject('imageApiEmulator') ?? {})

/** The emulator the suite's requests reach. */
export const emulator = setup.emulator
/** msw's server, e.g. for `server.use(...)` with handlers of the test's own. */
export const server = setup.server
