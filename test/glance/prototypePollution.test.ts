// User-chosen property names never reach Object.prototype: "__proto__", "constructor" and
// "prototype" are ordinary extra properties, in create bodies, PATCH paths and list filters.
import { afterEach, describe, expect, test } from 'vitest'
import { glanceHarness } from './glanceSetup.ts'
import { transports } from '../support/transports.ts'

describe.each(transports)('over %s', (transport) => {
  const g = glanceHarness({}, true, transport)
  const v21 = { 'content-type': 'application/openstack-images-v2.1-json-patch' }

  afterEach(() => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false)
  })

  describe('prototype pollution', () => {
    test('create with __proto__, constructor and prototype as extra properties', async () => {
      const body = '{"name":"p","__proto__":"polluted","constructor":"c","prototype":"x"}'
      const response = await g.call('POST', '/v2/images', { body, headers: { 'content-type': 'application/json' } })
      expect(response.status).toBe(201)
      const text = await response.text()
      expect(text).toContain('"__proto__": "polluted"')
      const image = JSON.parse(text)
      expect(Object.hasOwn(image, '__proto__')).toBe(true)
      expect(image.constructor).toBe('c')
      const listed = await g.call('GET', '/v2/images?__proto__=polluted&constructor=c')
      expect(((await listed.json()) as { images: unknown[] }).images).toHaveLength(1)
      expect(((await (await g.call('GET', '/v2/images?constructor=Object')).json()) as { images: unknown[] }).images).toHaveLength(0)
    })

    test('PATCH add/replace/remove on __proto__ and constructor paths', async () => {
      const image = await g.createImage()
      const patch = (changes: unknown) => g.call('PATCH', `/v2/images/${image.id}`, { body: JSON.stringify(changes), headers: v21 })
      // A missing "constructor" is missing, even though every plain object inherits one.
      expect((await patch([{ op: 'replace', path: '/constructor', value: 'x' }])).status).toBe(409)
      expect((await patch([{ op: 'remove', path: '/__proto__' }])).status).toBe(409)
      const added = await (await patch([
        { op: 'add', path: '/__proto__', value: 'polluted' },
        { op: 'add', path: '/constructor', value: 'c' },
      ])).text()
      expect(added).toContain('"__proto__": "polluted"')
      expect((await patch([{ op: 'replace', path: '/__proto__', value: 'again' }])).status).toBe(200)
      expect((await patch([{ op: 'remove', path: '/__proto__' }, { op: 'remove', path: '/constructor' }])).status).toBe(200)
      const shown = await g.ok('GET', `/v2/images/${image.id}`)
      expect(Object.hasOwn(shown, '__proto__')).toBe(false)
      expect(Object.hasOwn(shown, 'constructor')).toBe(false)
      // A value object under __proto__ is a schema error (extra properties are strings), not a prototype.
      expect((await patch([{ op: 'add', path: '/__proto__', value: { polluted: 'yes' } }])).status).toBe(400)
    })

    test('members and tags named like prototype keys stay ordinary strings', async () => {
      const image = await g.createImage()
      expect((await g.call('POST', `/v2/images/${image.id}/members`, { json: { member: '__proto__' } })).status).toBe(200)
      expect((await g.call('PUT', `/v2/images/${image.id}/tags/__proto__`)).status).toBe(204)
      expect((await g.ok('GET', `/v2/images/${image.id}`)).tags).toEqual(['__proto__'])
    })
  })
})
