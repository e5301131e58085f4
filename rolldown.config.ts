// How dist/ is built (`npm run build`): tsc writes the declarations (dist/**/*.d.ts, one per source
// module), and rolldown writes the JavaScript: one file per package entry point, at the path the
// package.json "exports" and "bin" name, plus shared chunks under dist/chunks/. Importing an entry
// then loads a handful of files instead of ~950 modules (es-toolkit alone is 555 through @msw/data's
// root entry), which is what every isolated vitest test file pays again.
//
// What is inlined and what stays a package import:
// - msw stays external: handlers must register with the user's own msw instance. So do vitest and
//   @playwright/test, the test runners the vitest and playwright entries plug into.
// - So does everything else not listed in `inlined` (nanoid, whose browser and Node builds differ;
//   ws, the standalone server's).
// - The listed ones are inlined, tree-shaken to the parts the emulator uses: @msw/data with what it
//   imports (es-toolkit, mutative, rettime, outvariant), zod, date-fns' per-function modules,
//   @noble/hashes, fast-json-patch, and yaml's ES module build (its Node build is 72 CommonJS
//   modules; the two differ only in how a warning is printed).
// - The modules with import-time effects that package.json "sideEffects" lists keep those effects in
//   files it lists: an entry's own file, or for one the entries import (supportedNode.ts,
//   scenarioFiles.ts) a chunk of its own under a fixed name, dist/chunks/<name>.js. The build fails
//   when "sideEffects" does not list such a chunk. Every other chunk has no import-time effects, so a
//   bundler may drop what a user's app does not use.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'rolldown'

/** The dependencies inlined (with what they import in turn); every other package import stays one. */
const inlined = new Set(['@msw/data', 'zod', 'yaml', 'date-fns', '@noble/hashes', 'fast-json-patch'])
const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')
const external = (id: string, importer: string | undefined) => {
  if (id.startsWith('.') || id.startsWith('/') || id.startsWith('\0')) return false
  if (id.startsWith('node:')) return true
  // What an inlined package imports is inlined with it.
  if (importer?.includes('/node_modules/')) return false
  return !inlined.has(packageName(id))
}

interface PackageJson {
  bin: Record<string, string>
  exports: Record<string, string | { default?: string }>
  sideEffects: string[]
}
const storeMessageEvent = fileURLToPath(new URL('./src/store/storeMessageEvent.ts', import.meta.url))
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as PackageJson

/** dist/<path>.js of every entry a user imports or runs. */
const published = new Set(
  [...Object.values(pkg.exports).map((target) => (typeof target === 'string' ? target : target.default)), ...Object.values(pkg.bin)].filter(
    (file): file is string => typeof file === 'string' && /^\.\/dist\/.*\.js$/.test(file),
  ),
)
/** The built modules "sideEffects" lists (the chunks aside): each is an entry too, so it stays a file. */
const effectModules = pkg.sideEffects.filter((file) => /^\.\/dist\/.*\.js$/.test(file) && !file.startsWith('./dist/chunks/'))
/** Those the entries import (not entries users import): each gets a chunk of its own, under a fixed name. */
const effectChunks = new Set(effectModules.filter((file) => !published.has(file)).map((file) => /([^/]+)\.js$/.exec(file)![1]!))
const input = Object.fromEntries(
  [...published, ...effectModules].map((file) => {
    const name = file.slice('./dist/'.length, -'.js'.length)
    return [name, `./${name}.ts`]
  }),
)

