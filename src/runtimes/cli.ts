#!/usr/bin/env node
// `image-api-emulator serve`: the emulator as a standalone server, for kubectl, other processes and
// other languages. Prints where it listens and writes a kubeconfig; stops cleanly on SIGINT/SIGTERM and,
// when npm started it (npx), once npm has exited (open watches end, the kubeconfig it wrote is removed).
// Bad flags exit 2, a busy port exits 1.
import '../supportedNode.ts'
import { parseArgs } from 'node:util'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { RunningServer } from './server.ts'
import { renderKubeconfig } from './kubeconfig.ts'
import { normalizePathPrefix } from '../kube/pathPrefix.ts'
import { startedByNpm, whenParentExits } from './parentWatch.ts'
import { builtInScenario, isFilePath } from '../scenarios/scenarioReference.ts'
import { loadIdentityFile } from '../identity/identityFile.ts'
import type { IdentityConfig } from '../identity/identityConfig.ts'
import { builtInFixtures, type FixtureSource } from '../fixtures.ts'
import { builtInScenarios } from '../../scenarios/index.ts'
import type { Scenario } from '../scenarios/scenario.ts'
import type { AuthOption } from '../auth.ts'
import type { ClockOptions } from '../clock.ts'
import type { GlanceOptions } from '../glance/options.ts'

const usage = `Usage: image-api-emulator serve [options]

Serves the OpenShift Image, CCI 2.0 ImageSnapshot and Glance v2 image APIs from memory over http
(or https, with --tls-cert and --tls-key).

Options:
  --port <n>          port to listen on (default: $PORT or 8080; 0 picks a free one)
  --host <addr>       address to bind (default: 127.0.0.1)
  --seed <n>          seed for uids, generated names, ids and digests (default: 1)
  --clock <mode>      realtime (default) or manual (time moves only through POST /_emulator/clock/advance)
  --start <time>      emulator time at start and after a reset, RFC 3339
                      (default: now with --clock realtime, 2026-01-01T00:00:00Z with --clock manual)
  --speed <n>         realtime clock speed factor (default: 1)
  --fixtures <f>      load a built-in fixture set (${Object.keys(builtInFixtures).join(', ')})
                      or a JSON file of objects; repeatable, or comma-separated
  --scenario <f>      play a scenario: a .json, .yaml or .ts file, or a built-in's name
                      (${Object.keys(builtInScenarios).join(', ')}); repeatable; replayed after each reset
  --token <t>         require this bearer / X-Auth-Token token; repeatable (default: open, no tokens)
  --token-file <f>    tokens from a file, one per line (# comments); repeatable. Tokens also come from
                      $IMAGE_API_EMULATOR_TOKENS (space- or comma-separated), which keeps them out of
                      process listings and shell history. With tokens, the kubeconfig is not printed.
  --identity <file>   Keystone's domains, projects, users, roles and token lifetime (.yaml or .json;
                      default: domain Default, users admin, demo and alt_demo with password secret)
  --web-download <uri>=<file>
                      Glance web-download (and the http store) serves the file's bytes at <uri>; repeatable
  --glance-image-cache
                      the image cache API (/v2/cache), as with image_cache_dir set
  --glance-locations  show_multiple_locations: images show locations; PATCH adds, replaces, removes them
  --glance-stores <ids>
                      enabled_backends: several stores, comma-separated (the first is the default);
                      an id ending in :http is a read-only http store
  --glance-import-methods <m>
                      enabled_import_methods, comma-separated (default glance-direct,web-download,copy-image;
                      glance-download fetches from this Glance's own region, RegionOne)
  --kube-path-prefix <p>
                      serve the Kubernetes APIs (and their WebSocket watches) under this path too, as a
                      console's proxy does, e.g. /api/kubernetes
  --kubeconfig <path> where to write the kubeconfig (default: a new temporary directory)
  --tls-cert <file>   serve https with this PEM certificate (with --tls-key); kubectl sends
  --tls-key <file>    --token credentials to https servers only
  --help              show this help

Control API (JSON): POST /_emulator/reset, GET /_emulator/clock, POST /_emulator/clock/advance {"by":"2m"},
GET /_emulator/journal, POST /_emulator/fixtures {"sources":["openshift-images"]},
POST /_emulator/scenarios (a scenario document, or {"name":"update-conflict"}),
POST /_emulator/web-downloads {"uri":"https://…","data":"<base64>"} or {"uri":"https://…","size":1024,"seed":7}.
`

class UsageError extends Error {}

