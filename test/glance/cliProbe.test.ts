import { test } from 'vitest'
import { writeFileSync } from 'node:fs'
import { listen } from '../../src/runtimes/server.ts'
import { createEmulator } from '../../src/emulator.ts'
import { createCliHome, runGlance } from './glanceCli.ts'

test('probe', async () => {
  const emulator = createEmulator({ seed: 1, auth: { tokens: { t: { user: 'a', project: 'p1' }, adm: { user: 'x', project: 'p0', admin: true } } } })
  const server = await listen({ emulator, port: 0, host: '127.0.0.1' })
  const home = createCliHome()
  writeFileSync(`${home}/data.bin`, 'hello world')
  const run = async (args: string[], token = 't') => {
    const r = await runGlance(server.url, token, args, home)
    console.log('$ glance', args.join(' '), '→', r.code, '\n', r.stdout, r.stderr.slice(-1500))
    return r
  }
  try {
    await run(['image-list'])
    const c = await run(['image-create', '--name', 'cirros', '--disk-format', 'raw', '--container-format', 'bare', '--property', 'os_distro=cirros'])
    const id = /\| id\s+\| (\S+)/.exec(c.stdout)?.[1] ?? 'x'
    await run(['image-upload', '--file', `${home}/data.bin`, id])
    await run(['image-show', id])
    await run(['image-update', '--name', 'cirros2', '--property', 'a=b', '--min-ram', '64', id])
    await run(['image-tag-update', id, 'prod'])
    await run(['image-update', '--name', 'cirros3', id])
    await run(['image-download', '--file', `${home}/out.bin`, id])
    await run(['image-deactivate', id], 'adm')
    await run(['image-download', '--file', `${home}/out2.bin`, id])
    await run(['image-reactivate', id], 'adm')
    await run(['image-list', '--property-filter', 'os_distro=cirros', '--tag', 'prod'])
    await run(['member-create', id, 'p2'])
    await run(['image-delete', id])
    await run(['image-show', id])
  } finally {
    await server.close()
  }
}, 120_000)
