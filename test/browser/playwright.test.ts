// image-api-emulator/playwright under Playwright Test itself, in Debian's Chromium: the runner is
// started as a bounded child process (as the kubectl suites run kubectl) and its JSON report read.
// First the fixture's own specs (test/browser/playwright/), on two workers; then the example app's
// end-to-end tests (examples/storybook/e2e/), with the Vite dev server Playwright starts and stops.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, test } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const cli = join(root, 'node_modules/@playwright/test/cli.js')

interface TestResult {
  status: string
  workerIndex: number
  parallelIndex: number
  errors: Array<{ message?: string }>
}
interface Suite {
  title: string
  specs: Array<{ title: string; tests: Array<{ results: TestResult[] }> }>
  suites?: Suite[]
}

/** Every test of the report by its full title ('file › describe › test'), with its one result. */
function results(suites: Suite[], path: string[] = []): Map<string, TestResult> {
  const found = new Map<string, TestResult>()
  for (const suite of suites) {
    const titles = [...path, suite.title]
    for (const spec of suite.specs) for (const run of spec.tests) found.set([...titles, spec.title].join(' › '), run.results[0]!)
    for (const [title, result] of results(suite.suites ?? [], titles)) found.set(title, result)
  }
  return found
}

const temporary: string[] = []
afterEach(async () => {
  for (const directory of temporary.splice(0)) await rm(directory, { recursive: true, force: true })
})

/** Runs `playwright test -c config`; resolves to the report's results, whatever their outcome. */
async function playwrightTest(config: string, env: Record<string, string>): Promise<{ results: Map<string, TestResult>; output: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'image-api-emulator-playwright-'))
  temporary.push(directory)
  const report = join(directory, 'report.json')
  const output = await new Promise<string>((resolve) => {
    execFile(
      process.execPath,
      [cli, 'test', '-c', config, '--reporter=json'],
      {
        cwd: root,
        timeout: 300_000,
        maxBuffer: 32 * 1024 * 1024,
        env: { ...process.env, ...env, CI: 'true', FORCE_COLOR: '0', PLAYWRIGHT_JSON_OUTPUT_NAME: report, PLAYWRIGHT_OUTPUT_DIR: join(directory, 'results') },
      },
      (_error, stdout, stderr) => resolve(`${stdout}\n${stderr}`),
    )
  })
  const parsed = JSON.parse(await readFile(report, 'utf8').catch(() => '{"suites":[]}')) as { suites: Suite[] }
  return { results: results(parsed.suites), output }
}

const failures = (run: Map<string, TestResult>) =>
  [...run].filter(([, result]) => result.status !== 'passed').map(([title, result]) => `${title}: ${result.status} ${result.errors.map((e) => e.message).join('\n')}`)

test('the fixture: per-test emulators, isolated across two workers, reset, options, streamed watches over HTTP and WebSocket, the journal', async () => {
  const barrier = await mkdtemp(join(tmpdir(), 'image-api-emulator-barrier-'))
  temporary.push(barrier)
  const run = await playwrightTest('test/browser/playwright/playwright.config.ts', { PLAYWRIGHT_BARRIER_DIR: barrier })
  expect(failures(run.results), run.output.slice(-6000)).toEqual([])
  expect([...run.results.keys()].map((title) => title.replace(/^ › /, '')).sort()).toEqual(
    [
      'isolation.spec.ts › side by side: the left test\'s page sees only its own snapshot',
      "isolation.spec.ts › side by side: the right test's page sees only its own snapshot",
      "inspector.spec.ts › page.goto('/_emulator/ui') opens the inspector of the test's own emulator, live",
      "journal.spec.ts › a scenario's broken connection fails the page's fetch, as a network error would",
      "journal.spec.ts › the page's requests are in emulator.journal with their answers' status; navigations and files are not",
      "options.spec.ts › auth › the page's request without the token is refused with the API's 401; with it, answered",
      "options.spec.ts › origins › the emulator answers only the listed origin; the page's own origin is left to its server",
      'options.spec.ts › test.use({ emulatorOptions }) in a describe › replaces the project options: CCI fixtures, no OpenShift images, the clock at the given start',
      "options.spec.ts › without test.use, the project's emulatorOptions apply: the page lists the OpenShift fixtures",
      'reset.spec.ts › the first test writes, plays a scenario and moves the clock',
      'reset.spec.ts › the next test starts afresh: no objects, the clock at its start, no scenario, an empty journal',
      'watch.spec.ts › a scenario step the clock reaches is on the page at once: snapshot-fails-after-two-minutes',
      'watch.spec.ts › each watch event reaches the page when the clock makes it happen, on one open watch (CCI-44, K-28)',
      "webSocket.spec.ts › on the page's own origin: each event is one message, when the clock makes it happen",
      'webSocket.spec.ts › on another origin › wss to the cluster, the bearer token as a subprotocol as consoles send it; a refused watch closes the socket',
    ].sort(),
  )
  // The two side-by-side tests ran in two worker processes (and, by their barrier, at the same time:
  // each waited for the other to have written its snapshot).
  const [left, right] = ['left', 'right'].map((side) => [...run.results].find(([title]) => title.includes(`the ${side} test's page`))![1])
  expect(left!.parallelIndex).not.toBe(right!.parallelIndex)
  expect(left!.workerIndex).not.toBe(right!.workerIndex)
}, 320_000)

/** A port nothing listens on, for the example app's dev server. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

test("the example app's own end-to-end tests pass with the fixture, the README's example first", async () => {
  const run = await playwrightTest('examples/storybook/playwright.config.ts', { EXAMPLE_APP_PORT: String(await freePort()) })
  expect(failures(run.results), run.output.slice(-6000)).toEqual([])
  expect([...run.results.keys()].map((title) => title.replace(/^ › /, ''))).toEqual(
    expect.arrayContaining(['snapshots.spec.ts › a failing snapshot shows its reason', 'snapshots.spec.ts › with the built-in fixture sets › each panel lists its API']),
  )
  expect(run.results.size).toBe(4)
}, 320_000)

test("the README's and docs/playwright.md's example is the example app's first end-to-end test, word for word", () => {
  const spec = readFileSync(join(root, 'examples/storybook/e2e/snapshots.spec.ts'), 'utf8')
  for (const page of ['README.md', 'docs/playwright.md']) {
    const text = readFileSync(join(root, page), 'utf8')
    const example = [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!).find((code) => code.includes("from 'image-api-emulator/playwright'"))
    expect(example, page).toBeDefined()
    expect(spec, page).toContain(example)
  }
})
