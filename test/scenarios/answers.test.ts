// `respond` steps answer in each API's own dialect (design §3 "Errors in each API's own dialect"):
// a Kubernetes Status with kube-apiserver's reason and message for the code and the object the
// request names (K-1, K-2), Retry-After as header and details.retryAfterSeconds (K-4), CCI's
// ServerTimeout (cci.md §4); Glance's WebOb error bodies (glance.md §3); bodies and headers of the
// step's own. One YAML file, through msw and over the standalone server.
import { beforeEach, describe, expect, test } from 'vitest'
import { loadScenarioFile } from '../../src/scenarios/loadScenarioFile.ts'
import { readJson, transports, useEmulator } from '../support/transports.ts'

const file = 'test/scenarios/files/answers.yaml'
const name = 'sha256:4444444444444444444444444444444444444444444444444444444444444444'

describe.each(transports)('scenario answers over %s', (transport) => {
  const h = useEmulator(transport)
  const call = (path: string, init: RequestInit = {}) => fetch(`${h.base}${path}`, init)
  const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    call(path, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

  beforeEach(async () => {
    await h.emulator.play(await loadScenarioFile(file)).ready
  })

  test('409: the Conflict Status kube-apiserver sends for a stale update, naming the object (K-2)', async () => {
    const response = await send('PUT', '/apis/cci/v2/imagesnapshots/snap-x', { metadata: { name: 'snap-x' } })
    expect(response.status).toBe(409)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.text()).toBe(
      `${JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Operation cannot be fulfilled on imagesnapshots.cci "snap-x": the object has been modified; please apply your changes to the latest version and try again',
        reason: 'Conflict',
        details: { name: 'snap-x', group: 'cci', kind: 'imagesnapshots' },
        code: 409,
      })}\n`,
    )
    expect(h.emulator.journal.entries({ method: 'PUT' }).map((entry) => entry.status)).toEqual([409])
  })

  test('422: Invalid with every cause, the object named from the POST body (K-3)', async () => {
    const response = await send('POST', '/apis/image.openshift.io/v1/images', { metadata: { name } })
    expect(response.status).toBe(422)
    expect(await readJson(response)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Image.image.openshift.io "${name}" is invalid: [dockerImageReference: Required value, metadata.labels: Invalid value: "a b": name part must consist of alphanumeric characters]`,
      reason: 'Invalid',
      details: {
        name,
        group: 'image.openshift.io',
        kind: 'Image',
        causes: [
          { reason: 'FieldValueRequired', message: 'Required value', field: 'dockerImageReference' },
          { reason: 'FieldValueInvalid', message: 'Invalid value: "a b": name part must consist of alphanumeric characters', field: 'metadata.labels' },
        ],
      },
      code: 422,
    })
  })

  test('429: TooManyRequests with Retry-After rounded up to whole seconds, also in details (K-4)', async () => {
    const response = await call('/apis/cci/v2/imagesnapshots')
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('3')
    expect(await readJson(response)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Too many requests, please try again later.',
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 3 },
      code: 429,
    })
    expect((await readJson(await call('/apis/cci/v2/imagesnapshots'))).kind).toBe('ImageSnapshotList')
  })

  test('504 on CCI: reason ServerTimeout as the seed names it (cci.md §4), with the operation and resource', async () => {
    const response = await call('/apis/cci/v2/imagesnapshots/snap-x?slow=true')
    expect(response.status).toBe(504)
    expect(response.headers.get('retry-after')).toBe('1')
    expect(await readJson(response)).toMatchObject({
      message: 'The get operation against imagesnapshots.cci could not be completed at this time, please try again.',
      reason: 'ServerTimeout',
      details: { group: 'cci', kind: 'imagesnapshots', retryAfterSeconds: 1 },
      code: 504,
    })
  })

  test('503 with a message of the step’s own, on the legacy /oapi prefix', async () => {
    const response = await call('/oapi/v1/images')
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('1')
    expect(await readJson(response)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'apiserver is shutting down',
      reason: 'ServiceUnavailable',
      details: { retryAfterSeconds: 1 },
      code: 503,
    })
  })

  test('Glance: 429 as WebOb renders it, JSON or HTML by the Accept header, with Retry-After and a request id', async () => {
    const asJson = await call('/v2/images', { headers: { accept: 'application/json' } })
    expect(asJson.status).toBe(429)
    expect(asJson.headers.get('retry-after')).toBe('5')
    expect(asJson.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/)
    expect(await readJson(asJson)).toEqual({
      message: 'The client has sent too many requests in a given amount of time.<br /><br />\n\n\n',
      code: '429 Too Many Requests',
      title: 'Too Many Requests',
    })

    const asHtml = await call('/v2/images')
    expect(asHtml.status).toBe(429)
    expect(asHtml.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(await asHtml.text()).toContain('The client has sent too many requests in a given amount of time.')
    // The third list goes through.
    expect((await readJson(await call('/v2/images'))).images).toEqual([])
  })

  test('Glance: 409 with the step’s message as the explanation', async () => {
    const response = await call('/v2/images/6ff0eaa6-a444-441b-b769-78099d06f985', { method: 'DELETE', headers: { accept: 'application/json' } })
    expect(response.status).toBe(409)
    expect(await readJson(response)).toEqual({
      message: 'Image 6ff0eaa6-a444-441b-b769-78099d06f985 is in use.<br /><br />\n\n\n',
      code: '409 Conflict',
      title: 'Conflict',
    })
  })

  test('a body and headers of the step’s own; extra headers on the API’s own answer', async () => {
    const own = await call(`/apis/image.openshift.io/v1/images/${name}`)
    expect(own.status).toBe(418)
    expect(own.headers.get('x-brewed-by')).toBe('scenario')
    expect(own.headers.get('content-type')).toBe('application/json')
    expect(await readJson(own)).toEqual({ teapot: true })

    const passed = await call('/version')
    expect(passed.status).toBe(200)
    expect(passed.headers.get('x-served-by')).toBe('emulator')
    expect((await readJson(passed)).gitVersion).toMatch(/^v1\./)
  })

  test('a step that matches a name that is not a valid percent-escape answers a Status that names no object, never a 500', async () => {
    h.emulator.play({ name: 'wildcard', steps: [{ when: { method: 'DELETE', path: '/apis/cci/v2/imagesnapshots/*' }, respond: { status: 409 } }] })
    const response = await call('/apis/cci/v2/imagesnapshots/%E0%A4%A', { method: 'DELETE' })
    expect(response.status).toBe(409)
    expect(await readJson(response)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Operation cannot be fulfilled on the object: the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: {},
      code: 409,
    })
  })
})
