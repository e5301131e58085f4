// `npm run bench`: runs every benchmark suite in one process run, prints the figures as a table and
// writes them as JSON (bench/results.json, or the path in BENCH_RESULTS). Naming suites on the
// command line (`npm run bench -- inProcess watch`) runs only those.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import os from 'node:os'
import { renderTable, type Figure } from './figures.ts'
import { inProcessSuite } from './inProcess.ts'
import { scalingSuite } from './scaling.ts'
import { loopbackSuite } from './loopback.ts'
import { memorySuite } from './memory.ts'
import { watchFanoutSuite } from './watchFanout.ts'
import { startupSuite } from './startup.ts'
import { soakSuite } from './soak.ts'

const suites: Record<string, () => Promise<Figure[]>> = {
  startup: startupSuite,
  inProcess: inProcessSuite,
  loopback: loopbackSuite,
  watch: watchFanoutSuite,
  memory: memorySuite,
  scaling: scalingSuite,
  soak: soakSuite,
}

const chosen = process.argv.slice(2)
const unknown = chosen.filter((name) => !Object.hasOwn(suites, name))
if (unknown.length) {
  process.stderr.write(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}\n`)
  process.exit(2)
}

const figures: Figure[] = []
// A suite that fails is reported and the others still run; the run then exits non-zero.
const failed: Array<{ suite: string; error: string }> = []
const started = Date.now()
for (const [name, suite] of Object.entries(suites)) {
  if (chosen.length && !chosen.includes(name)) continue
  const suiteStart = Date.now()
  process.stderr.write(`bench: ${name}…\n`)
  let produced: Figure[]
  try {
    produced = await suite()
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error)
    failed.push({ suite: name, error: text })
    process.stderr.write(`bench: ${name} FAILED: ${text}\n`)
    continue
  }
  figures.push(...produced)
  process.stderr.write(`bench: ${name} done in ${((Date.now() - suiteStart) / 1000).toFixed(1)} s\n`)
  process.stdout.write(`${renderTable(produced)}\n\n`)
}

process.stdout.write(`${renderTable(figures)}\n`)
const out = process.env.BENCH_RESULTS ?? fileURLToPath(new URL('./results.json', import.meta.url))
const summary = {
  when: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  seconds: (Date.now() - started) / 1000,
  figures,
  failed,
}
writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`)
process.stdout.write(`\nwrote ${out}\n`)
if (failed.length) {
  process.stdout.write(`failed suites: ${failed.map((f) => f.suite).join(', ')}\n`)
  process.exitCode = 1
}
