// G1 version discovery and G4 schemas: the documents python-glanceclient downloads.
import { describe, expect, test } from 'vitest'
import { glanceHarness } from './glanceSetup.ts'
import { transports } from '../support/transports.ts'

describe.each(transports)('over %s', (transport) => {
  const g = glanceHarness({}, true, transport)

  describe('G1 versions', () => {
    test('G1.1 GET / answers 300 and GET /versions 200 with the versions document, without a token', async () => {
      const root = await g.call('GET', '/', { token: null })
      expect(root.status).toBe(300)
      expect(root.headers.get('content-type')).toBe('application/json')
      const versions = await g.call('GET', '/versions', { token: null })
      expect(versions.status).toBe(200)
      const body = (await versions.json()) as { versions: Array<{ id: string; status: string; links: unknown[] }> }
      expect(body.versions.map((v) => v.id)).toEqual(['v2.15', 'v2.9', 'v2.17', 'v2.7', 'v2.6', 'v2.5', 'v2.4', 'v2.3', 'v2.2', 'v2.1', 'v2.0'])
      expect(body.versions.find((v) => v.status === 'CURRENT')?.id).toBe('v2.17')
      expect(body.versions[0]!.links).toEqual([{ rel: 'self', href: `${g.base}/v2/` }])
      expect(await root.json()).toEqual(body)
    })

    test('G1.1 unknown version prefixes get the 300 document too', async () => {
      for (const path of ['/v3/images', '/v2.8/images', '/v1/images']) {
        const response = await g.call('GET', path, { token: null })
        expect(response.status, path).toBe(300)
      }
    })

    test('G1.3 /v2.N/ for every advertised N reaches the same API', async () => {
      const image = await g.createImage({ name: 'versioned' })
      for (const prefix of ['/v2', '/v2.0', '/v2.9', '/v2.17']) {
        const shown = await g.ok('GET', `${prefix}/images/${image.id}`)
        expect(shown.name).toBe('versioned')
      }
    })

    test('the body is written the way Python json.dumps writes it', async () => {
      const text = await (await g.call('GET', '/versions', { token: null })).text()
      expect(text.startsWith(`{"versions": [{"id": "v2.15", "status": "SUPPORTED", "links": [{"rel": "self", "href": "${g.base}/v2/"}]}`)).toBe(true)
    })
  })

  describe('G4 schemas', () => {
    test('G4.3 the image schema: core properties, schema-image.json extras with is_base false, string extras, links', async () => {
      const schema = await g.ok('GET', '/v2/schemas/image')
      expect(schema.name).toBe('image')
      expect(schema.additionalProperties).toEqual({ type: 'string' })
      expect(schema.links).toEqual([
        { rel: 'self', href: '{self}' },
        { rel: 'enclosure', href: '{file}' },
        { rel: 'describedby', href: '{schema}' },
      ])
      const p = schema.properties
      expect(p.visibility.enum).toEqual(['community', 'public', 'private', 'shared'])
      expect(p.status.readOnly).toBe(true)
      expect(p.name).toEqual({ type: ['null', 'string'], description: 'Descriptive name for the image', maxLength: 255 })
      expect(p.os_hash_value.maxLength).toBe(128)
      expect(p.container_format.enum).toEqual([null, 'ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'])
      expect(p.disk_format.enum).toEqual([null, 'ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'])
      expect(p.tags.items).toEqual({ type: 'string', maxLength: 255 })
      for (const extra of ['kernel_id', 'ramdisk_id', 'instance_uuid', 'architecture', 'os_distro', 'os_version', 'description', 'cinder_encryption_key_id', 'cinder_encryption_key_deletion_policy']) {
        expect(p[extra].is_base, extra).toBe(false)
      }
      expect(p.cinder_encryption_key_deletion_policy.enum).toEqual(['on_image_deletion', 'do_not_delete'])
      // glanceclient 4.x makes a flag of every property: `stores` would clash with its own --stores.
      expect(p.stores).toBeUndefined()
    })

    test('G4.5 the images schema wraps the image schema with first/next/schema', async () => {
      const [images, image] = await Promise.all([g.ok('GET', '/v2/schemas/images'), g.ok('GET', '/v2/schemas/image')])
      expect(images.name).toBe('images')
      expect(images.properties.images).toEqual({ type: 'array', items: image })
      expect(Object.keys(images.properties)).toEqual(['images', 'first', 'next', 'schema'])
      expect(images.links.map((l: { rel: string }) => l.rel)).toEqual(['first', 'next', 'describedby'])
    })

    test('G4.6 member and members schemas (minimal: no additionalProperties, no links on member)', async () => {
      const member = await g.ok('GET', '/v2/schemas/member')
      expect(member.name).toBe('member')
      expect(Object.keys(member.properties)).toEqual(['member_id', 'image_id', 'created_at', 'updated_at', 'status', 'schema'])
      expect(member.properties.status.enum).toEqual(['pending', 'accepted', 'rejected'])
      expect(member.additionalProperties).toBeUndefined()
      expect(member.links).toBeUndefined()
      const members = await g.ok('GET', '/v2/schemas/members')
      expect(members.properties.members.items).toEqual(member)
      expect(members.links).toEqual([{ rel: 'describedby', href: '{schema}' }])
    })

    test('G4.7 the metadef schemas glanceclient caches are served', async () => {
      expect((await g.ok('GET', '/v2/schemas/metadefs/namespace')).name).toBe('namespace')
      expect((await g.ok('GET', '/v2/schemas/metadefs/resource_type')).name).toBe('resource_type_association')
      expect((await g.call('GET', '/v2/schemas/nothing')).status).toBe(404)
    })

    test('G2.1 schemas need a token', async () => {
      expect((await g.call('GET', '/v2/schemas/image', { token: null })).status).toBe(401)
    })
  })
})
