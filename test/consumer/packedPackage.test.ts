// The package as a user gets it: `npm pack` (which builds dist/), a new project in a temporary
// directory that installs the tarball and vitest (from the npm cache when it has them), the one-line
// vitest setup, and a test that plays a built-in scenario against fetch. It must pass under Node 24
// from the built output alone. Every process is bounded in time; the directory is removed.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { runBounded } from '../support/boundedProcess.ts'

const root = resolve(import.meta.dirname, '../..')
const vitestVersion = (JSON.parse(readFileSync(join(root, 'node_modules/vitest/package.json'), 'utf8')) as { version: string }).version

/** The README's test-suite setup, read from the README itself: one line in vitest.config. */
export const setupLine = readFileSync(join(root, 'README.md'), 'utf8')
  .split('\n')
  .find((line) => line.includes("setupFiles: ['image-api-emulator/vitest']"))!

interface Run {
  code: number | null
  output: string
}

/** Runs a command (npm resolves to the Node 24 of this repository's npm scripts), killed after `timeoutMs`. */
async function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<Run> {
  // The outer test run's own variables (vitest's, npm's for this package) stay out of the new project.
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(VITEST|npm_lifecycle_|npm_package_|FORCE_COLOR$|NODE_ENV$|TEST$)/.test(name)),
  )
  Object.assign(env, { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', CI: 'true', NO_COLOR: '1' })
  const { code, stdout, stderr } = await runBounded(command, args, { cwd, env, timeoutMs })
  return { code, output: stdout + stderr }
}

async function succeed(command: string, args: string[], cwd: string, timeoutMs: number): Promise<string> {
  const result = await run(command, args, cwd, timeoutMs)
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}\n${result.output}`)
  return result.output
}

const consumerTest = `import { expect, test } from 'vitest'
import { emulator } from 'image-api-emulator/vitest'
import { snapshotFailsAfterTwoMinutes } from 'image-api-emulator/scenarios'

const snapshots = 'https://cci.example.com/apis/cci/v2/imagesnapshots'

async function createSnapshot(name) {
  const response = await fetch(snapshots, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx:latest' }] } }),
  })
  if (response.status !== 201) throw new Error('create answered ' + response.status)
}

async function readStatus(name) {
  const { status } = await (await fetch(snapshots + '/' + name)).json()
  return status.reason ? status.phase + ': ' + status.reason : status.phase
}

test('the UI shows the failure reason', async () => {
  emulator.play(snapshotFailsAfterTwoMinutes)
  await createSnapshot('snap-1')
  await emulator.clock.advance('2m')
  expect(await readStatus('snap-1')).toBe('Unavailable: ImagePullFailed')
})

test('every test starts from a reset emulator', async () => {
  expect(emulator.scenarios.playing()).toEqual([])
  expect((await fetch(snapshots + '/snap-1')).status).toBe(404)
})
`

describe('the packed package in a new project', () => {
  const directory = mkdtempSync(join(tmpdir(), 'image-api-emulator-consumer-'))
  afterAll(() => rmSync(directory, { recursive: true, force: true }))

  test(
    'npm install of the tarball, the one-line vitest setup and a built-in scenario: the project’s tests pass',
    async () => {
      // prepack builds dist/ from the sources.
      await succeed('npm', ['pack', '--pack-destination', directory, '--silent'], root, 180_000)
      const tarball = readdirSync(directory).find((name) => name.endsWith('.tgz'))
      expect(tarball).toMatch(/^image-api-emulator-\d+\.\d+\.\d+\.tgz$/)

      writeFileSync(join(directory, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`)
      writeFileSync(join(directory, 'vitest.config.js'), `import { defineConfig } from 'vitest/config'\n\n${setupLine}\n`)
      writeFileSync(join(directory, 'snapshot.test.js'), consumerTest)
      await succeed('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${tarball}`, `vitest@${vitestVersion}`], directory, 240_000)

      // The installed package is the built output (and its license and changelog) only: no TypeScript sources to fall back on.
      const installed = join(directory, 'node_modules/image-api-emulator')
      expect(readdirSync(installed).sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'fixtures', 'package.json'])

      const result = await run(process.execPath, [join(directory, 'node_modules/vitest/vitest.mjs'), 'run'], directory, 120_000)
      expect(result.output).toMatch(/Tests\s+2 passed \(2\)/)
      expect(result.code).toBe(0)
    },
    600_000,
  )
})
