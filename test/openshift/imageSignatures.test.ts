// OpenShift `imagesignatures` (IMG-10): a kind without objects of its own. POST adds a signature to the
// Image its name names, DELETE removes it; each is one Image update that watchers of images see.
import { describe, expect, test } from 'vitest'
import { readEvents, readJson, transports, useEmulator } from '../support/transports.ts'

const images = '/apis/image.openshift.io/v1/images'
const signatures = '/apis/image.openshift.io/v1/imagesignatures'
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`
const content = btoa('signed by the release key')

function signature(name: string, extra: Record<string, unknown> = {}) {
  return { kind: 'ImageSignature', apiVersion: 'image.openshift.io/v1', metadata: { name }, type: 'AtomicImageV1', content, ...extra }
}

describe.each(transports)('OpenShift imagesignatures over %s', (transport) => {
  const h = useEmulator(transport)
  const call = (path: string, init: RequestInit = {}) => fetch(`${h.base}${path}`, init)
  const post = (path: string, body: unknown) => call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const createImage = async (name: string) => {
    const response = await post(images, { kind: 'Image', apiVersion: 'image.openshift.io/v1', metadata: { name }, dockerImageReference: `registry.example.com/demo/web@${name}` })
    expect(response.status).toBe(201)
    return readJson(response)
  }

  test('create appends the signature to the Image (one update) and answers 201 with the stored ImageSignature', async () => {
    const image = await createImage(digest(1))
    // What the server parses from the content is the server's: sent values are cleared (strategy.PrepareForCreate).
    const response = await post(signatures, signature(`${digest(1)}@first`, { imageIdentity: 'registry.example.com/demo/web:1', conditions: [{ type: 'Trusted', status: 'True' }] }))
    expect(response.status).toBe(201)
    const created = await readJson(response)
    expect(created).toEqual({
      kind: 'ImageSignature',
      apiVersion: 'image.openshift.io/v1',
      metadata: { name: `${digest(1)}@first`, uid: expect.stringMatching(/^[0-9a-f-]{36}$/), creationTimestamp: '2026-01-01T00:00:00Z' },
      type: 'AtomicImageV1',
      content,
    })
    const stored = await readJson(await call(`${images}/${digest(1)}`))
    expect(Number(stored.metadata.resourceVersion)).toBe(Number(image.metadata.resourceVersion) + 1)
    expect(stored.signatures).toEqual([{ metadata: created.metadata, type: 'AtomicImageV1', content }])
  })

  test('the same name, or the same type and content, is 409 AlreadyExists; a missing image is 404 for images', async () => {
    await createImage(digest(2))
    expect((await post(signatures, signature(`${digest(2)}@first`))).status).toBe(201)
    const byName = await post(signatures, signature(`${digest(2)}@first`, { content: btoa('another blob') }))
    expect(byName.status).toBe(409)
    expect(await readJson(byName)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `imageSignatures.image.openshift.io "${digest(2)}@first" already exists`,
      reason: 'AlreadyExists',
      details: { name: `${digest(2)}@first`, group: 'image.openshift.io', kind: 'imageSignatures' },
      code: 409,
    })
    const byContent = await readJson(await post(signatures, signature(`${digest(2)}@second`)))
    expect(byContent.reason).toBe('AlreadyExists')
    const missing = await readJson(await post(signatures, signature(`${digest(9)}@first`)))
    expect(missing).toMatchObject({ code: 404, reason: 'NotFound', message: `images.image.openshift.io "${digest(9)}" not found` })
    expect((await readJson(await call(`${images}/${digest(2)}`))).signatures).toHaveLength(1)
  })

  test('a name not of the form <imageName>@<signatureName> and an empty type or content are 422 Invalid (IMG-20, IMG-22)', async () => {
    const invalid = await post(signatures, { ...signature('no-at-sign'), type: '', content: '' })
    expect(invalid.status).toBe(422)
    const status = await readJson(invalid)
    expect(status.message).toBe(
      'ImageSignature.image.openshift.io "no-at-sign" is invalid: [metadata.name: Invalid value: "no-at-sign": name must be of format <imageName>@<signatureName>, type: Required value, content: Required value]',
    )
    expect(status.details.kind).toBe('ImageSignature')
  })

  test('delete removes the entry and answers a bare Success; a malformed or missing name is 400 or 404', async () => {
    await createImage(digest(3))
    await post(signatures, signature(`${digest(3)}@first`))
    await post(signatures, signature(`${digest(3)}@second`, { content: btoa('second blob') }))
    const removed = await call(`${signatures}/${digest(3)}@first`, { method: 'DELETE' })
    expect(removed.status).toBe(200)
    expect(await removed.text()).toBe('{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success"}\n')
    expect((await readJson(await call(`${images}/${digest(3)}`))).signatures.map((s: any) => s.metadata.name)).toEqual([`${digest(3)}@second`])

    const again = await readJson(await call(`${signatures}/${digest(3)}@first`, { method: 'DELETE' }))
    expect(again).toMatchObject({ code: 404, message: `imageSignatures.image.openshift.io "${digest(3)}@first" not found`, details: { kind: 'imageSignatures' } })
    const malformed = await readJson(await call(`${signatures}/no-at-sign`, { method: 'DELETE' }))
    expect(malformed).toMatchObject({ code: 400, reason: 'BadRequest', message: 'ImageSignatures must be accessed with <imageName>@<signatureName>' })
    const noImage = await readJson(await call(`${signatures}/${digest(8)}@first`, { method: 'DELETE' }))
    expect(noImage).toMatchObject({ code: 404, message: `images.image.openshift.io "${digest(8)}" not found` })
  })

  test('only create and delete are served: get, list, update and patch are 405 (imagesignature/rest.go)', async () => {
    await createImage(digest(4))
    await post(signatures, signature(`${digest(4)}@first`))
    for (const [method, path] of [
      ['GET', signatures],
      ['GET', `${signatures}/${digest(4)}@first`],
      ['PUT', `${signatures}/${digest(4)}@first`],
      ['PATCH', `${signatures}/${digest(4)}@first`],
      ['DELETE', signatures],
    ] as const) {
      const response = await call(path, { method, headers: { 'content-type': 'application/merge-patch+json' }, body: method === 'PUT' || method === 'PATCH' ? '{}' : undefined })
      expect(response.status, `${method} ${path}`).toBe(405)
      expect((await readJson(response)).reason).toBe('MethodNotAllowed')
    }
  })

  test('the legacy /oapi/v1 prefix serves it too; watchers of images see each change as MODIFIED', async () => {
    const image = await createImage(digest(5))
    const watch = await call(`${images}?watch=true&resourceVersion=${image.metadata.resourceVersion}`)
    const legacy = await post('/oapi/v1/imagesignatures', { ...signature(`${digest(5)}@first`), apiVersion: 'v1' })
    expect(legacy.status).toBe(201)
    expect((await readJson(legacy)).apiVersion).toBe('v1')
    expect((await call(`/oapi/v1/imagesignatures/${digest(5)}@first`, { method: 'DELETE' })).status).toBe(200)
    const events = await readEvents(watch, 2)
    expect(events.map((event) => [event.type, event.object.signatures?.length ?? 0])).toEqual([
      ['MODIFIED', 1],
      ['MODIFIED', 0],
    ])
  })

  test('discovery lists imagesignatures with create and delete only; OpenAPI has those two operations (IMG-48)', async () => {
    const group = await readJson(await call('/apis/image.openshift.io/v1'))
    expect(group.resources).toContainEqual({ name: 'imagesignatures', singularName: 'imagesignature', namespaced: false, kind: 'ImageSignature', verbs: ['create', 'delete'] })
    const legacy = await readJson(await call('/oapi/v1'))
    expect(legacy.resources.map((resource: any) => resource.name)).toEqual(['images', 'imagesignatures'])
    const openapi = await readJson(await call('/openapi/v3/apis/image.openshift.io/v1'))
    expect(Object.keys(openapi.paths[`${signatures}`])).toEqual(['post', 'parameters'])
    expect(Object.keys(openapi.paths[`${signatures}/{name}`])).toEqual(['delete', 'parameters'])
    expect(openapi.paths[`/apis/image.openshift.io/v1/watch/imagesignatures`]).toBeUndefined()
    expect(openapi.components.schemas['com.github.openshift.api.image.v1.ImageSignature'].properties.content).toMatchObject({ type: 'string', format: 'byte' })
    expect(openapi.components.schemas['com.github.openshift.api.image.v1.ImageSignatureList']).toBeUndefined()
  })
})
