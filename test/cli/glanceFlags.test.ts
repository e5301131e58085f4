// `image-api-emulator serve` with the Glance deployment flags: --glance-stores, --glance-locations,
// --glance-image-cache and --web-download <uri>=<file> reach the served Glance; bad values are refused
// before anything listens (exit 2, one line).
import { afterEach, describe, expect, test } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { killAll, runCli, startCli } from './cliProcess.ts'

afterEach(() => killAll())

const disk = join(mkdtempSync(join(tmpdir(), 'glance-flags-')), 'disk.raw')
writeFileSync(disk, 'served from a file')
const uri = 'http://images.example/disk.raw?v=1'

describe('serve with Glance deployment flags', () => {
  test('stores, locations, the cache API and a web-download URL from a file', async () => {
    const cli = startCli(['serve', '--port', '0', '--clock', 'manual', '--glance-stores', 'fast,cheap,web:http', '--glance-locations', '--glance-image-cache', '--glance-import-methods', 'web-download,glance-download', '--web-download', `${uri}=${disk}`])
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/)
    await cli.waitFor(/current-context: image-api-emulator\n/)
    const call = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } })
      const text = await response.text()
      return { status: response.status, body: text ? JSON.parse(text) : undefined }
    }
    expect((await call('/v2/info/stores')).body).toEqual({ stores: [{ id: 'fast', default: 'true' }, { id: 'cheap' }, { id: 'web', 'read-only': 'true' }] })
    expect((await call('/versions')).body.versions[0]).toMatchObject({ id: 'v2.18', status: 'CURRENT' })
    expect((await call('/v2/cache')).status).toBe(200)
    expect((await call('/v2/info/import')).body['import-methods'].value).toEqual(['web-download', 'glance-download'])
    const image = (await call('/v2/images', { method: 'POST', body: JSON.stringify({ disk_format: 'raw', container_format: 'bare' }) })).body
    expect(image.locations).toEqual([])
    expect((await call(`/v2/images/${image.id}/import`, { method: 'POST', body: JSON.stringify({ method: { name: 'web-download', uri }, all_stores: true }) })).status).toBe(202)
    expect((await call(`/v2/images/${image.id}`)).body).toMatchObject({ status: 'active', size: 18, stores: 'fast,cheap' })
  })

  test('bad Glance flags exit 2 with one line', async () => {
    const cases: Array<[string[], string]> = [
      [['serve', '--web-download', 'no-equals-sign'], '--web-download takes <http(s) uri>=<file>, got "no-equals-sign"'],
      [['serve', '--web-download', 'ftp://x.example/a=./f'], '--web-download takes <http(s) uri>=<file>, got "ftp://x.example/a=./f"'],
      [['serve', '--web-download', 'http://x.example/a=./missing.raw'], '--web-download ./missing.raw: no such file'],
      [['serve', '--glance-stores', 'a b'], '--glance-stores takes comma-separated store ids (letters, digits, _ and -), got "a b"'],
      [['serve', '--glance-import-methods', 'glance-direct,ftp'], '--glance-import-methods takes some of glance-direct, web-download, copy-image, glance-download, got "ftp"'],
    ]
    for (const [args, message] of cases) {
      const result = await runCli(args)
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 2, stderr: `image-api-emulator: ${message}\nRun 'image-api-emulator --help' for the options.\n` })
    }
  })
})
