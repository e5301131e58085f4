// 6. Startup: what a test suite pays before its first request, against what msw itself costs.
// - cold import of each package entry in a fresh process, vs importing msw + msw/node + @msw/data;
// - a generated suite of 20 test files (one request each) run by vitest with the one-line setup, vs
//   the same files over a bare msw handler, with vitest's default isolation and with `isolate: false`;
// - createEmulator with the three built-in fixture sets and reset(), vs @msw/data collections
//   holding the same records;
// - the resident memory of an idle standalone server (what `npm start` runs), vs a bare node:http
//   server, and with 10,000 objects per API.
// The package is used as a user gets it: packed, unpacked into a temporary project (consumerProject.ts).
// Every child process is bounded in time and stopped.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Collection } from '@msw/data'
import { z } from 'zod'
import openshiftImages from '../fixtures/openshift-images.json' with { type: 'json' }
import cciSnapshots from '../fixtures/cci-snapshots.json' with { type: 'json' }
import glanceImages from '../fixtures/glance-images.json' with { type: 'json' }
import { createEmulator } from '../src/emulator.ts'
import { figure, type Figure } from './figures.ts'
import { createConsumerProject, runCommand, type ConsumerProject } from './consumerProject.ts'
import { cciSnapshot, glanceImage, openshiftImage } from './benchObjects.ts'
import { median, percentile, sleep, timeEach } from './sampling.ts'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const importRounds = Number(process.env.BENCH_STARTUP_ROUNDS ?? 5)
const suiteRounds = Number(process.env.BENCH_SUITE_ROUNDS ?? 2)
const testFiles = 20
const perApi = 10_000

const mswEntries = ['msw', 'msw/node', '@msw/data']
const entries: Array<[id: string, specifier: string]> = [
  ['root', 'image-api-emulator'],
  ['node', 'image-api-emulator/node'],
  ['vitest', 'image-api-emulator/vitest'],
  ['server', 'image-api-emulator/server'],
  ['scenarios', 'image-api-emulator/scenarios'],
]

/** Imports its arguments in order and prints how long that took and the memory it left. */
const importProbe = `const started = performance.now()
for (const specifier of process.argv.slice(2)) await import(specifier)
const importMs = performance.now() - started
process.stdout.write(JSON.stringify({ importMs, rssMb: process.memoryUsage().rss / 1048576 }) + '\\n')
`

/** The vitest entry registers hooks with vitest's runner; outside a run, a stub takes the runner's place. */
const vitestStub = `import { registerHooks } from 'node:module'
const stub = 'data:text/javascript,' + encodeURIComponent('const hook = () => {}; export const beforeAll = hook, afterAll = hook, beforeEach = hook, afterEach = hook, inject = hook')
registerHooks({ resolve: (specifier, context, next) => (specifier === 'vitest' ? { url: stub, shortCircuit: true } : next(specifier, context)) })
`

const consumerTest = (n: number) => `import { expect, test } from 'vitest'

test('lists the images (file ${n})', async () => {
  const response = await fetch('https://api.example.com/apis/image.openshift.io/v1/images')
  expect(response.status).toBe(200)
  expect((await response.json()).kind).toBe('ImageList')
})
`

/** What the same suite would set up without the emulator: one msw handler answering the one request. */
const bareSetup = `import { afterAll, afterEach, beforeAll } from 'vitest'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'

const server = setupServer(
  http.get('https://api.example.com/apis/image.openshift.io/v1/images', () =>
    HttpResponse.json({ kind: 'ImageList', apiVersion: 'image.openshift.io/v1', metadata: { resourceVersion: '1' }, items: [] }),
  ),
)
beforeAll(() => server.listen())
afterEach(() => server.resetHandlers())
afterAll(() => server.close())
`

const vitestConfig = (setupFile: string, isolate: boolean | undefined) => `import { defineConfig } from 'vitest/config'

export default defineConfig({ test: { include: ['tests/*.test.js'], setupFiles: ['${setupFile}']${isolate === undefined ? '' : `, isolate: ${isolate}`} } })
`

/** The child processes' environment: no colour, nothing of the outer npm run. */
function childEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VITEST|npm_lifecycle_|npm_package_|FORCE_COLOR$|NODE_ENV$|TEST$)/.test(name)))
  return { ...env, NO_COLOR: '1', CI: 'true' }
}

async function coldImport(project: ConsumerProject, specifiers: string[]): Promise<{ importMs: number; rssMb: number }> {
  const output = await runCommand(process.execPath, ['--import', './vitest-stub.mjs', 'import-probe.mjs', ...specifiers], { cwd: project.directory, timeoutMs: 120_000, env: childEnv() })
  return JSON.parse(output.trim().split('\n').at(-1)!) as { importMs: number; rssMb: number }
}

