// On a Node.js older than package.json `engines`, every entry point fails at import with one sentence
// naming the version needed and the one running, instead of `Promise.withResolvers is not a function`
// deep inside msw at the first request. Proved under the machine's own old Node (the entry points
// compiled to JavaScript, as the package ships them) and, on any machine, under this Node with the
// version it reports set back to 20.
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { execFileSync } from 'node:child_process'
import ts from 'typescript'
import { afterAll, describe, expect, test } from 'vitest'
import { isSupportedNode } from '../../src/supportedNode.ts'
import { envWithoutVitest, runBounded } from '../support/boundedProcess.ts'

const root = resolve(import.meta.dirname, '../..')
const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node

/** Every export of package.json (but the browser's, which only a browser resolves) and the CLI, as modules. */
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, string | { default: string }> }
const entryPoints: Record<string, string> = Object.fromEntries([
  ...Object.entries(packageJson.exports)
    .filter(([path]) => path !== './browser' && path !== './package.json')
    .map(([path, target]) => [`image-api-emulator${path.slice(1)}`, (typeof target === 'string' ? target : target.default).replace(/^\.\/dist\//, '').replace(/\.js$/, '')]),
  ['the image-api-emulator command', 'src/runtimes/cli'],
])

const message = (running: string) => `image-api-emulator needs Node.js 22.12 or later, but this is Node.js ${running}.`


/** Imports `file` in a new process of `node` (with `preload` run first) and returns what it printed. */
async function importIn(node: string, file: string, preload: string[] = []) {
  const script = `import(${JSON.stringify(file)}).then(() => console.log('imported'), (error) => { console.error(error.message); process.exitCode = 1 })`
  const { code, stdout, stderr } = await runBounded(node, [...preload, '--input-type=module', '-e', script], { env: envWithoutVitest, cwd: root, timeoutMs: 20_000 })
  return { code, output: stdout + stderr }
}

describe('the supported Node.js versions', () => {
  test('engines and the check agree: 22.12 and later', () => {
    expect(engines).toMatch(/^\^22\.12\.0 \|\| /)
    expect(['20.20.2', 'v22.11.0', '21.7.3', '18.20.0'].filter(isSupportedNode)).toEqual([])
    expect(['22.12.0', 'v24.21.0', '23.0.0', '26.1.0'].every(isSupportedNode)).toBe(true)
  })
})

describe('an entry point imported under Node.js 20 says which Node.js it needs', () => {
  // This Node (24) reporting 20.20.2: the sources run as they are (type stripping).
  const pretend20 = ['--import', `data:text/javascript,Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '20.20.2' } })`]

  test.each(Object.entries(entryPoints))('%s, with the version set back', async (_name, entry) => {
    const { code, output } = await importIn(process.execPath, join(root, `${entry}.ts`), pretend20)
    expect(output.trim()).toBe(message('20.20.2'))
    expect(code).toBe(1)
  })

  // The machine's own Node.js (20 on the development machines, /usr/bin/node), running JavaScript
  // compiled from the sources into a directory inside the repository so node_modules resolves.
  const systemNode = '/usr/bin/node'
  const systemVersion = execFileSync(systemNode, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '')
  const compiled = mkdtempSync(join(root, '.vitest-node-version-'))
  afterAll(() => rmSync(compiled, { recursive: true, force: true }))

  test('the machine’s Node.js is older than 22.12 (else the next test proves nothing)', () => {
    expect(isSupportedNode(systemVersion)).toBe(false)
  })

  test(`every entry point, compiled, under ${systemNode}`, { timeout: 120_000 }, async () => {
    const sources = ['src', 'scenarios'].flatMap((folder) =>
      readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
        .map((file) => join(folder, file)),
    )
    for (const source of sources) {
      const { outputText } = ts.transpileModule(readFileSync(join(root, source), 'utf8'), {
        fileName: source,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, rewriteRelativeImportExtensions: true, verbatimModuleSyntax: true },
      })
      const out = join(compiled, source.replace(/\.ts$/, '.js'))
      mkdirSync(dirname(out), { recursive: true })
      writeFileSync(out, outputText)
    }
    symlinkSync(relative(compiled, join(root, 'fixtures')), join(compiled, 'fixtures'))
    for (const [name, entry] of Object.entries(entryPoints)) {
      const { code, output } = await importIn(systemNode, join(compiled, `${entry}.js`))
      expect({ name, output: output.trim(), code }).toEqual({ name, output: message(systemVersion), code: 1 })
    }
    // The command as npm's bin link runs it.
    const cli = await runBounded(systemNode, [join(compiled, 'src/runtimes/cli.js'), 'serve', '--port', '0'], { env: envWithoutVitest, cwd: root, timeoutMs: 20_000 })
    expect(cli.stderr).toContain(message(systemVersion))
    expect(cli.code).toBe(1)
  })
})
