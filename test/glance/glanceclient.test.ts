// python-glanceclient (the `glance` CLI) against the standalone server, asserted on what a person
// reads in its output. The server is real HTTP (node:http), so glanceclient's requests, chunked
// uploads and streamed downloads go over a socket exactly as against Glance.
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createEmulator } from '../../src/emulator.ts'
import { listen } from '../../src/runtimes/server.ts'
import { createCliHome, propertyTable, runGlance, type CliResult } from './glanceCli.ts'
import { tokens } from './glanceSetup.ts'
import { seededBytes } from '../support/seededBytes.ts'

let server: Awaited<ReturnType<typeof listen>>
let home: string

beforeAll(async () => {
  const emulator = createEmulator({ seed: 11, auth: { tokens: { ...tokens } } })
  server = await listen({ emulator, port: 0, host: '127.0.0.1' })
  home = createCliHome()
})

afterAll(async () => {
  await server?.close()
  server?.emulator.dispose()
})

const glance = (args: string[], token = 'alice-token'): Promise<CliResult> => runGlance(server.url, token, args, home)

async function succeed(args: string[], token?: string): Promise<string> {
  const result = await glance(args, token)
  if (result.code !== 0) throw new Error(`glance ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

/** The IDs and names of an `image-list` table. */
function listedNames(output: string): string[] {
  return output
    .split('\n')
    .map((line) => /^\| [0-9a-f-]{36} \| (.*?)\s*\|$/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined)
}

describe('python-glanceclient against the standalone server', () => {
  test('image-create, image-show, image-update, image-tag-update, image-list with filters', async () => {
    const created = propertyTable(
      await succeed(['image-create', '--name', 'cirros', '--disk-format', 'qcow2', '--container-format', 'bare', '--min-ram', '64', '--property', 'os_distro=cirros', '--property', 'team=blue']),
    )
    expect(created.get('name')).toBe('cirros')
    expect(created.get('status')).toBe('queued')
    expect(created.get('os_distro')).toBe('cirros')
    expect(created.get('team')).toBe('blue')
    expect(created.get('min_ram')).toBe('64')
    expect(created.get('visibility')).toBe('shared')
    expect(created.get('owner')).toBe('project-alice')
    const id = created.get('id')!
    expect(id).toMatch(/^[0-9a-f-]{36}$/)

    expect(propertyTable(await succeed(['image-show', id])).get('disk_format')).toBe('qcow2')

    const updated = propertyTable(await succeed(['image-update', id, '--name', 'cirros-0.6', '--property', 'team=red', '--remove-property', 'os_distro', '--min-disk', '1']))
    expect(updated.get('name')).toBe('cirros-0.6')
    expect(updated.get('team')).toBe('red')
    expect(updated.get('min_disk')).toBe('1')
    expect(updated.has('os_distro')).toBe(false)

    const tagged = await succeed(['image-tag-update', id, 'production'])
    expect(tagged).toContain("['production']")
    expect(propertyTable(await succeed(['image-show', id])).get('tags')).toBe('["production"]')

    await succeed(['image-create', '--name', 'other', '--disk-format', 'raw', '--container-format', 'bare', '--visibility', 'private'])
    expect(listedNames(await succeed(['image-list']))).toEqual(['cirros-0.6', 'other'])
    expect(listedNames(await succeed(['image-list', '--tag', 'production']))).toEqual(['cirros-0.6'])
    expect(listedNames(await succeed(['image-list', '--property-filter', 'team=red']))).toEqual(['cirros-0.6'])
    expect(listedNames(await succeed(['image-list', '--visibility', 'private']))).toEqual(['other'])
    expect(listedNames(await succeed(['image-list', '--sort-key', 'name', '--sort-dir', 'desc']))).toEqual(['other', 'cirros-0.6'])
    const before = server.emulator.journal.entries().length
    expect(listedNames(await succeed(['image-list', '--page-size', '1']))).toEqual(['cirros-0.6', 'other'])
    // One image per page: glanceclient follows `next` (limit=1, then the last id as marker) page after page.
    const pages = server.emulator.journal.entries().slice(before).filter((entry) => entry.method === 'GET' && entry.url.startsWith('/v2/images?'))
    expect(pages.length).toBeGreaterThanOrEqual(2)
    for (const page of pages) expect(new URLSearchParams(page.url.split('?')[1]).get('limit')).toBe('1')
    expect(new URLSearchParams(pages[1]!.url.split('?')[1]).get('marker')).toMatch(/^[0-9a-f-]{36}$/)
    expect(listedNames(await succeed(['image-list'], 'bob-token'))).toEqual([])
    const verbose = await succeed(['--verbose', 'image-list', '--owner', 'project-alice'])
    expect(verbose).toMatch(/\| Disk_format\s+\| Container_format\s+\| Size\s+\| Status\s+\| Owner/)
  }, 60_000)

  test('image-upload of a file and image-download give back the same bytes and hashes', async () => {
    const data = seededBytes(3 * 1024 * 1024, 2463534242)
    const source = join(home, 'disk.raw')
    const target = join(home, 'downloaded.raw')
    writeFileSync(source, data)
    const id = propertyTable(await succeed(['image-create', '--name', 'disk', '--disk-format', 'raw', '--container-format', 'bare'])).get('id')!
    await succeed(['image-upload', '--file', source, id])
    const shown = propertyTable(await succeed(['image-show', id, '--max-column-width', '200']))
    expect(shown.get('status')).toBe('active')
    expect(shown.get('size')).toBe(String(data.byteLength))
    expect(shown.get('checksum')).toBe(createHash('md5').update(data).digest('hex'))
    expect(shown.get('os_hash_value')).toBe(createHash('sha512').update(data).digest('hex'))
    // glanceclient verifies the download against os_hash_value itself.
    await succeed(['image-download', '--file', target, id])
    expect(Buffer.compare(readFileSync(target), data)).toBe(0)

    const again = await glance(['image-upload', '--file', source, id])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('HTTP 409 Conflict: Image status transition from active to saving is not allowed')
  }, 60_000)

  test('image-deactivate/reactivate (admin), image-delete, and the errors a person reads', async () => {
    const source = join(home, 'small.raw')
    writeFileSync(source, 'tiny image')
    const id = propertyTable(await succeed(['image-create', '--name', 'short-lived', '--disk-format', 'raw', '--container-format', 'bare', '--file', source])).get('id')!
    expect(propertyTable(await succeed(['image-show', id])).get('status')).toBe('active')

    await succeed(['image-deactivate', id], 'admin-token')
    expect(propertyTable(await succeed(['image-show', id])).get('status')).toBe('deactivated')
    const blocked = await glance(['image-download', '--file', join(home, 'x.raw'), id])
    expect(blocked.stderr).toContain('HTTP 403 Forbidden: The requested image has been deactivated. Image data download is forbidden.')
    await succeed(['image-reactivate', id], 'admin-token')
    expect(propertyTable(await succeed(['image-show', id])).get('status')).toBe('active')

    const foreign = await glance(['image-delete', id], 'bob-token')
    expect(foreign.code).toBe(1)
    await succeed(['image-delete', id])
    const gone = await glance(['image-show', id])
    expect(gone.code).toBe(1)
    expect(gone.stderr).toContain(`HTTP 404 Not Found: No image found with ID ${id}`)

    const badToken = await glance(['image-list'], 'not-a-token')
    expect(badToken.code).toBe(1)
    expect(badToken.stderr).toContain('Invalid OpenStack Identity credentials.')
  }, 60_000)

  test('member-create and member-list', async () => {
    const id = propertyTable(await succeed(['image-create', '--name', 'to-share', '--disk-format', 'raw', '--container-format', 'bare'])).get('id')!
    expect(await succeed(['member-create', id, 'project-bob'])).toMatch(new RegExp(`\\| ${id} \\| project-bob\\s+\\| pending`))
    await succeed(['member-update', id, 'project-bob', 'accepted'], 'bob-token')
    expect(await succeed(['member-list', '--image-id', id])).toMatch(/project-bob\s+\| accepted/)
    expect(listedNames(await succeed(['image-list'], 'bob-token'))).toEqual(['to-share'])
  }, 60_000)

  test('interoperable import: import-info, stores-info, image-create-via-import with a file (glance-direct)', async () => {
    expect(await succeed(['import-info'])).toMatch(/\| import-methods \| .*"web-download", "copy-image"/s)
    const stores = await glance(['stores-info'])
    expect(stores.stderr).toContain('Multi Backend support is not enabled')
    const source = join(home, 'direct.raw')
    writeFileSync(source, 'imported through staging')
    const imported = propertyTable(
      await succeed(['image-create-via-import', '--name', 'via-import', '--disk-format', 'raw', '--container-format', 'bare', '--file', source]),
    )
    expect(imported.get('status')).toBe('active')
    expect(imported.get('size')).toBe('24')
    expect(imported.get('checksum')).toBe(createHash('md5').update('imported through staging').digest('hex'))
  }, 60_000)

  test('the standalone server answers plain fetch the same way', async () => {
    const versions = await fetch(`${server.url}/versions`)
    expect(versions.status).toBe(200)
    expect(((await versions.json()) as { versions: Array<{ links: Array<{ href: string }> }> }).versions[0]!.links[0]!.href).toBe(`${server.url}/v2/`)
    const missing = await fetch(`${server.url}/v2/images/nope`, { headers: { 'x-auth-token': 'alice-token' } })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(missing.headers.get('x-openstack-request-id')).toMatch(/^req-/)
  })
})