async function importFigures(project: ConsumerProject): Promise<Figure[]> {
  project.write('import-probe.mjs', importProbe)
  project.write('vitest-stub.mjs', vitestStub)
  const baseline: number[] = []
  const baselineRss: number[] = []
  const measured = new Map(entries.map(([id]) => [id, { ms: [] as number[], rss: [] as number[] }]))
  // Rounds alternate the baseline and every entry, so a noisy neighbour falls on all alike.
  for (let round = 0; round < importRounds; round++) {
    const bare = await coldImport(project, mswEntries)
    baseline.push(bare.importMs)
    baselineRss.push(bare.rssMb)
    for (const [id, specifier] of entries) {
      const run = await coldImport(project, [specifier])
      measured.get(id)!.ms.push(run.importMs)
      measured.get(id)!.rss.push(run.rssMb)
    }
  }
  return entries.map(([id, specifier]) => {
    const { ms, rss } = measured.get(id)!
    return figure({
      id: `startup.import.${id}`,
      what: `cold import of ${specifier} in a fresh process, median of ${importRounds}`,
      value: median(ms),
      unit: 'ms',
      baseline: median(baseline),
      baselineWhat: 'msw + msw/node + @msw/data',
      target: 'ratio ≤ 2',
      pass: median(ms) <= 2 * median(baseline),
      detail: { rssMb: median(rss), baselineRssMb: median(baselineRss) },
    })
  })
}

interface SuiteRun {
  wallMs: number
  /** vitest's own account: "Duration 1.2s (transform …, setup …, import …, tests …)". */
  duration: string
}

async function runSuite(project: ConsumerProject, config: string): Promise<SuiteRun> {
  const started = performance.now()
  const output = await runCommand(process.execPath, [resolve(project.directory, 'node_modules/vitest/vitest.mjs'), 'run', '--config', config], { cwd: project.directory, timeoutMs: 900_000, env: childEnv() })
  const wallMs = performance.now() - started
  if (!new RegExp(`Tests\\s+${testFiles} passed \\(${testFiles}\\)`).test(output)) throw new Error(`${config}: not every test passed\n${output}`)
  return { wallMs, duration: /Duration\s+(.*)/.exec(output)?.[1]?.trim() ?? '' }
}

async function suiteFigures(project: ConsumerProject): Promise<Figure[]> {
  for (let n = 1; n <= testFiles; n++) project.write(`tests/file${String(n).padStart(2, '0')}.test.js`, consumerTest(n))
  project.write('bare-setup.js', bareSetup)
  const configs = {
    emulator: project.write('vitest.emulator.config.js', vitestConfig('image-api-emulator/vitest', undefined)),
    bare: project.write('vitest.bare.config.js', vitestConfig('./bare-setup.js', undefined)),
    emulatorShared: project.write('vitest.emulator-shared.config.js', vitestConfig('image-api-emulator/vitest', false)),
    bareShared: project.write('vitest.bare-shared.config.js', vitestConfig('./bare-setup.js', false)),
  }
  const runs = Object.fromEntries(Object.keys(configs).map((name) => [name, [] as SuiteRun[]])) as Record<keyof typeof configs, SuiteRun[]>
  for (let round = 0; round < suiteRounds; round++) {
    for (const [name, config] of Object.entries(configs) as Array<[keyof typeof configs, string]>) runs[name].push(await runSuite(project, config))
  }
  const wall = (name: keyof typeof configs) => median(runs[name].map((run) => run.wallMs))
  const perFile = (name: keyof typeof configs, bare: keyof typeof configs) => (wall(name) - wall(bare)) / testFiles
  return [
    figure({
      id: 'startup.suite',
      what: `vitest run of ${testFiles} test files (one request each) with the one-line setup, default pool and isolation, median of ${suiteRounds}`,
      value: wall('emulator'),
      unit: 'ms',
      baseline: wall('bare'),
      baselineWhat: 'same files, bare msw handler',
      target: 'ratio ≤ 1.3',
      pass: wall('emulator') <= 1.3 * wall('bare'),
      detail: { extraMsPerTestFile: perFile('emulator', 'bare'), vitest: runs.emulator.at(-1)!.duration, bareVitest: runs.bare.at(-1)!.duration },
    }),
    figure({
      id: 'startup.suiteNoIsolate',
      what: `the same suite with isolate: false (modules loaded once per worker), median of ${suiteRounds}`,
      value: wall('emulatorShared'),
      unit: 'ms',
      baseline: wall('bareShared'),
      baselineWhat: 'same files, bare msw handler, isolate: false',
      detail: { extraMsPerTestFile: perFile('emulatorShared', 'bareShared'), vitest: runs.emulatorShared.at(-1)!.duration, bareVitest: runs.bareShared.at(-1)!.duration },
    }),
  ]
}

