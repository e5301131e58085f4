// G13 members and G6.3/G7.1 visibility: what each project sees of public, private, shared and
// community images.
import { describe, expect, test } from 'vitest'
import { glanceError, glanceHarness, type Token } from './glanceSetup.ts'
import { transports } from '../support/transports.ts'

describe.each(transports)('over %s', (transport) => {
  const g = glanceHarness({}, true, transport)

  async function listedNames(token: Token, query = ''): Promise<string[]> {
    const body = await g.ok<{ images: Array<{ name: string }> }>('GET', `/v2/images?sort=name:asc${query}`, { token })
    return body.images.map((i) => i.name)
  }

  describe('G13 members', () => {
    test('owner adds a member (pending); the member accepts; both see the membership', async () => {
      const image = await g.createImage({ name: 'shared-one' })
      const created = await g.call('POST', `/v2/images/${image.id}/members`, { json: { member: 'project-bob' } })
      expect(created.status).toBe(200)
      expect(await created.json()).toEqual({
        member_id: 'project-bob',
        image_id: image.id,
        status: 'pending',
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
        schema: '/v2/schemas/member',
      })
      // G13.5: a pending member can already see the image, but it is not in its default list.
      expect((await g.ok('GET', `/v2/images/${image.id}`, { token: 'bob-token' })).name).toBe('shared-one')
      expect(await listedNames('bob-token')).toEqual([])
      expect(await listedNames('bob-token', '&member_status=pending')).toEqual(['shared-one'])

      expect(await glanceError(await g.call('PUT', `/v2/images/${image.id}/members/project-bob`, { json: { status: 'accepted' } }))).toEqual({
        status: 403,
        message: 'You are not authorized to complete modify_member action.',
      })
      await g.emulator.clock.advance('10s')
      const accepted = await g.ok('PUT', `/v2/images/${image.id}/members/project-bob`, { token: 'bob-token', json: { status: 'accepted' } })
      expect(accepted).toMatchObject({ status: 'accepted', updated_at: '2026-01-01T00:00:10Z' })
      expect(await listedNames('bob-token')).toEqual(['shared-one'])
      expect(await listedNames('bob-token', '&member_status=all')).toEqual(['shared-one'])

      await g.ok('POST', `/v2/images/${image.id}/members`, { json: { member: 'project-carol' } })
      const ownerView = await g.ok('GET', `/v2/images/${image.id}/members`)
      expect(ownerView.schema).toBe('/v2/schemas/members')
      expect(ownerView.members.map((m: { member_id: string }) => m.member_id)).toEqual(['project-bob', 'project-carol'])
      const bobView = await g.ok('GET', `/v2/images/${image.id}/members`, { token: 'bob-token' })
      expect(bobView.members.map((m: { member_id: string }) => m.member_id)).toEqual(['project-bob'])
      expect((await g.ok('GET', `/v2/images/${image.id}/members/project-bob`, { token: 'bob-token' })).status).toBe('accepted')
      expect((await g.call('GET', `/v2/images/${image.id}/members/project-carol`, { token: 'bob-token' })).status).toBe(404)

      // Rejected: hidden from the default list again.
      await g.ok('PUT', `/v2/images/${image.id}/members/project-bob`, { token: 'bob-token', json: { status: 'rejected' } })
      expect(await listedNames('bob-token')).toEqual([])
      expect(await listedNames('bob-token', '&member_status=rejected')).toEqual(['shared-one'])

      expect((await g.call('DELETE', `/v2/images/${image.id}/members/project-bob`, { token: 'bob-token' })).status).toBe(403)
      expect((await g.call('DELETE', `/v2/images/${image.id}/members/project-bob`)).status).toBe(204)
      expect((await g.call('GET', `/v2/images/${image.id}`, { token: 'bob-token' })).status).toBe(404)
    })

    test('G13.2-G13.4 refusals', async () => {
      const shared = await g.createImage()
      const addMember = (id: string, body: unknown, token: Token = 'alice-token') => g.call('POST', `/v2/images/${id}/members`, { token, json: body })
      expect(await glanceError(await addMember(shared.id, {}))).toEqual({ status: 400, message: 'Member to be added not specified' })
      expect(await glanceError(await addMember(shared.id, { member: '' }))).toEqual({ status: 400, message: "Member can't be empty" })
      await addMember(shared.id, { member: 'project-bob' })
      expect(await glanceError(await addMember(shared.id, { member: 'project-bob' }))).toEqual({
        status: 409,
        message: `Member project-bob is duplicated for image ${shared.id}`,
      })
      expect(await glanceError(await addMember(shared.id, { member: 'project-carol' }, 'bob-token'))).toEqual({
        status: 403,
        message: 'You are not authorized to complete add_member action.',
      })
      const privateImage = await g.createImage({ visibility: 'private' })
      expect(await glanceError(await addMember(privateImage.id, { member: 'project-bob' }))).toEqual({
        status: 403,
        message: `Not allowed to create members for image ${privateImage.id}.`,
      })
      expect(await glanceError(await g.call('GET', `/v2/images/${privateImage.id}/members`))).toEqual({ status: 403, message: 'Only shared images have members.' })
      expect(await glanceError(await addMember('nope', { member: 'x' }))).toEqual({ status: 404, message: 'Image nope not found.' })
      expect(await glanceError(await g.call('PUT', `/v2/images/${shared.id}/members/project-bob`, { token: 'bob-token', json: { status: 'maybe' } }))).toEqual({
        status: 400,
        message: 'Incorrect request: Status must be "pending", "accepted" or "rejected".',
      })
      expect(await glanceError(await g.call('GET', `/v2/images/${shared.id}/members/project-zed`))).toEqual({
        status: 404,
        message: `project-zed not found in the member list of the image ${shared.id}.`,
      })
    })
  })

  describe('G6.3 visibility', () => {
    test('who lists and shows public, private, shared and community images', async () => {
      await g.createImage({ name: 'alice-private', visibility: 'private' })
      await g.createImage({ name: 'alice-shared' })
      await g.createImage({ name: 'alice-community', visibility: 'community' })
      await g.createImage({ name: 'public', visibility: 'public' }, 'admin-token')
      const bobs = await g.createImage({ name: 'bob-private', visibility: 'private' }, 'bob-token')

      expect(await listedNames('alice-token')).toEqual(['alice-community', 'alice-private', 'alice-shared', 'public'])
      expect(await listedNames('bob-token')).toEqual(['bob-private', 'public'])
      expect(await listedNames('bob-token', '&visibility=community')).toEqual(['alice-community'])
      expect(await listedNames('bob-token', '&visibility=all')).toEqual(['alice-community', 'bob-private', 'public'])
      expect(await listedNames('alice-token', '&visibility=private')).toEqual(['alice-private'])
      // Admins see everything but others' community images, unless asked.
      expect(await listedNames('admin-token')).toEqual(['alice-private', 'alice-shared', 'bob-private', 'public'])
      expect(await listedNames('admin-token', '&visibility=all')).toEqual(['alice-community', 'alice-private', 'alice-shared', 'bob-private', 'public'])
      expect((await g.call('GET', `/v2/images/${bobs.id}`, { token: 'alice-token' })).status).toBe(404)
      expect((await g.call('GET', `/v2/images/${bobs.id}`, { token: 'admin-token' })).status).toBe(200)
    })
  })
})
