// G17 fixtures from seed 001: fixtures/glance-images.json, served as Glance would show them.
import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import type { GlanceFixture } from '../../src/glance/fixtures.ts'
import { glanceHarness, tokens } from './glanceSetup.ts'
import { transports } from '../support/transports.ts'

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/glance-images.json', import.meta.url), 'utf8')) as GlanceFixture
const seedOwner = '3a9a3a792b024d509d3852022b9f8436'
describe.each(transports)('over %s', (transport) => {
  const g = glanceHarness({
    auth: { tokens: { ...tokens, 'seed-admin': { user: 'admin', project: seedOwner, admin: true }, 'seed-member': { user: 'member', project: seedOwner } } },
    glance: { fixtures: [fixture] },
  }, true, transport)

  describe('G17 seed 001 fixtures', () => {
    test('both images are shown exactly as the seed and upstream serialize them', async () => {
      for (const expected of fixture.images) {
        const response = await fetch(`${g.base}/v2/images/${expected.id}`, { headers: { 'x-auth-token': 'seed-member' } })
        expect(response.status).toBe(200)
        const text = await response.text()
        expect(JSON.parse(text)).toEqual(expected)
        // Upstream's serializer order: extra properties, then name ... schema.
        expect(Object.keys(JSON.parse(text))).toEqual(Object.keys(expected))
      }
    })

    test("the patched image's data is 528 zero bytes whose hashes match the sample", async () => {
      const response = await fetch(`${g.base}/v2/images/6ff0eaa6-a444-441b-b769-78099d06f985/file`, { headers: { 'x-auth-token': 'seed-member' } })
      const bytes = new Uint8Array(await response.arrayBuffer())
      expect(bytes).toEqual(new Uint8Array(528))
      expect(response.headers.get('content-md5')).toBe('9514014b584e9f64861edce0cc3440d7')
      expect(createHash('sha512').update(bytes).digest('hex')).toBe(fixture.images[1]!.os_hash_value)
    })

    test('seed 001 DELETE sample: the image goes, and stays gone; reset brings the fixtures back', async () => {
      const del = await fetch(`${g.base}/v2/images/6ff0eaa6-a444-441b-b769-78099d06f985`, { method: 'DELETE', headers: { 'x-auth-token': 'seed-member' } })
      expect(del.status).toBe(204)
      expect((await fetch(`${g.base}/v2/images/6ff0eaa6-a444-441b-b769-78099d06f985`, { headers: { 'x-auth-token': 'seed-member' } })).status).toBe(404)
      await g.emulator.reset()
      expect((await fetch(`${g.base}/v2/images/6ff0eaa6-a444-441b-b769-78099d06f985`, { headers: { 'x-auth-token': 'seed-member' } })).status).toBe(200)
    })

    test('another project sees the public image only', async () => {
      const listed = (await g.ok('GET', '/v2/images', { token: 'bob-token' })) as { images: Array<{ name: string }> }
      expect(listed.images.map((i) => i.name)).toEqual(['fake_image'])
    })
  })

  describe('fixtures through createEmulator({ fixtures })', () => {
    test('a Glance fixture document given to the emulator is loaded by the Glance module', async () => {
      const { createEmulator } = await import('../../src/emulator.ts')
      const emulator = createEmulator({ fixtures: [fixture] })
      const response = await emulator.dispatch(new Request('http://glance.test/v2/images?sort=name:asc'))
      const body = (await response.json()) as { images: Array<{ name: string }> }
      expect(body.images.map((i) => i.name)).toEqual(['fake_image', 'fake_image1'])
      await emulator.reset()
      const again = (await (await emulator.dispatch(new Request('http://glance.test/v2/images'))).json()) as { images: unknown[] }
      expect(again.images).toHaveLength(2)
      emulator.dispose()
    })
  })
})