const fixtureSets = ['openshift-images', 'cci-snapshots', 'glance-images']

/** What a hand-written mock holds instead: @msw/data collections of the same records. */
async function bareCollections() {
  const schema = z.record(z.string(), z.unknown())
  const sets = [openshiftImages, cciSnapshots, glanceImages.images] as unknown as Array<Array<Record<string, unknown>>>
  const collections = sets.map(() => new Collection({ schema }))
  const fill = async () => {
    for (const [i, records] of sets.entries()) for (const record of records) await collections[i]!.create(structuredClone(record))
  }
  await fill()
  return {
    collections,
    reset: async () => {
      for (const collection of collections) collection.clear()
      await fill()
    },
  }
}

async function emulatorFigures(): Promise<Figure[]> {
  const create = async () => {
    const emulator = createEmulator({ fixtures: fixtureSets })
    await emulator.ready
    return emulator
  }
  const firstStart = performance.now()
  ;(await create()).dispose()
  const firstMs = performance.now() - firstStart
  // Warm both before timing.
  for (let i = 0; i < 20; i++) {
    ;(await create()).dispose()
    await bareCollections()
  }
  const created = await timeEach(200, async () => (await create()).dispose())
  const bareCreated = await timeEach(200, () => bareCollections())

  const emulator = await create()
  const bare = await bareCollections()
  // A test's worth of traffic between resets: a write and a read.
  const resets = await timeEach(300, async (i) => {
    await emulator.reset()
    const response = await emulator.dispatch(new Request('http://emulator.bench/apis/image.openshift.io/v1/images', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(openshiftImage(i)) }))
    if (response.status !== 201) throw new Error(`POST answered ${response.status}`)
  })
  const resetOnly = await timeEach(300, () => emulator.reset())
  const bareResets = await timeEach(300, () => bare.reset())
  emulator.dispose()
  return [
    figure({
      id: 'startup.createEmulator',
      what: 'createEmulator with the three built-in fixture sets, until ready, median',
      value: median(created),
      unit: 'ms',
      baseline: median(bareCreated),
      baselineWhat: '@msw/data collections of the same records',
      target: '≤ 5 ms',
      pass: median(created) <= 5,
      detail: { p90Ms: percentile(created, 90), firstInProcessMs: firstMs },
    }),
    figure({
      id: 'startup.reset',
      what: 'reset() back to the three fixture sets, median',
      value: median(resetOnly),
      unit: 'ms',
      baseline: median(bareResets),
      baselineWhat: 'clear and refill the @msw/data collections',
      target: '≤ 0.5 ms',
      pass: median(resetOnly) <= 0.5,
      detail: { p90Ms: percentile(resetOnly, 90), afterWriteMedianMs: median(resets) },
    }),
  ]
}

interface Listening {
  url: string
  rssMb(): number
  stop(): Promise<void>
}

/** Starts a server process and waits for the line that says where it listens. */
function startServer(args: string[]): Promise<Listening> {
  const child = spawn(process.execPath, args, { cwd: root, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`${args.join(' ')} did not listen within 60 s\n${output}`))
    }, 60_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const url = /listening on (https?:\/\/\S+)/.exec(output)?.[1]
      if (!url) return
      clearTimeout(timer)
      child.stdout.off('data', onData)
      child.stdout.resume()
      resolveStart({ url, rssMb: () => residentMb(child.pid!), stop })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${args.join(' ')} exited with ${code}\n${output}`))
    })
  })
}

/** A process's resident set, from /proc (Linux) or ps. */
function residentMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    if (kb) return Number(kb) / 1024
  } catch {
    // not Linux
  }
  throw new Error('resident memory is read from /proc/<pid>/status; this machine has none')
}

const bareHttpServer = `require('node:http').createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port) })`

async function postFixtures(url: string, documents: unknown[]): Promise<void> {
  const response = await fetch(`${url}/_emulator/fixtures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ documents }) })
  if (response.status !== 201) throw new Error(`loading fixtures answered ${response.status}: ${(await response.text()).slice(0, 300)}`)
}

/**
 * What `npm start` runs: its `prestart` (rolldown bundles the sources into dist/), then `node dist/….js serve`.
 * The bundle is written to a directory of the bench's own under node_modules/.cache (so the packages
 * resolve, and no linter or git sees it), because a build running beside the bench (npm pack) empties dist/.
 */