export default defineConfig({
  input,
  external,
  platform: 'neutral',
  // Entry chunks may export more than their module does (needed by includeDependenciesRecursively: false).
  preserveEntrySignatures: 'allow-extension',
  resolve: { mainFields: ['module', 'main'] },
  plugins: [
    {
      name: 'fresh-chunks',
      // Chunk names carry a content hash: the previous build's would pile up beside the new ones.
      renderStart: (output) => rmSync(join(output.dir ?? 'dist', 'chunks'), { recursive: true, force: true }),
    },
    {
      name: 'third-party-notices',
      // Inlined code is a copy of its package: its license (MIT, ISC...) asks that its notice travel with
      // it. dist/THIRD_PARTY_NOTICES.md holds the license file of every package the bundle took code from.
      generateBundle(_options, bundle) {
        const packages = new Map<string, string>()
        for (const output of Object.values(bundle)) {
          if (output.type !== 'chunk') continue
          for (const id of Object.keys(output.modules)) {
            const at = id.lastIndexOf('/node_modules/')
            if (at < 0) continue
            const rest = id.slice(at + '/node_modules/'.length).split('/')
            const name = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!
            packages.set(name, join(id.slice(0, at), 'node_modules', name))
          }
        }
        const notices = [...packages].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, directory]) => {
          const { version, license } = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { version: string; license?: string }
          const file = readdirSync(directory).find((entry) => /^(licen[cs]e|copying)(\.|$)/i.test(entry))
          if (!file || !existsSync(join(directory, file))) this.error(`${name} has no license file to ship with its inlined code`)
          return `## ${name} ${version} (${license ?? 'see below'})\n\n${readFileSync(join(directory, file), 'utf8').trim()}\n`
        })
        this.emitFile({
          type: 'asset',
          fileName: 'THIRD_PARTY_NOTICES.md',
          source: `# Third-party notices\n\nThe JavaScript in this directory includes code from these packages, under their own licenses.\n\n${notices.join('\n')}`,
        })
      },
    },
    {
      name: 'store-events-without-undici',
      // rettime's event class extends the global MessageEvent, read when the module is evaluated; on Node
      // that loads undici. src/store/storeMessageEvent.ts says why it gets a class of the package's own.
      transform: {
        filter: { id: /[\\/]node_modules[\\/]rettime[\\/]build[\\/]index\.mjs$/ },
        handler(code) {
          const uses = code.split('extends MessageEvent').length - 1
          if (uses !== 1) this.error(`rettime: expected one "extends MessageEvent", found ${uses}; see src/store/storeMessageEvent.ts`)
          return `import { StoreMessageEvent } from ${JSON.stringify(storeMessageEvent)};\n${code.replace('extends MessageEvent', 'extends StoreMessageEvent')}`
        },
      },
    },
    {
      name: 'side-effect-chunks-declared',
      // A bundler that trusts "sideEffects" drops an undeclared chunk imported only for its effects.
      generateBundle(_options, bundle) {
        const missing = [...effectChunks].map((name) => `./dist/chunks/${name}.js`).filter((file) => !pkg.sideEffects.includes(file))
        if (missing.length) this.error(`package.json "sideEffects" must list ${missing.join(', ')}`)
        for (const name of effectChunks) if (!(`chunks/${name}.js` in bundle)) this.error(`no chunk chunks/${name}.js was written`)
      },
    },
  ],
  output: {
    dir: 'dist',
    format: 'esm',
    entryFileNames: '[name].js',
    // A module with import-time effects that other entries import too is moved into a chunk of its own:
    // those chunks keep a fixed name, so package.json "sideEffects" can list them.
    chunkFileNames: (chunk) => (effectChunks.has(chunk.name) ? 'chunks/[name].js' : 'chunks/[name]-[hash].js'),
    codeSplitting: {
      // Only the module itself: its imports go where they would go without the group.
      includeDependenciesRecursively: false,
      groups: [...effectChunks].map((name) => ({ name, test: new RegExp(`[\\\\/]${name}\\.ts$`) })),
    },
    // Readable output: a stack trace through the package still names the functions. Comments stay in
    // the sources and the declarations; in the bundle they would be parsed by every process that loads it.
    minify: false,
    comments: { legal: true, annotation: true, jsdoc: false },
    // V8 keeps a module's source as one string, two bytes a character once one character is not ASCII.
    charset: 'ascii',
  },
})
