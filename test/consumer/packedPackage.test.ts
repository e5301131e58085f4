// The package as a user gets it, following the README word for word: `npm pack` (which builds dist/),
// a new project in a temporary directory that runs the README's install commands (the tarball for
// image-api-emulator; everything else from the npm cache, offline), then the README's first examples:
// the vitest setup and test, the Node examples, the browser recipe built with Vite (production without
// the emulator, development with it), and the command serving /version and /healthz until SIGTERM.
// It must pass under Node 24 from the built output alone. Every process is bounded in time; the
// directory is removed.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { printed, runBounded, startBounded } from '../support/boundedProcess.ts'
import { codeBlocks, firstBlock, installCommands, repositoryRoot as root, section } from './readme.ts'

const versionOf = (name: string) => (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version

interface Run {
  code: number | null
  output: string
}

// The outer test run's own variables (vitest's, npm's for this package) stay out of the new project.
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(VITEST|npm_lifecycle_|npm_package_|FORCE_COLOR$|NODE_ENV$|TEST$)/.test(name)),
)
Object.assign(env, { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', CI: 'true', NO_COLOR: '1' })

/** Runs a command (npm resolves to the Node 24 of this repository's npm scripts), killed after `timeoutMs`. */
async function run(command: string, args: string[], cwd: string, timeoutMs: number, extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  const { code, stdout, stderr } = await runBounded(command, args, { cwd, env: { ...env, ...extraEnv }, timeoutMs })
  return { code, output: stdout + stderr }
}

async function succeed(command: string, args: string[], cwd: string, timeoutMs: number, extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await run(command, args, cwd, timeoutMs, extraEnv)
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}\n${result.output}`)
  return result.output
}

// Beside the README's example: the reset between tests, as a user's second test would see it.
const resetTest = `import { expect, test } from 'vitest'
import { emulator } from 'image-api-emulator/vitest'
import { snapshotFailsAfterTwoMinutes } from 'image-api-emulator/scenarios'

const snapshots = 'https://cci.example.com/apis/cci/v2/imagesnapshots'

test('a scenario plays until the test ends', async () => {
  emulator.play(snapshotFailsAfterTwoMinutes)
  const response = await fetch(snapshots, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name: 'snap-1' }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx:latest' }] } }),
  })
  expect(response.status).toBe(201)
  expect(emulator.scenarios.playing()).toHaveLength(1)
})

test('every test starts from a reset emulator', async () => {
  expect(emulator.scenarios.playing()).toEqual([])
  expect((await fetch(snapshots + '/snap-1')).status).toBe(404)
})
`

/** The file a README block names in its first line (`// src/main.ts`), and the block. */
function namedFile(block: { code: string }): { file: string; code: string } {
  const name = /^\/\/ (\S+)\n/.exec(block.code)
  if (!name) throw new Error(`a README block names no file:\n${block.code}`)
  return { file: name[1]!, code: block.code }
}

