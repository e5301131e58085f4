import { test } from 'vitest'
import { listen } from '../../src/runtimes/server.ts'
import { createEmulator } from '../../src/emulator.ts'
import { createCliHome, runGlance } from './glanceCli.ts'

test('probe', async () => {
  const emulator = createEmulator({ seed: 1, auth: { tokens: { t: { user: 'a', project: 'p1' } } } })
  const server = await listen({ emulator, port: 0, host: '127.0.0.1' })
  const home = createCliHome()
  try {
    for (const args of [['image-list'], ['image-create', '--name', 'cirros', '--disk-format', 'raw', '--container-format', 'bare', '--property', 'os_distro=cirros']]) {
      const r = await runGlance(server.url, 't', ['--debug', ...args], home)
      console.log(args.join(' '), r.code, r.stdout, r.stderr.slice(-3000))
    }
  } finally {
    await server.close()
  }
}, 60_000)