interface ServeOptions {
  port: number
  host: string
  seed: number | string
  clock: ClockOptions
  fixtures: FixtureSource[]
  /** Scenario files or built-in names, loaded when the server starts. */
  scenarios: string[]
  tokens: string[]
  /** Keystone's domains, projects, users and roles (--identity); the built-in default when absent. */
  identity: IdentityConfig | undefined
  /** Glance deployment options and the web-download URLs it serves. */
  glance: GlanceOptions
  /** --kube-path-prefix: the Kubernetes paths are also served under it. */
  kubePathPrefix: string | undefined
  kubeconfig: string | undefined
  tls: { cert: Buffer; key: Buffer } | undefined
}

/** The certificate and key files, read and checked to belong together before anything listens. */
function readTls(certPath: string | undefined, keyPath: string | undefined): ServeOptions['tls'] {
  if (certPath === undefined && keyPath === undefined) return undefined
  if (certPath === undefined || keyPath === undefined) throw new UsageError('--tls-cert and --tls-key go together')
  const read = (flag: string, path: string) => {
    try {
      return readFileSync(resolve(path))
    } catch (error) {
      throw new UsageError(`${flag} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
    }
  }
  const tls = { cert: read('--tls-cert', certPath), key: read('--tls-key', keyPath) }
  try {
    // node:tls is loaded only here: loading it at startup costs every server without TLS about 7 MB of memory.
    process.getBuiltinModule('node:tls').createSecureContext(tls)
  } catch {
    throw new UsageError('--tls-cert and --tls-key must be a PEM certificate and its private key')
  }
  return tls
}

/** Where tokens come from when they should not be on the command line. */
const tokensVariable = 'IMAGE_API_EMULATOR_TOKENS'

/** One token per line; blank lines and `#` comments are skipped. */
function readTokenFile(path: string): string[] {
  let text: string
  try {
    text = readFileSync(resolve(path), 'utf8')
  } catch (error) {
    throw new UsageError(`--token-file ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
  }
  const tokens = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
  if (!tokens.length) throw new UsageError(`--token-file ${path}: no token in it`)
  if (tokens.some((token) => /\s/.test(token))) throw new UsageError(`--token-file ${path}: one token per line, without spaces`)
  return tokens
}

/** The identity file, read and checked before anything listens. */
function readIdentity(path: string | undefined): IdentityConfig | undefined {
  if (path === undefined) return undefined
  try {
    return loadIdentityFile(path)
  } catch (error) {
    throw new UsageError(`--identity ${(error as Error).message.replace(/^identity: /, '')}`)
  }
}

/** --web-download <uri>=<file> (split at the last `=`: URLs may hold one), and the Glance deployment flags. */
function glanceOptions(downloads: string[], imageCache: boolean | undefined, locations: boolean | undefined, stores: string | undefined, importMethods: string | undefined): GlanceOptions {
  const webDownloads: Record<string, Uint8Array> = {}
  for (const entry of downloads) {
    const at = entry.lastIndexOf('=')
    const uri = entry.slice(0, at)
    const file = entry.slice(at + 1)
    if (at < 0 || !/^https?:\/\/[^/]/i.test(uri) || !file) throw new UsageError(`--web-download takes <http(s) uri>=<file>, got ${JSON.stringify(entry)}`)
    try {
      webDownloads[uri] = new Uint8Array(readFileSync(resolve(file)))
    } catch (error) {
      throw new UsageError(`--web-download ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
    }
  }
  const options: GlanceOptions = { webDownloads }
  if (imageCache) options.imageCache = true
  if (locations) options.locations = true
  if (stores !== undefined) {
    const ids = stores.split(',').map((id) => id.trim()).filter(Boolean)
    if (!ids.length || ids.some((id) => !/^[A-Za-z0-9_-]+(:http)?$/.test(id))) throw new UsageError(`--glance-stores takes comma-separated store ids (letters, digits, _ and -), got ${JSON.stringify(stores)}`)
    options.stores = ids.map((id) => (id.endsWith(':http') ? { id: id.slice(0, -':http'.length), readOnly: true } : id))
  }
  if (importMethods !== undefined) {
    const methods = importMethods.split(',').map((method) => method.trim()).filter(Boolean)
    const known = ['glance-direct', 'web-download', 'copy-image', 'glance-download']
    const unknown = methods.find((method) => !known.includes(method))
    if (!methods.length || unknown !== undefined) throw new UsageError(`--glance-import-methods takes some of ${known.join(', ')}, got ${JSON.stringify(unknown ?? importMethods)}`)
    options.importMethods = methods as GlanceOptions['importMethods']
  }
  return options
}

function parseServeArgs(argv: string[]): ServeOptions | 'help' {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        clock: { type: 'string' },
        start: { type: 'string' },
        speed: { type: 'string' },
        fixtures: { type: 'string', multiple: true },
        scenario: { type: 'string', multiple: true },
        token: { type: 'string', multiple: true },
        'token-file': { type: 'string', multiple: true },
        identity: { type: 'string' },
        'web-download': { type: 'string', multiple: true },
        'glance-image-cache': { type: 'boolean' },
        'glance-locations': { type: 'boolean' },
        'glance-stores': { type: 'string' },
        'glance-import-methods': { type: 'string' },
        'kube-path-prefix': { type: 'string' },
        kubeconfig: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    const message = (error as Error).message
    const option = /option '([^']+)'/i.exec(message)?.[1]
    const code = (error as { code?: string }).code
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) throw new UsageError(`unknown option ${option}`)
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) throw new UsageError(`option ${option.split(' ')[0]} needs a value`)
    throw new UsageError(message.split('. ')[0]!)
  }
  const { values, positionals } = parsed
  if (values.help) return 'help'
  const [command = 'serve', ...extra] = positionals
  if (command !== 'serve') throw new UsageError(`unknown command ${JSON.stringify(command)} (the only command is serve)`)
  if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`)

  const portText = values.port ?? process.env.PORT ?? '8080'
  const port = /^\d+$/.test(portText) ? Number(portText) : Number.NaN
  if (!Number.isInteger(port) || port > 65535) throw new UsageError(`--port must be a port number (0-65535), got ${JSON.stringify(portText)}`)
  const mode = values.clock ?? 'realtime'
  if (mode !== 'realtime' && mode !== 'manual') throw new UsageError(`--clock must be realtime or manual, got ${JSON.stringify(mode)}`)
  const speed = values.speed === undefined ? 1 : Number(values.speed)
  if (!(speed > 0) || !Number.isFinite(speed)) throw new UsageError(`--speed must be a positive number, got ${JSON.stringify(values.speed)}`)
  if (values.speed !== undefined && mode === 'manual') throw new UsageError('--speed applies to --clock realtime only')
  let start: string | number | undefined = mode === 'realtime' ? Date.now() : undefined
  if (values.start !== undefined) {
    if (Number.isNaN(Date.parse(values.start))) throw new UsageError(`--start must be an RFC 3339 time such as 2026-01-01T00:00:00Z, got ${JSON.stringify(values.start)}`)
    start = values.start
  }
  const seedText = values.seed ?? '1'
  const seed = /^\d+$/.test(seedText) ? Number(seedText) : seedText
  const tokens = values.token ?? []
  if (tokens.some((token) => !token.trim() || /\s/.test(token))) throw new UsageError('--token must be a non-empty word without spaces')
  for (const path of values['token-file'] ?? []) tokens.push(...readTokenFile(path))
  tokens.push(...(process.env[tokensVariable] ?? '').split(/[\s,]+/).filter(Boolean))

  const fixtures: FixtureSource[] = []
  for (const entry of (values.fixtures ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean)) {
    if (Object.hasOwn(builtInFixtures, entry)) {
      fixtures.push(entry)
      continue
    }
    if (!/[./\\]/.test(entry)) {
      throw new UsageError(`--fixtures ${JSON.stringify(entry)} is neither a built-in set (${Object.keys(builtInFixtures).join(', ')}) nor a file path`)
    }
    let text: string
    try {
      text = readFileSync(resolve(entry), 'utf8')
    } catch (error) {
      throw new UsageError(`--fixtures ${entry}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
    }
    try {
      fixtures.push(JSON.parse(text))
    } catch (error) {
      throw new UsageError(`--fixtures ${entry}: not JSON (${(error as Error).message})`)
    }
  }
  return {
    port,
    host: values.host ?? '127.0.0.1',
    seed,
    clock: { mode, speed, start },
    fixtures,
    scenarios: values.scenario ?? [],
    tokens,
    identity: readIdentity(values.identity),
    glance: glanceOptions(values['web-download'] ?? [], values['glance-image-cache'], values['glance-locations'], values['glance-stores'], values['glance-import-methods']),
    kubePathPrefix: readKubePathPrefix(values['kube-path-prefix']),
    kubeconfig: values.kubeconfig,
    tls: readTls(values['tls-cert'], values['tls-key']),
  }
}

