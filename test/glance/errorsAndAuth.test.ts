// G2 authentication and request ids, G3 error bodies as WebOb renders them, G1.6 routing errors.
import { describe, expect, test } from 'vitest'
import { glanceHarness } from './glanceSetup.ts'
import { transports } from '../support/transports.ts'

describe.each(transports)('over %s', (transport) => {
  const g = glanceHarness({}, true, transport)

  describe('G2 authentication', () => {
    test('G2.2 no or unknown token → 401 JSON with WWW-Authenticate, whatever Accept says', async () => {
      for (const token of [null, 'nobody'] as const) {
        const response = await g.call('GET', '/v2/images', { token: token as never, headers: { accept: '*/*' } })
        expect(response.status).toBe(401)
        expect(response.headers.get('content-type')).toBe('application/json')
        expect(response.headers.get('www-authenticate')).toBe('Keystone uri="http://keystone.test/identity"')
        expect(await response.text()).toBe(
          '{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}',
        )
      }
    })

    test('G2.3 every response carries x-openstack-request-id; seeded, or echoed from the client', async () => {
      const first = await g.call('GET', '/v2/images')
      expect(first.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      for (const response of [await g.call('GET', '/versions', { token: null }), await g.call('GET', '/v2/images', { token: null }), await g.call('GET', '/v2/images/nope')]) {
        expect(response.headers.get('x-openstack-request-id')).toMatch(/^req-/)
      }
      const echoed = await g.call('GET', '/v2/images', { headers: { 'x-openstack-request-id': 'abc-123' } })
      expect(echoed.headers.get('x-openstack-request-id')).toBe('req-abc-123')
      const tooLong = await g.call('GET', '/v2/images', { headers: { 'x-openstack-request-id': 'x'.repeat(65) } })
      expect(tooLong.status).toBe(431)
      await g.emulator.reset()
      const again = await g.call('GET', '/v2/images')
      expect(again.headers.get('x-openstack-request-id')).toBe(first.headers.get('x-openstack-request-id'))
    })
  })

  describe('G3 error formats', () => {
    test('G3.1 Accept */* (glanceclient, curl) → HTML with the message escaped', async () => {
      const image = await g.createImage()
      const response = await g.call('POST', '/v2/images', { headers: { accept: '*/*' }, json: { id: image.id } })
      expect(response.status).toBe(409)
      expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8')
      expect(await response.text()).toBe(
        `<html>\n <head>\n  <title>409 Conflict</title>\n </head>\n <body>\n  <h1>409 Conflict</h1>\n  Image ID ${image.id} already exists!<br /><br />\n\n\n\n </body>\n</html>`,
      )
      const quoted = await g.call('POST', '/v2/images', { headers: { accept: '*/*' }, json: { status: 'active' } })
      expect(await quoted.text()).toContain('Attribute &#x27;status&#x27; is read-only.<br /><br />')
    })

    test('G3.2 application/json → WebOb JSON; a tie with */* goes to HTML', async () => {
      const json = await g.call('GET', '/v2/images/nope', { headers: { accept: 'application/json' } })
      expect(json.headers.get('content-type')).toBe('application/json')
      expect(await json.text()).toBe('{"message": "No image found with ID nope<br /><br />\\n\\n\\n", "code": "404 Not Found", "title": "Not Found"}')
      const tie = await g.call('GET', '/v2/images/nope', { headers: { accept: 'application/json, */*' } })
      expect(tie.headers.get('content-type')).toBe('text/html; charset=UTF-8')
      const preferred = await g.call('GET', '/v2/images/nope', { headers: { accept: 'application/json, text/html;q=0.5' } })
      expect(preferred.headers.get('content-type')).toBe('application/json')
    })

    test('G3.3 no Accept → text/plain', async () => {
      const response = await g.emulator.dispatch(new Request('http://glance.test/v2/images/nope', { headers: { 'x-auth-token': 'alice-token' } }))
      expect(response.headers.get('content-type')).toBe('text/plain; charset=UTF-8')
      expect(await response.text()).toBe('404 Not Found\n\nNo image found with ID nope\n\n   ')
    })
  })

  describe('G1.6 routing', () => {
    test('wrong method → 405 with Allow; unknown path → 404', async () => {
      const image = await g.createImage()
      const response = await g.call('POST', `/v2/images/${image.id}`)
      expect(response.status).toBe(405)
      expect(response.headers.get('allow')).toBe('GET, PATCH, DELETE')
      expect((await response.json()).message).toBe('The method POST is not allowed for this resource. <br /><br />\n')
      expect((await g.call('DELETE', '/v2/images')).headers.get('allow')).toBe('GET, POST')
      const missing = await g.call('GET', '/v2/things')
      expect(missing.status).toBe(404)
      expect((await missing.json()).message).toBe('The resource could not be found.<br /><br />\n\n\n')
    })

    test('a body on show, delete, tag, action or file GET routes → 400', async () => {
      const image = await g.createImage()
      for (const [method, path] of [
        ['DELETE', `/v2/images/${image.id}`],
        ['PUT', `/v2/images/${image.id}/tags/x`],
        ['POST', `/v2/images/${image.id}/actions/deactivate`],
      ]) {
        const response = await g.call(method!, path!, { body: 'unexpected' })
        expect(response.status, `${method} ${path}`).toBe(400)
        expect((await response.json()).message).toBe('A body is not expected with this request.<br /><br />\n\n\n')
      }
    })

    test('G1.5 Content-Type: application/octet-stream on GET and DELETE is ignored', async () => {
      const image = await g.createImage()
      const headers = { 'content-type': 'application/octet-stream' }
      expect((await g.call('GET', `/v2/images/${image.id}`, { headers })).status).toBe(200)
      expect((await g.call('DELETE', `/v2/images/${image.id}`, { headers })).status).toBe(204)
    })
  })
})
