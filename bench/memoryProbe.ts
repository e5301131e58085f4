// Runs in its own process with --expose-gc (bench/memory.ts starts it): heap and RSS of an emulator
// holding 10,000 objects per API, then across create/delete cycles. Prints one JSON line.
import { createEmulator } from '../src/emulator.ts'
import { loadCciSnapshots, loadGlanceImages, loadOpenshiftImages, openshiftImage } from './benchObjects.ts'
import { expectStatus, imagesPath } from './emulatorCalls.ts'

const perApi = Number(process.argv[2] ?? 10_000)
const cycles = Number(process.argv[3] ?? 10_000)
const gc = (globalThis as { gc?: () => void }).gc!

function settle(): { heap: number; rss: number } {
  for (let i = 0; i < 4; i++) gc()
  const usage = process.memoryUsage()
  return { heap: usage.heapUsed, rss: usage.rss }
}

const emulator = createEmulator({ seed: 1 })
await emulator.ready
const empty = settle()
await loadOpenshiftImages(emulator, perApi)
await loadCciSnapshots(emulator, perApi)
await loadGlanceImages(emulator, perApi)
const loaded = settle()
let storedBytes = 0
const snapshot = emulator.store.snapshot()
for (const entries of Object.values(snapshot.kinds)) for (const [key, json] of entries) storedBytes += key.length + json.length

/** Bytes the event log holds: its events' documents. */
function eventLogBytes(): number {
  let bytes = 0
  for (const kind of Object.keys(snapshot.kinds)) {
    for (const event of emulator.store.events.since(kind, emulator.store.events.compactedThrough()) ?? []) {
      bytes += event.json.length + (event.previousJson?.length ?? 0)
    }
  }
  return bytes
}

async function cycle(count: number, offset: number) {
  for (let i = 0; i < count; i++) {
    const image = openshiftImage(perApi + offset + i)
    await expectStatus(emulator, 201, 'POST', imagesPath, image)
    await expectStatus(emulator, 200, 'DELETE', `${imagesPath}/${image.metadata.name}`)
  }
}

// The event log fills during the first cycles; after that, nothing may grow.
const beforeCycles = settle()
await cycle(cycles, 0)
const afterCycles = settle()
const logBytes = eventLogBytes()
await cycle(cycles, cycles)
const afterMoreCycles = settle()
emulator.dispose()

process.stdout.write(
  `${JSON.stringify({ perApi, cycles, empty, loaded, storedBytes, beforeCycles, afterCycles, afterMoreCycles, logBytes, logEvents: emulator.store.events.size() })}\n`,
)