function readKubePathPrefix(value: string | undefined): string | undefined {
  try {
    return normalizePathPrefix(value)
  } catch {
    throw new UsageError(`--kube-path-prefix must be a path such as /api/kubernetes, got ${JSON.stringify(value)}`)
  }
}

function authFor(tokens: string[]): AuthOption {
  if (!tokens.length) return 'open'
  const table: Record<string, { user: string; admin: boolean }> = Object.create(null)
  tokens.forEach((token, i) => {
    table[token] = { user: `user-${i + 1}`, admin: true }
  })
  return { tokens: table }
}

async function serve(options: ServeOptions): Promise<void> {
  // Loaded only now, so that --help and bad flags answer at once.
  const { listen } = await import('./server.ts')
  const { loadScenarioFile } = await import('../scenarios/loadScenarioFile.ts')
  const scenarios: Scenario[] = []
  for (const entry of options.scenarios) {
    try {
      // The rule play() follows: a path names a file, anything else a built-in scenario.
      scenarios.push(isFilePath(entry) ? await loadScenarioFile(resolve(entry)) : builtInScenario(entry))
    } catch (error) {
      // ScenarioError names the file, the step and the field; anything else is a file that cannot be read.
      process.stderr.write(`image-api-emulator: --scenario ${entry}: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exit(2)
    }
  }
  let server: RunningServer
  try {
    server = await listen({
      port: options.port,
      host: options.host,
      tls: options.tls,
      emulatorOptions: { seed: options.seed, clock: options.clock, auth: authFor(options.tokens), fixtures: options.fixtures, scenarios, identity: options.identity, glance: options.glance, kube: { pathPrefix: options.kubePathPrefix } },
    })
    await server.emulator.ready
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') {
      process.stderr.write(`image-api-emulator: ${options.host}:${options.port} is already in use; choose another port with --port (0 picks a free one)\n`)
      process.exit(1)
    }
    if (code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      process.stderr.write(`image-api-emulator: cannot listen on ${options.host}:${options.port} (${code})\n`)
      process.exit(1)
    }
    process.stderr.write(`image-api-emulator: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }

  const kubeconfigText = renderKubeconfig({ server: server.url, token: options.tokens[0] })
  const ownDirectory = options.kubeconfig === undefined ? mkdtempSync(join(tmpdir(), 'image-api-emulator-')) : undefined
  const kubeconfigPath = options.kubeconfig === undefined ? join(ownDirectory!, 'kubeconfig') : resolve(options.kubeconfig)
  writeFileSync(kubeconfigPath, kubeconfigText, { mode: 0o600 })

  const clock = server.emulator.clock
  const out = [
    `image-api-emulator listening on ${server.url}`,
    `  OpenShift: ${server.url}/apis/image.openshift.io/v1/images`,
    `  CCI:       ${server.url}/apis/cci/v2/imagesnapshots`,
    ...(options.kubePathPrefix ? [`  Prefixed:  ${server.url}${options.kubePathPrefix}/apis/… (--kube-path-prefix)`] : []),
    `  Glance:    ${server.url}/v2/images`,
    `  Identity:  ${server.url}/identity/v3 (Keystone; OS_AUTH_URL=${server.url}/identity)`,
    `  Control:   ${server.url}/_emulator`,
    `  clock ${clock.mode} at ${clock.iso()}${clock.mode === 'realtime' && options.clock.speed !== 1 ? ` (x${options.clock.speed})` : ''}, seed ${options.seed}, auth ${options.tokens.length ? 'tokens' : 'open'}`,
    '',
    `kubeconfig: ${kubeconfigPath}`,
    `  export KUBECONFIG=${kubeconfigPath}`,
    '  kubectl get images.image.openshift.io',
    ...(options.tokens.length && !options.tls
      ? ['  (kubectl sends tokens only over https; against this http server it gets 401 while --token is on: add --tls-cert and --tls-key)']
      : []),
    // A kubeconfig with a token stays in its file (mode 0600): CI logs keep what is printed.
    ...(options.tokens.length ? ['  (it holds the token, so it is not printed here)', ''] : ['', kubeconfigText]),
  ]
  let stopping = false
  const stop = (reason: string) => {
    if (stopping) process.exit(1)
    stopping = true
    process.stdout.write(`image-api-emulator: ${reason}, shutting down\n`)
    const force = setTimeout(() => process.exit(1), 5000)
    force.unref()
    // Open watches end first and get a moment to flush their last chunk, so clients see a clean end of
    // stream (as from an apiserver's timeout) rather than a reset connection.
    server.emulator.kube.hub.closeAll()
    void new Promise((resolve) => setTimeout(resolve, 100))
      .then(() => server.close())
      .then(() => {
        server.emulator.dispose()
        if (ownDirectory) rmSync(ownDirectory, { recursive: true, force: true })
        process.exit(0)
      })
      .catch(() => process.exit(1))
  }
  // Listening before saying so: a signal sent as soon as the output appears must find the handlers.
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  if (startedByNpm()) whenParentExits(() => stop('npm exited'))
  process.stdout.write(`${out.join('\n')}`)
}

async function main(argv: string[]): Promise<void> {
  let options: ServeOptions | 'help'
  try {
    options = parseServeArgs(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`image-api-emulator: ${error.message}\nRun 'image-api-emulator --help' for the options.\n`)
    process.exit(2)
  }
  if (options === 'help') {
    process.stdout.write(usage)
    return
  }
  await serve(options)
}

await main(process.argv.slice(2))
