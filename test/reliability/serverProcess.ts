// A standalone emulator server in its own process for the shutdown test: prints its URL, and on
// SIGTERM closes the way the CLI does, then writes what the store holds to the file named on the
// command line and exits.
import { writeFileSync } from 'node:fs'
import { listen } from '../../src/runtimes/server.ts'

const out = process.argv[2]!
const server = await listen({ emulatorOptions: { seed: 1 } })
process.once('SIGTERM', () => {
  void server.close().then(() => {
    writeFileSync(out, JSON.stringify(server.emulator.store.snapshot()))
    process.exit(0)
  })
})
// The test that started this process ends it; should it die first, nothing outlives it.
process.on('disconnect', () => process.exit(1))
process.send!({ url: server.url })
