// G7 show/delete and G8 PATCH with Glance's JSON-patch dialect.
import { describe, expect, test } from 'vitest'
import { glanceError, glanceHarness, type Token } from './glanceSetup.ts'
import { transports } from '../support/transports.ts'

describe.each(transports)('over %s', (transport) => {
  const g = glanceHarness({}, true, transport)
  const v21 = 'application/openstack-images-v2.1-json-patch'
  const v20 = 'application/openstack-images-v2.0-json-patch'

  function patch(id: string, changes: unknown, contentType = v21, token: Token = 'alice-token') {
    return g.call('PATCH', `/v2/images/${id}`, { token, body: JSON.stringify(changes), headers: { 'content-type': contentType } })
  }

  describe('G7 show and delete', () => {
    test('G7.1 unknown and invisible images are 404, never 403', async () => {
      const image = await g.createImage({ visibility: 'private' })
      expect(await glanceError(await g.call('GET', '/v2/images/nope'))).toEqual({ status: 404, message: 'No image found with ID nope' })
      expect(await glanceError(await g.call('GET', `/v2/images/${image.id}`, { token: 'bob-token' }))).toEqual({
        status: 404,
        message: `No image found with ID ${image.id}`,
      })
    })

    test('G7.2 delete: 204, then 404 everywhere; protected 403; foreign-but-visible 403; invisible 404', async () => {
      const image = await g.createImage()
      const response = await g.call('DELETE', `/v2/images/${image.id}`)
      expect(response.status).toBe(204)
      expect(await response.text()).toBe('')
      expect((await g.call('GET', `/v2/images/${image.id}`)).status).toBe(404)
      expect(await glanceError(await g.call('DELETE', `/v2/images/${image.id}`))).toEqual({
        status: 404,
        message: `Failed to find image ${image.id} to delete`,
      })

      const kept = await g.createImage({ protected: true })
      expect(await glanceError(await g.call('DELETE', `/v2/images/${kept.id}`))).toEqual({
        status: 403,
        message: `Image ${kept.id} is protected and cannot be deleted.`,
      })
      const community = await g.createImage({ visibility: 'community' })
      expect(await glanceError(await g.call('DELETE', `/v2/images/${community.id}`, { token: 'bob-token' }))).toEqual({
        status: 403,
        message: 'You are not authorized to complete delete_image action.',
      })
      const hidden = await g.createImage({ visibility: 'private' })
      expect((await g.call('DELETE', `/v2/images/${hidden.id}`, { token: 'bob-token' })).status).toBe(404)
    })
  })

  describe('G8 PATCH', () => {
    test('seed 001: replace min_ram, min_disk and name; updated_at follows the clock', async () => {
      const image = await g.createImage({ name: 'fake_image' })
      await g.emulator.clock.advance('90s')
      const response = await patch(image.id, [
        { path: '/min_ram', value: 512, op: 'replace' },
        { path: '/min_disk', value: 1, op: 'replace' },
        { path: '/name', value: 'fake_image1', op: 'replace' },
      ])
      expect(response.status).toBe(200)
      const updated = await response.json()
      expect(updated).toMatchObject({ min_ram: 512, min_disk: 1, name: 'fake_image1', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:01:30Z' })
    })

    test('add/replace/remove extra properties, /tags replace, v2.0 dialect', async () => {
      const image = await g.createImage({ os_distro: 'cirros' })
      let updated = await (
        await patch(image.id, [
          { op: 'add', path: '/description', value: 'test_description' },
          { op: 'replace', path: '/os_distro', value: 'others' },
          { op: 'add', path: '/tags', value: ['b', 'a', 'b'] },
        ])
      ).json()
      expect(updated).toMatchObject({ description: 'test_description', os_distro: 'others', tags: ['b', 'a'] })
      updated = await (await patch(image.id, [{ op: 'remove', path: '/description' }])).json()
      expect(updated.description).toBeUndefined()
      updated = await (await patch(image.id, [{ replace: '/name', value: 'draft4' }], v20)).json()
      expect(updated.name).toBe('draft4')
      expect(await glanceError(await patch(image.id, [{ add: '/os_distro', value: 'x' }], v20))).toEqual({
        status: 409,
        message: 'Property os_distro already present.',
      })
    })

    test('G8.1 415 for other media types, with Accept-Patch', async () => {
      const image = await g.createImage()
      const response = await patch(image.id, [], 'application/json')
      expect(response.status).toBe(415)
      expect(response.headers.get('accept-patch')).toBe(`${v20}, ${v21}`)
      const body = await response.json()
      expect(body.message).toBe('The request media type application/json is not supported by this server.\n<br /><br />\n')
    })

    test.each([
      [[{ op: 'move', path: '/name' }], 400, 'Invalid operation: `move`. It must be one of the following: add, remove, replace.'],
      [[{ op: 'add', path: '/tags/-', value: 'x' }], 400, "Invalid JSON pointer for this resource: '/tags/-'"],
      [[{ op: 'replace', path: 'name', value: 'x' }], 400, 'Pointer `name` does not start with "/".'],
      [[{ op: 'replace', path: '/name' }], 400, 'Operation "replace" requires a member named "value".'],
      [{ op: 'replace' }, 400, 'Request body must be a JSON array of operation objects.'],
      [['x'], 400, 'Operations must be JSON objects.'],
      [[{ op: 'replace', path: '/status', value: 'active' }], 403, "Attribute 'status' is read-only."],
      [[{ op: 'replace', path: '/checksum', value: 'x' }], 403, "Attribute 'checksum' is read-only."],
      [[{ op: 'add', path: '/os_glance_x', value: 'x' }], 403, "Attribute 'os_glance_x' is reserved."],
      [[{ op: 'add', path: '/deleted', value: 'x' }], 403, "Attribute 'deleted' is reserved."],
      [[{ op: 'replace', path: '/visibility', value: 'everyone' }], 400, "Provided object does not match schema 'image': 'everyone' is not one of ['community', 'public', 'private', 'shared']"],
      [[{ op: 'replace', path: '/missing', value: 'x' }], 409, 'Property missing does not exist.'],
      [[{ op: 'remove', path: '/missing' }], 409, 'Property missing does not exist.'],
      [[{ op: 'remove', path: '/name' }], 403, 'Property name may not be removed.'],
      [[{ op: 'replace', path: '/owner', value: 'project-bob' }], 403, "Owner can't be updated by non admin."],
      [[{ op: 'replace', path: '/visibility', value: 'public' }], 403, 'You are not authorized to complete publicize_image action.'],
      [[{ op: 'add', path: '/locations/-', value: { url: 'http://x', metadata: {} } }], 403, "It's not allowed to add locations if locations are invisible."],
      [[{ op: 'replace', path: '/min_disk', value: -5 }], 400, "Invalid value '-5' for parameter 'min_disk': Cannot be a negative value"],
    ])('G8.2-G8.5 %j → %i', async (changes, status, message) => {
      const image = await g.createImage({ name: 'untouched' })
      expect(await glanceError(await patch(image.id, changes))).toEqual({ status, message })
      // G8.3: any failure leaves the image untouched.
      expect((await g.ok('GET', `/v2/images/${image.id}`)).name).toBe('untouched')
    })

    test('a failing change later in the list leaves earlier changes unapplied', async () => {
      const image = await g.createImage({ name: 'before' })
      const response = await patch(image.id, [
        { op: 'replace', path: '/name', value: 'after' },
        { op: 'remove', path: '/nothing' },
      ])
      expect(response.status).toBe(409)
      expect((await g.ok('GET', `/v2/images/${image.id}`)).name).toBe('before')
    })

    test('G8.5 formats can only change while queued', async () => {
      const image = await g.createImage()
      await g.upload(image.id, 'data')
      expect(await glanceError(await patch(image.id, [{ op: 'replace', path: '/disk_format', value: 'qcow2' }]))).toEqual({
        status: 403,
        message: 'Attribute disk_format can be only replaced for a queued image.',
      })
    })

    test('G8.5 others may see a public image but not change it; admins may change owner', async () => {
      const image = await g.createImage({ visibility: 'public' }, 'admin-token')
      expect(await glanceError(await patch(image.id, [{ op: 'replace', path: '/name', value: 'x' }], v21, 'bob-token'))).toEqual({
        status: 403,
        message: 'You are not authorized to complete modify_image action.',
      })
      const moved = await (await patch(image.id, [{ op: 'replace', path: '/owner', value: 'project-bob' }], v21, 'admin-token')).json()
      expect(moved.owner).toBe('project-bob')
    })

    test('G8.6 an empty patch changes nothing, not even updated_at', async () => {
      const image = await g.createImage()
      await g.emulator.clock.advance('1m')
      expect((await (await patch(image.id, [])).json()).updated_at).toBe(image.updated_at)
    })
  })
})
