// 4. Memory: heap and RSS with 10,000 objects per API, against the size of the documents stored; and
// after 10,000 create/delete cycles, then 10,000 more, against the state before them (the only
// growth allowed is the bounded event log filling up). Measured in a child process with --expose-gc.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { figure, type Figure } from './figures.ts'

interface Probe {
  perApi: number
  cycles: number
  empty: { heap: number; rss: number }
  loaded: { heap: number; rss: number }
  storedBytes: number
  beforeCycles: { heap: number; rss: number }
  afterCycles: { heap: number; rss: number }
  afterMoreCycles: { heap: number; rss: number }
  logBytes: number
  logEvents: number
}

const mb = (bytes: number) => bytes / 1024 / 1024

function runProbe(): Promise<Probe> {
  const script = fileURLToPath(new URL('./memoryProbe.ts', import.meta.url))
  return new Promise((resolve, reject) => {
    // Bounded: a probe that has not finished in 15 minutes (a loaded machine) is killed.
    execFile(process.execPath, ['--expose-gc', script], { timeout: 900_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`memory probe failed (${error.killed ? 'killed after its time' : `exit ${error.code}`}): ${error.message}\n${stderr}`))
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as Probe)
    })
  })
}

export async function memorySuite(): Promise<Figure[]> {
  const probe = await runProbe()
  const heldHeap = probe.loaded.heap - probe.empty.heap
  const cycleGrowth = probe.afterCycles.heap - probe.beforeCycles.heap
  const laterGrowth = probe.afterMoreCycles.heap - probe.afterCycles.heap
  return [
    figure({
      id: 'memory.heapPerStoredByte',
      what: `heap held by ${probe.perApi} objects per API (3 APIs), vs the JSON text stored`,
      value: mb(heldHeap),
      unit: 'MB',
      baseline: mb(probe.storedBytes),
      baselineWhat: 'stored documents',
      detail: { rssLoadedMb: mb(probe.loaded.rss), rssEmptyMb: mb(probe.empty.rss), heapLoadedMb: mb(probe.loaded.heap) },
    }),
    figure({
      id: 'memory.firstCycles',
      what: `heap growth over ${probe.cycles} create/delete cycles, vs what the event log holds`,
      value: mb(cycleGrowth),
      unit: 'MB',
      baseline: mb(probe.logBytes),
      baselineWhat: `event log (${probe.logEvents} events)`,
      target: 'ratio ≤ 1.5',
      pass: cycleGrowth <= 1.5 * probe.logBytes,
    }),
    figure({
      id: 'memory.laterCycles',
      what: `heap after ${probe.cycles} more cycles, vs after the first ${probe.cycles}`,
      value: mb(probe.afterMoreCycles.heap),
      unit: 'MB',
      baseline: mb(probe.afterCycles.heap),
      baselineWhat: 'heap after the first cycles',
      target: 'ratio ≤ 1.05 (no growth)',
      pass: probe.afterMoreCycles.heap <= 1.05 * probe.afterCycles.heap,
      detail: { growthMb: mb(laterGrowth), rssMb: mb(probe.afterMoreCycles.rss) },
    }),
  ]
}
