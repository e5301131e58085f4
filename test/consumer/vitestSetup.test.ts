// The vitest setup configured as a user configures it, in a vitest run of its own: a project with the
// one-line setup and no options (the documented defaults), one with the options in the vitest config
// (`test.provide.imageApiEmulator`), and one whose setup file calls defineEmulatorSetup. Each project's
// tests check that every option took effect in every test, not only the first (a reset in between).
// Two more projects run files in one worker (isolate: false): each file still gets a configured emulator.
// The project lives in a temporary directory inside the repository (so it resolves vitest and the
// sources from here) and is removed; the child vitest is bounded in time.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { runBounded } from '../support/boundedProcess.ts'

const root = resolve(import.meta.dirname, '../..')
const project = mkdtempSync(join(root, '.vitest-setup-'))
afterAll(() => rmSync(project, { recursive: true, force: true }))

const source = (path: string) => JSON.stringify(join(root, path))

writeFileSync(
  join(project, 'vitest.config.ts'),
  `import { defineConfig } from 'vitest/config'

// The package's entry points, resolved to this repository's sources.
const resolve = {
  alias: [
    { find: /^image-api-emulator\\/vitest$/, replacement: ${source('src/runtimes/vitest.ts')} },
    { find: /^image-api-emulator\\/vitest\\/setup$/, replacement: ${source('src/runtimes/vitestSetup.ts')} },
    { find: /^image-api-emulator\\/scenarios$/, replacement: ${source('scenarios/index.ts')} },
    { find: /^image-api-emulator$/, replacement: ${source('src/index.ts')} },
  ],
}

export default defineConfig({
  test: {
    projects: [
      { resolve, test: { name: 'defaults', include: ['defaults.test.ts'], setupFiles: [${source('src/runtimes/vitest.ts')}] } },
      {
        resolve,
        test: {
          name: 'provided',
          include: ['provided.test.ts'],
          setupFiles: [${source('src/runtimes/vitest.ts')}],
          provide: {
            imageApiEmulator: {
              seed: 7,
              fixtures: ['cci-snapshots'],
              auth: { tokens: { 'token-a': { user: 'alice' } } },
              clock: { mode: 'manual', start: '2030-05-01T00:00:00Z' },
              scenarios: ['rate-limited'],
              onUnhandledRequest: 'error',
            },
          },
        },
      },
      { resolve, test: { name: 'setupFile', include: ['setupFile.test.ts'], setupFiles: ['./emulator.ts'] } },
      // One worker for several files, each still with an emulator of its own from the setup (in both forms).
      {
        resolve,
        test: {
          name: 'sharedWorker',
          include: ['again/*.test.ts'],
          isolate: false,
          maxWorkers: 1,
          setupFiles: [${source('src/runtimes/vitest.ts')}],
          provide: { imageApiEmulator: { clock: { start: '2030-05-01T00:00:00Z' }, scenarios: ['rate-limited'] } },
        },
      },
      { resolve, test: { name: 'sharedWorkerSetupFile', include: ['againSetupFile/*.test.ts'], isolate: false, maxWorkers: 1, setupFiles: ['./emulator.ts'] } },
    ],
  },
})
`,
)

// What every project's tests share: a server outside the emulator, started for one request (to see what
// happens to requests no API claims), and requests made with the global fetch, as an app's client makes them.
writeFileSync(
  join(project, 'shared.ts'),
  `import { createServer } from 'node:http'
import { createEmulator, type FixtureSource } from 'image-api-emulator'

export const snapshots = 'https://cci.example/apis/cci/v2/imagesnapshots'

/** What a request to a server no emulated API claims ends as: its body, or the error fetch rejects with. */
export async function unhandledRequest(): Promise<string> {
  const server = createServer((_request, response) => response.end('outside'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    return await (await fetch('http://127.0.0.1:' + (server.address() as { port: number }).port + '/outside')).text()
  } catch (error) {
    return 'rejected: ' + (error as Error).name
  } finally {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** The uid a new snapshot gets, first write of an emulator. */
export async function firstUid(headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(snapshots, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name: 'snap-1' }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx:latest' }] } }),
  })
  if (response.status !== 201) throw new Error('create answered ' + response.status + ' ' + (await response.text()))
  return ((await response.json()) as { metadata: { uid: string } }).metadata.uid
}

/** The uid the same first write gets from an emulator of that seed (and those fixtures), through emulator.fetch. */
export async function uidForSeed(seed: number, fixtures: FixtureSource[] = []): Promise<string> {
  const other = createEmulator({ seed, fixtures })
  const response = await other.fetch(snapshots, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name: 'snap-1' }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx:latest' }] } }),
  })
  other.dispose()
  return ((await response.json()) as { metadata: { uid: string } }).metadata.uid
}

export async function names(headers: Record<string, string> = {}): Promise<string[] | number> {
  const response = await fetch(snapshots, { headers })
  if (response.status !== 200) return response.status
  return ((await response.json()) as { items: { metadata: { name: string } }[] }).items.map((item) => item.metadata.name).sort()
}
`,
)

