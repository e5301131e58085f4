// fieldValidation (K-20) over HTTP: unknown fields found through the kind's OpenAPI schema, duplicate
// fields in the JSON text; Warn (the default) drops them with Warning headers (K-36), Strict refuses
// with 400, Ignore drops them silently. dockerImageMetadata is opaque (IMG-13); retired ObjectMeta
// fields are accepted (IMG-7).
import { describe, expect, test } from 'vitest'
import { readJson, transports, useEmulator } from '../support/transports.ts'

const images = '/apis/image.openshift.io/v1/images'
const snapshots = '/apis/cci/v2/imagesnapshots'
const name = `sha256:${'c'.repeat(64)}`

/** Warning header values as a client splits them (one header per warning, or comma-joined). */
function warnings(response: Response): string[] {
  const header = response.headers.get('warning')
  if (!header) return []
  return [...header.matchAll(/299 - ("(?:[^"\\]|\\.)*")/g)].map((match) => JSON.parse(match[1]!) as string)
}

describe.each(transports)('fieldValidation over %s', (transport) => {
  const h = useEmulator(transport, { seed: 41, fixtures: ['openshift-images', 'cci-snapshots'] })
  const call = (path: string, init: RequestInit = {}) => fetch(`${h.base}${path}`, init)
  const send = (method: string, path: string, body: string, contentType = 'application/json') =>
    call(path, { method, headers: { 'content-type': contentType }, body })

  // Unknown at the top, inside a signature (a list item) and in metadata; a duplicate key.
  const body = `{"metadata":{"name":"${name}","colour":"red"},"dockerImageReference":"quay.io/a/b:1","dockerImageReference":"quay.io/a/b:2","bogus":{"x":1},"signatures":[{"metadata":{"name":"${name}@s1"},"type":"atomic","content":"e30=","extra":true}]}`

  test('Warn (the default): 201, one Warning per problem, unknown fields dropped, the last duplicate kept', async () => {
    for (const query of ['', '?fieldValidation=Warn']) {
      const response = await send('POST', `${images}${query}`, body)
      expect(response.status).toBe(201)
      // In the order the body names them; duplicates after the unknown fields.
      expect(warnings(response)).toEqual([
        'unknown field "metadata.colour"',
        'unknown field "bogus"',
        'unknown field "signatures[0].extra"',
        'duplicate field "dockerImageReference"',
      ])
      const created = await readJson(response)
      expect(created.bogus).toBeUndefined()
      expect(created.metadata.colour).toBeUndefined()
      expect(created.signatures[0].extra).toBeUndefined()
      expect(created.dockerImageReference).toBe('quay.io/a/b:2')
      await call(`${images}/${name}`, { method: 'DELETE' })
    }
  })

  test('Strict: 400 naming every problem, nothing stored; Ignore: 201 without warnings', async () => {
    const strict = await send('POST', `${images}?fieldValidation=Strict`, body)
    expect(strict.status).toBe(400)
    expect(await readJson(strict)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Image in version "v1" cannot be handled as a Image: strict decoding error: unknown field "metadata.colour", unknown field "bogus", unknown field "signatures[0].extra", duplicate field "dockerImageReference"',
      reason: 'BadRequest',
      code: 400,
    })
    expect((await call(`${images}/${name}`)).status).toBe(404)

    const ignore = await send('POST', `${images}?fieldValidation=Ignore`, body)
    expect(ignore.status).toBe(201)
    expect(ignore.headers.get('warning')).toBeNull()
    expect((await readJson(ignore)).bogus).toBeUndefined()
  })

  test('dockerImageMetadata is opaque (IMG-13) and metadata.initializers/clusterName are still accepted (IMG-7)', async () => {
    const response = await send(
      'POST',
      `${images}?fieldValidation=Strict`,
      JSON.stringify({
        metadata: { name, clusterName: 'old', initializers: null },
        dockerImageReference: 'quay.io/a/b:1',
        dockerImageMetadata: { kind: 'DockerImage', apiVersion: 'image.openshift.io/1.0', Whatever: { deep: 1 } },
      }),
    )
    expect(response.status).toBe(201)
    expect(response.headers.get('warning')).toBeNull()
  })

  test('patches: the patched object is checked; apply checks its configuration', async () => {
    const patch = await send('PATCH', `${images}/${name.replace('c', 'd')}`, '{}', 'application/merge-patch+json')
    expect(patch.status).toBe(404)
    const existing = 'sha256:84686fa9038deaa38280f8a3ad85e945beea41afe86f5c89c6ce15482ebe9e77'
    const warned = await send('PATCH', `${images}/${existing}`, '{"metadata":{"labels":{"a":"b"}},"nope":1}', 'application/merge-patch+json')
    expect(warned.status).toBe(200)
    expect(warnings(warned)).toEqual(['unknown field "nope"'])
    expect((await readJson(warned)).metadata.labels).toEqual({ a: 'b' })
    const strict = await send('PATCH', `${images}/${existing}?fieldValidation=Strict`, '{"nope":1}', 'application/merge-patch+json')
    expect(strict.status).toBe(400)
    expect((await readJson(strict)).message).toBe('Image in version "v1" cannot be handled as a Image: strict decoding error: unknown field "nope"')

    const applied = await send(
      'PATCH',
      `${images}/${existing}?fieldManager=me`,
      `apiVersion: image.openshift.io/v1\nkind: Image\nmetadata:\n  name: "${existing}"\ndockerImageReference: quay.io/x/y:1\nsurplus: true\n`,
      'application/apply-patch+yaml',
    )
    expect(applied.status).toBe(200)
    expect(warnings(applied)).toEqual(['unknown field "surplus"'])
  })

  test('what the server sends is what its schema knows: every fixture goes back by PUT without a warning', async () => {
    for (const path of [images, '/oapi/v1/images', snapshots]) {
      const list = await readJson(await call(path))
      expect(list.items.length).toBeGreaterThan(0)
      for (const item of list.items) {
        const current = await readJson(await call(`${path}/${item.metadata.name}`))
        const response = await send('PUT', `${path}/${item.metadata.name}?fieldValidation=Strict`, JSON.stringify(current))
        expect([path, item.metadata.name, response.status]).toEqual([path, item.metadata.name, 200])
        expect(response.headers.get('warning')).toBeNull()
      }
    }
  })
})
