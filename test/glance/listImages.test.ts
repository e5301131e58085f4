// G6 GET /v2/images: filters of seed 001 and the spec, sorting, marker paging and links.
import { beforeEach, describe, expect, test } from 'vitest'
import { glanceError, glanceHarness } from './glanceSetup.ts'
import { transports } from '../support/transports.ts'

describe.each(transports)('over %s', (transport) => {
  const g = glanceHarness({}, true, transport)

  async function names(query: string, token: 'alice-token' | 'bob-token' | 'admin-token' = 'alice-token'): Promise<string[]> {
    const body = await g.ok<{ images: Array<{ name: string }> }>('GET', `/v2/images${query}`, { token })
    return body.images.map((image) => image.name)
  }

  // Five images a minute apart: names, formats, sizes, tags and properties to filter on.
  beforeEach(async () => {
    const specs = [
      { name: 'alpha', disk_format: 'raw', container_format: 'bare', tags: ['linux', 'small'], os_distro: 'cirros' },
      { name: 'bravo', disk_format: 'qcow2', container_format: 'bare', tags: ['linux'], protected: true },
      { name: 'charlie', disk_format: 'iso', container_format: 'ova', os_distro: 'ubuntu' },
      { name: 'delta', disk_format: 'raw', container_format: 'bare', os_hidden: true },
      { name: 'echo', disk_format: 'vmdk', container_format: 'ovf', min_ram: 512 },
    ]
    for (const spec of specs) {
      const image = await g.createImage(spec)
      if (spec.name === 'alpha') await g.upload(image.id, 'x'.repeat(10))
      if (spec.name === 'charlie') await g.upload(image.id, 'x'.repeat(1000))
      await g.emulator.clock.advance('1m')
    }
  })

  describe('G6.4 filters', () => {
    test('default: created_at desc, hidden images left out', async () => {
      expect(await names('')).toEqual(['echo', 'charlie', 'bravo', 'alpha'])
    })

    test('name, status, formats as value, eq: and in:', async () => {
      expect(await names('?name=bravo')).toEqual(['bravo'])
      expect(await names('?name=eq:bravo')).toEqual(['bravo'])
      expect(await names('?name=in:alpha,"echo"&sort_key=name&sort_dir=asc')).toEqual(['alpha', 'echo'])
      expect(await names('?status=active&sort_key=name&sort_dir=asc')).toEqual(['alpha', 'charlie'])
      expect(await names('?status=queued&disk_format=in:qcow2,vmdk&sort=name:asc')).toEqual(['bravo', 'echo'])
      expect(await names('?container_format=ova')).toEqual(['charlie'])
    })

    test('unknown operators and a name with a colon are 400, as upstream parses them', async () => {
      expect(await glanceError(await g.call('GET', '/v2/images?name=gt:alpha'))).toEqual({ status: 400, message: "Unable to filter by unknown operator 'gt'." })
      expect(await glanceError(await g.call('GET', '/v2/images?name=web:server'))).toEqual({ status: 400, message: "Unable to filter by unknown operator 'web'." })
      expect(await glanceError(await g.call('GET', '/v2/images?name=in:"a'))).toEqual({ status: 400, message: 'Invalid filter value "a. The quote is not closed.' })
    })

    test('size_min/size_max are inclusive; a non-number is 400', async () => {
      expect(await names('?size_min=10&sort=name:asc')).toEqual(['alpha', 'charlie'])
      expect(await names('?size_min=11')).toEqual(['charlie'])
      expect(await names('?size_max=10')).toEqual(['alpha'])
      expect(await glanceError(await g.call('GET', '/v2/images?size_min=big'))).toEqual({ status: 400, message: 'Unable to filter on a range with a non-numeric value.' })
    })

    test('protected and os_hidden take true/false only', async () => {
      expect(await names('?protected=true')).toEqual(['bravo'])
      expect(await names('?protected=false')).toEqual(['echo', 'charlie', 'alpha'])
      expect(await names('?os_hidden=true')).toEqual(['delta'])
      expect(await glanceError(await g.call('GET', '/v2/images?protected=yes'))).toEqual({
        status: 400,
        message: "Invalid value 'yes' for 'protected' filter. Valid values are 'true' or 'false'.",
      })
      expect((await g.call('GET', '/v2/images?os_hidden=maybe')).status).toBe(400)
    })

    test('repeated tag requires all tags; extra properties and columns match exactly', async () => {
      expect(await names('?tag=linux&sort=name:asc')).toEqual(['alpha', 'bravo'])
      expect(await names('?tag=linux&tag=small')).toEqual(['alpha'])
      expect(await names('?os_distro=ubuntu')).toEqual(['charlie'])
      expect(await names('?min_ram=512')).toEqual(['echo'])
      expect(await names('?owner=project-alice&name=alpha')).toEqual(['alpha'])
      expect(await names('?no_such_property=x')).toEqual([])
      const alpha = (await g.ok('GET', '/v2/images?name=alpha')).images[0]
      expect(await names(`?checksum=${alpha.checksum}`)).toEqual(['alpha'])
      expect(await names(`?os_hash_value=${alpha.os_hash_value}`)).toEqual(['alpha'])
    })

    test('created_at/updated_at with gt/gte/lt/lte/eq/neq and ISO 8601', async () => {
      // delta (00:03) is hidden.
      expect(await names('?created_at=gte:2026-01-01T00:03:00Z')).toEqual(['echo'])
      expect(await names('?created_at=lt:2026-01-01T00:01:00Z')).toEqual(['alpha'])
      expect(await names('?created_at=2026-01-01T00:02:00Z')).toEqual(['charlie'])
      expect(await names('?created_at=eq:2026-01-01T00:02:00Z')).toEqual(['charlie'])
      expect(await names('?created_at=neq:2026-01-01T00:02:00Z&sort=name:asc')).toEqual(['alpha', 'bravo', 'echo'])
      expect(await names('?created_at=gt:2026-01-01T01:01:00%2B01:00')).toEqual(['echo', 'charlie'])
      expect(await names('?updated_at=lte:2026-01-01T00:00:00Z')).toEqual(['alpha'])
      expect(await glanceError(await g.call('GET', '/v2/images?created_at=gt:yesterday'))).toEqual({
        status: 400,
        message: 'Bad "created_at" query filter format. Use ISO 8601 DateTime notation.',
      })
    })

    test('visibility, member_status and changes-since are validated', async () => {
      expect(await glanceError(await g.call('GET', '/v2/images?visibility=everyone'))).toEqual({ status: 400, message: 'Invalid visibility value: everyone' })
      expect(await glanceError(await g.call('GET', '/v2/images?member_status=maybe'))).toEqual({ status: 400, message: 'Invalid status: maybe' })
      // Seed 001 lists changes-since; upstream v2 refuses it.
      expect(await glanceError(await g.call('GET', '/v2/images?changes-since=2026-01-01T00:00:00Z'))).toEqual({
        status: 400,
        message: 'The "changes-since" filter is no longer available on v2.',
      })
    })
  })

  describe('G6.5 sorting', () => {
    test('sort_key/sort_dir (seed 001 request) and sort=key:dir', async () => {
      // Seed 001's example: GET /v2/images?limit=20&sort_key=name&sort_dir=asc
      expect(await names('?limit=20&sort_key=name&sort_dir=asc')).toEqual(['alpha', 'bravo', 'charlie', 'echo'])
      expect(await names('?sort_key=name')).toEqual(['echo', 'charlie', 'bravo', 'alpha'])
      expect(await names('?sort=disk_format:asc,name:desc')).toEqual(['charlie', 'bravo', 'alpha', 'echo'])
      expect(await names('?sort_key=size&sort_dir=desc&sort_key=name&sort_dir=asc')).toEqual(['charlie', 'alpha', 'bravo', 'echo'])
      // Nulls sort lowest; the one direction also applies to the created_at tie-breaker.
      expect(await names('?sort_key=size&sort_dir=asc')).toEqual(['bravo', 'echo', 'alpha', 'charlie'])
    })

    test('sort errors', async () => {
      expect(await glanceError(await g.call('GET', '/v2/images?sort_key=owner'))).toEqual({
        status: 400,
        message: 'Invalid sort key: owner. It must be one of the following: name, status, container_format, disk_format, size, id, created_at, updated_at.',
      })
      expect(await glanceError(await g.call('GET', '/v2/images?sort_dir=up'))).toEqual({ status: 400, message: 'Invalid sort direction: up' })
      expect(await glanceError(await g.call('GET', '/v2/images?sort=name&sort_key=name'))).toEqual({ status: 400, message: 'Old and new sorting syntax cannot be combined' })
      expect(await glanceError(await g.call('GET', '/v2/images?sort_key=name&sort_key=size&sort_key=id&sort_dir=asc&sort_dir=desc'))).toEqual({
        status: 400,
        message: 'Number of sort dirs does not match the number of sort keys',
      })
    })
  })

  describe('G6.1-G6.2 paging', () => {
    test('limit/marker pages with first and next links; next whenever the page is full', async () => {
      const page1 = await g.ok('GET', '/v2/images?limit=2&sort_key=name&sort_dir=asc')
      expect(page1.images.map((i: { name: string }) => i.name)).toEqual(['alpha', 'bravo'])
      expect(page1.first).toBe('/v2/images?limit=2&sort_key=name&sort_dir=asc')
      expect(page1.schema).toBe('/v2/schemas/images')
      const bravoId = page1.images[1].id
      expect(page1.next).toBe(`/v2/images?limit=2&sort_key=name&sort_dir=asc&marker=${bravoId}`)
      const page2 = await g.ok('GET', page1.next)
      expect(page2.images.map((i: { name: string }) => i.name)).toEqual(['charlie', 'echo'])
      expect(page2.first).toBe('/v2/images?limit=2&sort_key=name&sort_dir=asc')
      const page3 = await g.ok('GET', page2.next)
      expect(page3.images).toEqual([])
      expect(page3.next).toBeUndefined()
    })

    test('links repeat the query the way Python urlencode writes it', async () => {
      const body = await g.ok('GET', '/v2/images?name=in:alpha,bravo&limit=1')
      expect(body.first).toBe('/v2/images?name=in%3Aalpha%2Cbravo&limit=1')
      expect(body.next).toMatch(/^\/v2\/images\?name=in%3Aalpha%2Cbravo&limit=1&marker=/)
      expect((await g.ok('GET', '/v2/images')).first).toBe('/v2/images')
    })

    test('limit: default 25, max 1000, integers only', async () => {
      for (let i = 0; i < 25; i++) await g.createImage({ name: `bulk-${String(i).padStart(2, '0')}` })
      const page = await g.ok('GET', '/v2/images')
      expect(page.images).toHaveLength(25)
      expect(page.next).toBeDefined()
      expect((await g.ok('GET', '/v2/images?limit=5000')).images).toHaveLength(29)
      expect(await glanceError(await g.call('GET', '/v2/images?limit=ten'))).toEqual({ status: 400, message: 'limit param must be an integer' })
      expect(await glanceError(await g.call('GET', '/v2/images?limit=-1'))).toEqual({ status: 400, message: 'limit param must be positive' })
    })

    test('a bad marker is 400; a marker the caller cannot see is 403', async () => {
      expect(await glanceError(await g.call('GET', '/v2/images?marker=nope'))).toEqual({ status: 400, message: 'No image found with ID nope' })
      const secret = await g.createImage({ visibility: 'private' })
      expect((await g.call('GET', `/v2/images?marker=${secret.id}`, { token: 'bob-token' })).status).toBe(403)
    })
  })
})
