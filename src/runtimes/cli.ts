#!/usr/bin/env node
// `image-api-emulator serve`: the emulator as a standalone server on its in-memory default.
import { parseArgs } from 'node:util'
import { listen } from './server.ts'
import type { AuthOption } from '../auth.ts'

const usage = `Usage: image-api-emulator serve [options]

Serves the OpenShift Image, CCI 2.0 ImageSnapshot and Glance v2 image APIs from memory.

Options:
  --port <n>        port to listen on (default: $PORT or 8080; 0 picks a free one)
  --host <addr>     address to bind (default: 127.0.0.1)
  --seed <n>        seed for uids, names and digests (default: 1)
  --clock <mode>    realtime (default) or manual
  --speed <n>       realtime clock speed factor (default: 1)
  --token <t>       require this bearer/X-Auth-Token token (repeatable; default: open)
  --help            show this help
`

function fail(message: string): never {
  process.stderr.write(`image-api-emulator: ${message}\n\n${usage}`)
  process.exit(2)
}

async function main(argv: string[]) {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        clock: { type: 'string' },
        speed: { type: 'string' },
        token: { type: 'string', multiple: true },
        help: { type: 'boolean' },
      },
    })
  } catch (error) {
    fail((error as Error).message)
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(usage)
    return
  }
  const command = positionals[0] ?? 'serve'
  if (command !== 'serve' || positionals.length > 1) fail(`unknown command: ${positionals.join(' ')}`)
  const port = Number(values.port ?? process.env.PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, got ${JSON.stringify(values.port)}`)
  const mode = values.clock ?? 'realtime'
  if (mode !== 'realtime' && mode !== 'manual') fail(`--clock must be realtime or manual, got ${JSON.stringify(mode)}`)
  const speed = Number(values.speed ?? 1)
  if (!(speed > 0)) fail(`--speed must be a positive number, got ${JSON.stringify(values.speed)}`)
  const seed = values.seed === undefined ? 1 : /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed
  const auth: AuthOption = values.token?.length
    ? { tokens: Object.fromEntries(values.token.map((t, i) => [t, { user: `user-${i + 1}`, admin: true }])) }
    : 'open'

  let server
  try {
    server = await listen({
      port,
      host: values.host ?? '127.0.0.1',
      emulatorOptions: { seed, clock: { mode, speed, start: mode === 'realtime' ? Date.now() : undefined }, auth },
    })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') {
      process.stderr.write(`image-api-emulator: port ${port} is already in use; choose another with --port\n`)
      process.exit(1)
    }
    throw error
  }
  process.stdout.write(`image-api-emulator listening on ${server.url}\n`)
  process.stdout.write(`  OpenShift: ${server.url}/apis/image.openshift.io/v1/images\n`)
  process.stdout.write(`  CCI:       ${server.url}/apis/cci/v2/imagesnapshots\n`)
  process.stdout.write(`  Glance:    ${server.url}/v2/images\n`)
  const stop = () => {
    void server.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

await main(process.argv.slice(2))
