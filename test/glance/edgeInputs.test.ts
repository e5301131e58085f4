// Glance inputs at the edges, answered as Glance answers them and never stored half-right: property
// names past the 255 characters image_properties.name holds, members that are not project ids, and
// path segments that are not valid percent-encoded UTF-8 (decoded as Python's unquote decodes them).
import { describe, expect, test } from 'vitest'
import { glanceError, glanceHarness } from './glanceSetup.ts'
import { transports } from '../support/transports.ts'

const patchType = 'application/openstack-images-v2.1-json-patch'

describe.each(transports)('Glance edge inputs over %s', (transport) => {
  const g = glanceHarness({}, true, transport)

  test('PATCH adding a property named with more than 255 characters is 400, as create answers; 255 is stored', async () => {
    const image = await g.createImage()
    const add = (name: string) => g.call('PATCH', `/v2/images/${image.id}`, { json: [{ op: 'add', path: `/${name}`, value: 'v' }], headers: { 'content-type': patchType } })
    for (const length of [256, 10_000]) {
      expect(await glanceError(await add('k'.repeat(length)))).toEqual({ status: 400, message: 'Custom property should not be greater than 255 characters.' })
    }
    const shown = await g.ok('GET', `/v2/images/${image.id}`)
    expect(Object.keys(shown).filter((key) => key.startsWith('kk'))).toEqual([])
    const stored = await add('k'.repeat(255))
    expect(stored.status).toBe(200)
    expect((await stored.json())['k'.repeat(255)]).toBe('v')
  })

  test('a member that is an object or a list is 400 with the form Glance expects; a number is its digits', async () => {
    const image = await g.createImage({ visibility: 'shared' })
    const add = (json: unknown) => g.call('POST', `/v2/images/${image.id}/members`, { json })
    const expected = { status: 400, message: 'Expected a member in the form: {"member": "image_id"}' }
    for (const body of [{ member: { id: 'project-bob' } }, { member: ['project-bob'] }, { member: true }, ['project-bob'], 'project-bob']) {
      expect(await glanceError(await add(body)), JSON.stringify(body)).toEqual(expected)
    }
    expect(await glanceError(await add({ other: 1 }))).toEqual({ status: 400, message: 'Member to be added not specified' })
    expect(await glanceError(await add({ member: '' }))).toEqual({ status: 400, message: "Member can't be empty" })
    expect((await g.ok('GET', `/v2/images/${image.id}/members`)).members).toEqual([])
    expect((await g.ok('POST', `/v2/images/${image.id}/members`, { json: { member: 12345 } })).member_id).toBe('12345')
  })

  test('a tag with an invalid percent-escape is decoded as Python unquotes it: U+FFFD for the bytes, the stray % kept', async () => {
    const image = await g.createImage()
    expect((await g.call('PUT', `/v2/images/${image.id}/tags/%E0%A4%A`)).status).toBe(204)
    expect((await g.call('PUT', `/v2/images/${image.id}/tags/caf%C3%A9`)).status).toBe(204)
    expect((await g.ok('GET', `/v2/images/${image.id}`)).tags.sort()).toEqual(['café', '\uFFFD%A'])
    // The same text names it for removal, however it is escaped.
    expect((await g.call('DELETE', `/v2/images/${image.id}/tags/%EF%BF%BD%25A`)).status).toBe(204)
    expect((await g.ok('GET', `/v2/images/${image.id}`)).tags).toEqual(['café'])
  })

  test('an image id that is not valid UTF-8 is a 404 naming the id as Glance decoded it', async () => {
    expect(await glanceError(await g.call('GET', '/v2/images/%E0%A4%A'))).toEqual({ status: 404, message: 'No image found with ID \uFFFD%A' })
  })
})