writeFileSync(
  join(project, 'defaults.test.ts'),
  `import { expect, test } from 'vitest'
import { emulator } from 'image-api-emulator/vitest'
import { firstUid, names, uidForSeed, unhandledRequest } from './shared.ts'

for (const round of [1, 2]) {
  test('defaults, test ' + round + ': seed 1, manual clock at 2026-01-01, open auth, no fixtures, no scenarios, unhandled requests bypassed', async () => {
    expect(emulator.clock.mode).toBe('manual')
    expect(emulator.clock.iso()).toBe('2026-01-01T00:00:00Z')
    expect(emulator.scenarios.playing()).toEqual([])
    expect(await names()).toEqual([])
    expect(await firstUid()).toBe(await uidForSeed(1))
    expect(await unhandledRequest()).toBe('outside')
  })
}
`,
)

writeFileSync(
  join(project, 'provided.test.ts'),
  `import { expect, test } from 'vitest'
import { emulator } from 'image-api-emulator/vitest'
import { firstUid, names, uidForSeed, unhandledRequest } from './shared.ts'

const token = { authorization: 'Bearer token-a' }

for (const round of [1, 2]) {
  test('test.provide.imageApiEmulator, test ' + round + ': every option in effect', async () => {
    // clock
    expect(emulator.clock.iso()).toBe('2030-05-01T00:00:00Z')
    // scenarios: played before every test (rate-limited throttles the first two lists)
    expect(emulator.scenarios.playing().map((handle) => handle.scenario.name)).toEqual(['rate-limited'])
    expect(await names(token)).toBe(429)
    expect(await names(token)).toBe(429)
    // auth: a request without the configured token is refused
    expect(await names()).toBe(401)
    // fixtures
    expect(await names(token)).toEqual(['api-server-snapshot', 'my-imagesnapshot', 'test-imagesnapshot'])
    // seed
    expect(await firstUid(token)).toBe(await uidForSeed(7, ['cci-snapshots']))
    expect(await uidForSeed(7, ['cci-snapshots'])).not.toBe(await uidForSeed(1, ['cci-snapshots']))
    // onUnhandledRequest: 'error'
    expect(await unhandledRequest()).toMatch(/^rejected: /)
  })
}
`,
)

writeFileSync(
  join(project, 'emulator.ts'),
  `import { defineEmulatorSetup } from 'image-api-emulator/vitest/setup'
import { updateConflict } from 'image-api-emulator/scenarios'

export const unhandled: string[] = []
export const document = [{ apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name: 'from-a-document' }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'busybox' }] } }]

export const { emulator, server } = defineEmulatorSetup({
  seed: 3,
  clock: { mode: 'manual', start: '2031-02-03T04:05:06Z' },
  fixtures: [document],
  scenarios: [updateConflict],
  onUnhandledRequest: ({ frame }) => {
    unhandled.push(new URL((frame.data as { request: Request }).request.url).pathname)
  },
})
`,
)

writeFileSync(
  join(project, 'setupFile.test.ts'),
  `import { expect, test } from 'vitest'
import { document, emulator, unhandled } from './emulator.ts'
import { firstUid, names, snapshots, uidForSeed, unhandledRequest } from './shared.ts'

for (const round of [1, 2]) {
  test('defineEmulatorSetup in a setup file, test ' + round + ': every option in effect', async () => {
    expect(emulator.clock.iso()).toBe('2031-02-03T04:05:06Z')
    expect(emulator.scenarios.playing().map((handle) => handle.scenario.name)).toEqual(['update-conflict'])
    expect(await names()).toEqual(['from-a-document'])
    const conflict = await fetch(snapshots + '/from-a-document', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(emulator.cci.imageSnapshots.get('from-a-document')) })
    expect(conflict.status).toBe(409)
    expect(await firstUid()).toBe(await uidForSeed(3, [document]))
    expect(await unhandledRequest()).toBe('outside')
    expect(unhandled).toEqual(Array(round).fill('/outside'))
  })
}
`,
)

// The same files twice in a worker that runs several files (isolate: false).
mkdirSync(join(project, 'again'))
mkdirSync(join(project, 'againSetupFile'))
for (const copy of ['first', 'second']) {
  writeFileSync(
    join(project, 'again', `${copy}.test.ts`),
    `import { expect, test } from 'vitest'
import { emulator } from 'image-api-emulator/vitest'

for (const round of [1, 2]) {
  test('${copy} file, test ' + round + ': the configured emulator, reset', async () => {
    expect(emulator.clock.iso()).toBe('2030-05-01T00:00:00Z')
    expect(emulator.scenarios.playing().map((handle) => handle.scenario.name)).toEqual(['rate-limited'])
    expect((await fetch('https://cci.example/apis/cci/v2/imagesnapshots')).status).toBe(429)
    await emulator.clock.advance('1h')
  })
}
`,
  )
  writeFileSync(
    join(project, 'againSetupFile', `${copy}.test.ts`),
    readFileSync(join(project, 'setupFile.test.ts'), 'utf8').replaceAll("'./", "'../").replace('defineEmulatorSetup in a setup file', `${copy} file`),
  )
}

test('a vitest run with the setup in its three forms: defaults, options in the vitest config, a setup file of its own; and with isolate: false', { timeout: 240_000 }, async () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VITEST|NODE_ENV$|TEST$|FORCE_COLOR$)/.test(name)))
  const { code, stdout, stderr } = await runBounded(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', project], {
    cwd: project,
    env: { ...env, NO_COLOR: '1', CI: 'true' },
    timeoutMs: 200_000,
  })
  const output = stdout + stderr
  expect(output).toMatch(/Test Files\s+7 passed \(7\)/)
  expect(output).toMatch(/Tests\s+14 passed \(14\)/)
  expect(code, output).toBe(0)
})
