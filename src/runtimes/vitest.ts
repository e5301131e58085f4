// The one-line test-suite setup: `setupFiles: ['image-api-emulator/vitest']`. Every test file gets an
// emulator behind msw: listening before the file's tests, back to its initial state (fixtures, clock,
// seed; no scenarios, no watches) after each test, closed after the file. Tests import the same
// instance:
//
//   import { emulator } from 'image-api-emulator/vitest'
import '../supportedNode.ts'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { setupEmulatorServer } from './node.ts'

const setup = setupEmulatorServer()

/** The emulator the suite's requests reach. */
export const emulator = setup.emulator
/** msw's server, e.g. for `server.use(...)` with handlers of the test's own. */
export const server = setup.server

beforeAll(() => {
  // Requests to anything but the emulated APIs go out as they would without the emulator.
  server.listen({ onUnhandledFrame: 'bypass' })
})

afterEach(async () => {
  server.resetHandlers()
  await emulator.reset()
})

afterAll(() => {
  server.close()
  emulator.dispose()
})