describe('the packed package in a new project, as the README says', () => {
  const directory = mkdtempSync(join(tmpdir(), 'image-api-emulator-consumer-'))
  const project = join(directory, 'project')
  afterAll(() => rmSync(directory, { recursive: true, force: true }))

  // One pack and one project for every test of this file.
  beforeAll(async () => {
    // prepack builds dist/ from the sources.
    await succeed('npm', ['pack', '--pack-destination', directory, '--silent'], root, 180_000)
    const tarball = readdirSync(directory).find((name) => name.endsWith('.tgz'))
    expect(tarball).toMatch(/^image-api-emulator-\d+\.\d+\.\d+\.tgz$/)

    mkdirSync(project)
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`)
    // The README's commands, in order: the package from the tarball, the tools it names at this
    // repository's versions, from the npm cache only.
    for (const args of installCommands()) {
      const specs = args.map((arg) => (arg.startsWith('-') ? arg : arg === 'image-api-emulator' ? join(directory, tarball!) : `${arg}@${versionOf(arg)}`))
      await succeed('npm', ['install', '--offline', '--no-audit', '--no-fund', ...specs], project, 240_000)
    }
  }, 600_000)

  test('the README installs the package, vitest and vite, and nothing else', () => {
    expect(installCommands()).toEqual([['-D', 'image-api-emulator'], ['-D', 'vitest'], ['-D', 'vite']])
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { devDependencies: Record<string, string>; dependencies?: unknown }
    expect(Object.keys(manifest.devDependencies).sort()).toEqual(['image-api-emulator', 'vite', 'vitest'])
    expect(manifest.dependencies).toBeUndefined()
    // The installed package is the built output (and its license and changelog) only: no TypeScript sources to fall back on.
    expect(readdirSync(join(project, 'node_modules/image-api-emulator')).sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'fixtures', 'package.json'])
  })

  test('the code the bundle inlined travels with its licenses: a notice for every package it came from', () => {
    const installed = join(project, 'node_modules/image-api-emulator/dist')
    const notices = readFileSync(join(installed, 'THIRD_PARTY_NOTICES.md'), 'utf8')
    const noticed = [...notices.matchAll(/^## (\S+) /gm)].map((match) => match[1])
    // Every package the built files carry a "// node_modules/<name>/..." region marker for.
    const built = readdirSync(installed, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'))
    const inlined = new Set(built.flatMap((file) => [...readFileSync(join(installed, file), 'utf8').matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((match) => match[1]!)))
    expect(inlined.size).toBeGreaterThan(5)
    expect(noticed).toEqual(expect.arrayContaining([...inlined]))
    expect(notices).toContain('Permission is hereby granted, free of charge')
  })

  test("vitest: the README's config and first test pass, and the next test starts from a reset emulator", { timeout: 180_000 }, async () => {
    const [config, example] = codeBlocks(section('vitest'))
      .filter((block) => block.language === 'ts')
      .map(namedFile)
    expect(config!.file).toBe('vitest.config.ts')
    expect(config!.code).toContain("setupFiles: ['image-api-emulator/vitest']")
    for (const { file, code } of [config!, example!]) writeFileSync(join(project, file), code)
    writeFileSync(join(project, 'reset.test.js'), resetTest)
    // The README's command, `npx vitest run`: the installed vitest.
    expect(firstBlock('vitest', 'sh').code.trim()).toBe('npx vitest run')
    const result = await run(process.execPath, [join(project, 'node_modules/vitest/vitest.mjs'), 'run'], project, 150_000)
    expect(result.output).toMatch(/Test Files\s+2 passed \(2\)/)
    expect(result.output).toMatch(/Tests\s+3 passed \(3\)/)
    expect(result.code).toBe(0)
  })

  test('vitest with a setup file of its own: defineEmulatorSetup from image-api-emulator/vitest/setup, as docs/vitest.md writes it', { timeout: 180_000 }, async () => {
    mkdirSync(join(project, 'own-setup'))
    writeFileSync(
      join(project, 'own-setup/emulator.ts'),
      `import { defineEmulatorSetup } from 'image-api-emulator/vitest/setup'
import { updateConflict } from 'image-api-emulator/scenarios'

export const { emulator, server } = defineEmulatorSetup({
  seed: 3,
  fixtures: ['cci-snapshots'],
  scenarios: [updateConflict],
  clock: { mode: 'manual', start: '2030-01-01T00:00:00Z' },
})
`,
    )
    writeFileSync(
      join(project, 'own-setup/conflict.check.ts'),
      `import { expect, test } from 'vitest'
import { emulator } from './emulator.ts'

const snapshot = 'https://cci.example.com/apis/cci/v2/imagesnapshots/my-imagesnapshot'

for (const round of [1, 2]) {
  test('the configured emulator, test ' + round, async () => {
    expect(emulator.clock.iso()).toBe('2030-01-01T00:00:00Z')
    const current = await (await fetch(snapshot)).json()
    const update = () => fetch(snapshot, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(current) })
    expect((await update()).status).toBe(409)
    expect((await update()).status).toBe(200)
  })
}
`,
    )
    writeFileSync(
      join(project, 'own-setup/vitest.config.ts'),
      "import { defineConfig } from 'vitest/config'\n\nexport default defineConfig({ test: { include: ['*.check.ts'], setupFiles: ['./emulator.ts'] } })\n",
    )
    const result = await run(process.execPath, [join(project, 'node_modules/vitest/vitest.mjs'), 'run', '--root', join(project, 'own-setup')], project, 150_000)
    expect(result.output).toMatch(/Tests\s+2 passed \(2\)/)
    expect(result.code).toBe(0)
  })

  test.each(['Node, with msw', 'Node, without msw: `emulator.fetch`'])("%s: the README's example prints what its comments say", { timeout: 60_000 }, async (title) => {
    const { code } = firstBlock(title, 'ts')
    const expected = [...code.matchAll(/console\.log\(.*\)\s*\/\/ (.*)$/gm)].map((match) => match[1]!.trim())
    expect(expected.length).toBeGreaterThan(0)
    const file = join(project, `example-${expected.length}-${title.length}.mjs`)
    writeFileSync(file, code)
    const output = await succeed(process.execPath, [file], project, 50_000)
    expect(output.trim().split('\n')).toEqual(expected)
  })

  test("the browser: the README's recipe built with Vite — production without the emulator, development with it", { timeout: 240_000 }, async () => {
    // The app is the project itself: index.html at its root, as Vite expects.
    const app = project
    mkdirSync(join(app, 'src'), { recursive: true })
    // `npx msw init public/ --save`: msw's command comes with the package.
    const init = firstBlock('The browser', 'sh').code.trim()
    expect(init).toBe('npx msw init public/ --save')
    await succeed(join(project, 'node_modules/.bin/msw'), ['init', 'public/', '--save'], app, 60_000)
    expect(statSync(join(app, 'public/mockServiceWorker.js')).size).toBeGreaterThan(1000)

    const main = namedFile(firstBlock('The browser', 'ts'))
    expect(main.file).toBe('src/main.ts')
    // renderApp is the user's own: the app renders one line.
    writeFileSync(join(app, main.file), `${main.code}\nfunction renderApp() {\n  document.body.append('my app')\n}\n`)
    writeFileSync(join(app, 'index.html'), '<!doctype html>\n<html><body><script type="module" src="/src/main.ts"></script></body></html>\n')

    const build = async (mode: 'production' | 'development') => {
      const out = join(project, `dist-${mode}`)
      await succeed(process.execPath, [join(project, 'node_modules/vite/bin/vite.js'), 'build', '--mode', mode, '--outDir', out, '--logLevel', 'warn'], app, 180_000, { NODE_ENV: mode })
      const scripts = readdirSync(join(out, 'assets')).filter((file) => file.endsWith('.js'))
      const text = scripts.map((file) => readFileSync(join(out, 'assets', file), 'utf8')).join('\n')
      return {
        bytes: scripts.reduce((total, file) => total + statSync(join(out, 'assets', file)).size, 0),
        // The API paths, a fixture's name and msw's worker script name: any part of the emulator would carry them.
        hasEmulator: ['imagesnapshots', 'test-imagesnapshot', 'mockServiceWorker'].every((word) => text.includes(word)),
        hasAnyOfIt: ['imagesnapshots', 'test-imagesnapshot', 'mockServiceWorker'].some((word) => text.includes(word)),
      }
    }
    const production = await build('production')
    expect(production.hasAnyOfIt).toBe(false)
    expect(production.bytes).toBeLessThan(4096)
    const development = await build('development')
    expect(development.hasEmulator).toBe(true)
    expect(development.bytes).toBeGreaterThan(100_000)
  })

  test("the command: the README's `npx image-api-emulator serve` answers /version and /healthz and stops on SIGTERM", { timeout: 90_000 }, async () => {
    const line = firstBlock('The server, for kubectl and other clients', 'sh').code.split('\n')[0]!
    expect(line).toMatch(/^npx image-api-emulator serve /)
    // npx runs the package's bin; a free port instead of the README's 8080.
    const args = line.replace(/^npx image-api-emulator /, '').replace('--port 8080', '--port 0').split(/\s+/)
    const server = startBounded(join(project, 'node_modules/.bin/image-api-emulator'), args, { cwd: project, env, timeoutMs: 80_000 })
    try {
      const url = (await printed(server, /listening on (http:\/\/\S+)/, 60_000))?.[1]
      expect(url, server.stdout() + server.stderr()).toBeDefined()
      const version = await fetch(`${url}/version`)
      expect(version.status).toBe(200)
      expect(((await version.json()) as { gitVersion: string }).gitVersion).toMatch(/^v1\.\d+/)
      const health = await fetch(`${url}/healthz`)
      expect(await health.text()).toBe('ok')
      const images = (await (await fetch(`${url}/apis/image.openshift.io/v1/images`)).json()) as { items: unknown[] }
      expect(images.items).toHaveLength(3)
    } finally {
      server.child.kill('SIGTERM')
    }
    const { code } = await server.result
    expect(code).toBe(0)
  })
})
