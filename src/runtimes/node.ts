// Node without vitest: msw's setupServer over the emulator's handlers. Requests made with fetch (and
// node:http) in this process reach the emulator; the caller decides when to listen and close.
//
//   const { server, emulator } = setupEmulatorServer({ seed: 1 })
//   server.listen()
//   emulator.play(await loadScenarioFile('scenarios/my-case.yaml'))
import '../supportedNode.ts'
import '../http/mswDoor.ts'
import './scenarioFiles.ts'
import { setupServer, type SetupServer } from 'msw/node'
import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator.ts'

export { loadFixtureFile, loadScenarioFile } from '../scenarios/loadScenarioFile.ts'

export interface EmulatorServer {
  /** msw's server: listen(), close(), use() for handlers of your own. */
  server: SetupServer
  emulator: Emulator
}

/** An emulator (created from `options`, or the one given) behind an msw server that is not listening yet. */
export function setupEmulatorServer(options: EmulatorOptions & { emulator?: Emulator } = {}): EmulatorServer {
  const { emulator: given, ...emulatorOptions } = options
  const emulator = given ?? createEmulator(emulatorOptions)
  return { server: setupServer(...emulator.handlers), emulator }
}
