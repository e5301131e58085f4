// The standalone server the soak drives: the built-in fixtures, a real-time clock, and its own memory
// reported on request over IPC (heap after a full collection, RSS as the system sees it), with how many
// entries its journal and event log hold.
import { listen } from '../../src/runtimes/server.ts'
import { announce } from './childServer.ts'

// Deleted Glance images keep their ids taken, newest 100,000 by default (about 10 MB): at a soak's pace
// that bound is reached in half an hour, so memory would grow by design through the whole window. 500
// are kept here, filled (one per write round) before the journal is.
const server = await listen({
  emulatorOptions: { seed: 1, clock: { mode: 'realtime' }, fixtures: ['openshift-images', 'cci-snapshots', 'glance-images'], glance: { deletedImagesKept: 500 } },
  host: '127.0.0.1',
})
await server.emulator.ready
const gc = (globalThis as { gc?: () => void }).gc
process.on('message', (message) => {
  if (message !== 'memory') return
  gc?.()
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage()
  // How full the two bounded histories are: until both are, memory grows by design.
  const journal = server.emulator.journal.entries().length
  const events = server.emulator.store.events.size()
  process.send!({ memory: { rss, heapUsed, heapTotal, external, arrayBuffers, journal, events } })
})
announce(server.url, () => server.close())