async function bundleNpmStart(): Promise<{ args: string[]; remove(): void }> {
  const scripts = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
  const [command, entry, ...rest] = scripts.start!.split(' ')
  const bundler = /^rolldown -c (\S+)/.exec(scripts.prestart ?? '')
  if (command !== 'node' || !entry?.startsWith('dist/') || !bundler) throw new Error(`npm start is "${scripts.prestart} && ${scripts.start}": the bench measures a prestart rolldown bundle run by node`)
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true })
  const directory = mkdtempSync(join(root, 'node_modules/.cache/image-api-emulator-start-'))
  const remove = () => rmSync(directory, { recursive: true, force: true })
  try {
    await runCommand(resolve(root, 'node_modules/.bin/rolldown'), ['-c', bundler[1]!, '--dir', directory, '--logLevel', 'warn'], { cwd: root, timeoutMs: 300_000 })
  } catch (error) {
    remove()
    throw error
  }
  return { args: [join(directory, entry.slice('dist/'.length)), ...rest], remove }
}

async function serverFigures(): Promise<Figure[]> {
  const npmStart = await bundleNpmStart()
  try {
    return await serverFiguresOf(npmStart.args)
  } finally {
    npmStart.remove()
  }
}

async function serverFiguresOf(npmStart: string[]): Promise<Figure[]> {
  const settleMs = 2_000
  const idle: number[] = []
  const bare: number[] = []
  const bareEsm: number[] = []
  let loadedMb = Number.NaN
  for (let round = 0; round < 2; round++) {
    const bareServer = await startServer(['-e', bareHttpServer])
    try {
      await sleep(settleMs)
      bare.push(bareServer.rssMb())
    } finally {
      await bareServer.stop()
    }
    // The same server as an ES module, as the emulator's command is, taking node:http as the command does
    // (src/runtimes/server.ts): `import ... from 'node:http'` would read its lazy WebSocket getters and
    // load undici, about 13 MB more.
    const bareModule = await startServer(['--input-type=module', '-e', bareHttpServer.replace("require('node:http')", "process.getBuiltinModule('node:http')")])
    try {
      await sleep(settleMs)
      bareEsm.push(bareModule.rssMb())
    } finally {
      await bareModule.stop()
    }
    // What `npm start` runs.
    const server = await startServer([...npmStart, '--port', '0', '--host', '127.0.0.1'])
    try {
      await sleep(settleMs)
      idle.push(server.rssMb())
      if (round === 0) {
        const chunk = 500
        for (let from = 0; from < perApi; from += chunk) {
          const indexes = Array.from({ length: chunk }, (_, i) => from + i)
          await postFixtures(server.url, [indexes.map(openshiftImage), indexes.map(cciSnapshot), { images: indexes.map(glanceImage) }])
        }
        await sleep(settleMs)
        loadedMb = server.rssMb()
      }
    } finally {
      await server.stop()
    }
  }
  return [
    figure({
      id: 'startup.serverRss',
      what: 'resident memory of an idle standalone server (npm start), no objects',
      value: median(idle),
      unit: 'MB',
      baseline: median(bare),
      baselineWhat: 'bare node:http server',
      target: 'ratio ≤ 1.5',
      pass: median(idle) <= 1.5 * median(bare),
      detail: { bareEsModuleMb: median(bareEsm), ratioToEsModule: median(idle) / median(bareEsm) },
    }),
    figure({
      id: 'startup.serverRssLoaded',
      what: `resident memory of the standalone server holding ${perApi} objects per API (3 APIs)`,
      value: loadedMb,
      unit: 'MB',
      baseline: median(bare),
      baselineWhat: 'bare node:http server',
      detail: { idleMb: median(idle) },
    }),
  ]
}

/** BENCH_STARTUP_PARTS=imports,suite,emulator,server runs only those parts. */
const parts = new Set((process.env.BENCH_STARTUP_PARTS ?? 'imports,suite,emulator,server').split(','))

export async function startupSuite(): Promise<Figure[]> {
  const figures: Figure[] = []
  if (parts.has('imports') || parts.has('suite')) {
    const project = await createConsumerProject()
    try {
      if (parts.has('imports')) figures.push(...(await importFigures(project)))
      if (parts.has('suite')) figures.push(...(await suiteFigures(project)))
    } finally {
      project.remove()
    }
  }
  if (parts.has('emulator')) figures.push(...(await emulatorFigures()))
  if (parts.has('server')) figures.push(...(await serverFigures()))
  return figures
}
