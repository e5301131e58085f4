// The control API under /_emulator/, as a test in another process drives it: reset, the clock, the
// journal and fixtures, JSON in and out; with tokens on, it wants one too (401 as a Kubernetes Status).
// Run over both doors: msw interception and the standalone server.
import { describe, expect, test } from 'vitest'
import { readJson, transports, useEmulator, watchEvents } from '../support/transports.ts'

const images = '/apis/image.openshift.io/v1/images'
const newImage = (name: string) => ({ metadata: { name }, dockerImageReference: 'quay.io/demo/app:1' })

describe.each(transports)('control API over %s', (transport) => {
  const h = useEmulator(transport, { seed: 21, fixtures: ['openshift-images'], clock: { mode: 'manual' } })
  const call = (path: string, init: RequestInit = {}) => fetch(`${h.base}${path}`, init)
  const post = (path: string, body?: unknown) =>
    call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
  const names = async () => (await readJson(await call(images))).items.map((item: any) => item.metadata.name)

  test('GET /_emulator lists the endpoints', async () => {
    const response = await call('/_emulator')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    const index = await readJson(response)
    expect(index.endpoints.map((e: any) => `${e.method} ${e.path}`)).toEqual([
      'POST /_emulator/reset',
      'GET /_emulator/clock',
      'POST /_emulator/clock/advance',
      'GET /_emulator/journal',
      'DELETE /_emulator/journal',
      'POST /_emulator/fixtures',
      'POST /_emulator/scenarios',
      'GET /_emulator/scenarios',
      'DELETE /_emulator/scenarios',
      'POST /_emulator/web-downloads',
      'GET /_emulator/ui',
      'GET /_emulator/state',
      'GET /_emulator/state/stream',
      'GET /_emulator/objects/{api}/{resource}/{key}',
    ])
  })

  test('POST /_emulator/reset: objects, clock and journal back to the start, fixtures reloaded', async () => {
    expect((await post(images, newImage('sha256:' + '1'.repeat(64)))).status).toBe(201)
    await post('/_emulator/clock/advance', { by: '1h' })
    expect(await names()).toHaveLength(4)

    const response = await post('/_emulator/reset')
    expect(response.status).toBe(200)
    expect(await readJson(response)).toEqual({ reset: true, clock: { now: '2026-01-01T00:00:00Z', mode: 'manual', pendingTimers: 0 } })
    expect(await names()).toEqual([
      'sha256:126898eea4d1800a0a30564315417bcace2e85d576fcdac9225e7dbc5d63550d',
      'sha256:2ca318f015141783d2b2fd4b4971489a0b1f9d8d9dcc53b11eb98fe1c6152623',
      'sha256:84686fa9038deaa38280f8a3ad85e945beea41afe86f5c89c6ce15482ebe9e77',
    ])
    // Same seed: the same uid again for the same first create.
    const first = await readJson(await post(images, newImage('sha256:' + '2'.repeat(64))))
    await post('/_emulator/reset')
    const again = await readJson(await post(images, newImage('sha256:' + '2'.repeat(64))))
    expect(again.metadata.uid).toBe(first.metadata.uid)
  })

  test('clock: GET it, advance it by a duration or to a time; a watch deadline fires on emulator time (K-34)', async () => {
    expect(await readJson(await call('/_emulator/clock'))).toEqual({ now: '2026-01-01T00:00:00Z', mode: 'manual', pendingTimers: 0 })

    const watch = watchEvents(await call(`${images}?watch=true&timeoutSeconds=120`))
    await watch.until(3)
    const advanced = await post('/_emulator/clock/advance', { by: '90s' })
    expect(await readJson(advanced)).toMatchObject({ now: '2026-01-01T00:01:30Z', mode: 'manual' })
    expect(watch.ended).toBe(false)
    expect(await readJson(await post('/_emulator/clock/advance', { to: '2026-01-01T00:05:00Z' }))).toMatchObject({ now: '2026-01-01T00:05:00Z' })
    expect(await watch.ends()).toBe(true)
    expect(watch.events.map((event) => event.type)).toEqual(['ADDED', 'ADDED', 'ADDED'])

    // Objects created now carry the emulator's time (K-7).
    const created = await readJson(await post(images, newImage('sha256:' + '3'.repeat(64))))
    expect(created.metadata.creationTimestamp).toBe('2026-01-01T00:05:00Z')
  })

  test('clock advance refuses what it cannot do, as 400 Status bodies', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'give exactly one of "by" (a duration such as "90s" or "2m") or "to" (an RFC 3339 time)'],
      [{ by: '2m', to: '2026-01-02T00:00:00Z' }, 'give exactly one of "by" (a duration such as "90s" or "2m") or "to" (an RFC 3339 time)'],
      [{ by: 'soon' }, 'invalid duration: "soon" (expected e.g. "90s", "2m", "1h30m", "300ms" or milliseconds)'],
      [{ to: 'tomorrow' }, 'invalid time: "tomorrow"'],
      [{ to: '2025-12-31T00:00:00Z' }, '"to" (2025-12-31T00:00:00Z) is before the emulator time (2026-01-01T00:00:00Z); the clock only moves forward'],
      // Past the last time a Date can hold: refused, and the clock keeps its time (not "Invalid time value").
      [{ by: '999999999999999999999999h' }, 'the clock cannot move past +275760-09-13T00:00:00.000Z'],
      [{ by: 1e20 }, 'the clock cannot move past +275760-09-13T00:00:00.000Z'],
      [{ to: '+275760-09-13T00:00:00.001Z' }, 'invalid time: "+275760-09-13T00:00:00.001Z"'],
    ]
    for (const [body, message] of cases) {
      const response = await post('/_emulator/clock/advance', body)
      expect(response.status).toBe(400)
      expect(await readJson(response)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 })
    }
    const notJson = await call('/_emulator/clock/advance', { method: 'POST', body: '{by: 2m' })
    expect(notJson.status).toBe(400)
    expect((await readJson(notJson)).message).toMatch(/^the request body is not JSON: /)
    expect(await readJson(await call('/_emulator/clock'))).toMatchObject({ now: '2026-01-01T00:00:00Z' })
  })

  test('journal: the API requests answered, filtered; control requests are not in it; credentials are not shown', async () => {
    await call(images, { headers: { authorization: 'Bearer secret-token', 'user-agent': 'my-app/1.0' } })
    await post(images, newImage('sha256:' + '4'.repeat(64)))
    await call(`${images}/sha256:${'5'.repeat(64)}`)
    await call('/_emulator/clock')

    const journal = await readJson(await call('/_emulator/journal'))
    expect(journal.entries.map((e: any) => `${e.method} ${e.url} ${e.status}`)).toEqual([
      `GET ${images} 200`,
      `POST ${images} 201`,
      `GET ${images}/sha256:${'5'.repeat(64)} 404`,
    ])
    expect(journal.entries[0]).toMatchObject({ seq: 1, time: '2026-01-01T00:00:00Z', api: 'openshift' })
    expect(journal.entries[0].requestHeaders).toMatchObject({ authorization: '<redacted>', 'user-agent': 'my-app/1.0' })

    const posts = await readJson(await call('/_emulator/journal?method=POST'))
    expect(posts.entries.map((e: any) => e.url)).toEqual([images])
    const byPath = await readJson(await call(`/_emulator/journal?path=${encodeURIComponent(images)}`))
    expect(byPath.entries).toHaveLength(2)

    expect(await readJson(await call('/_emulator/journal', { method: 'DELETE' }))).toEqual({ entries: [] })
    expect((await readJson(await call('/_emulator/journal'))).entries).toEqual([])
  })

  test('fixtures: load built-in sets by name or documents; unknown names are a 400', async () => {
    await post('/_emulator/reset')
    await call(images, { method: 'DELETE' })
    expect(await names()).toEqual([])

    const loaded = await post('/_emulator/fixtures', { sources: ['openshift-images'] })
    expect(loaded.status).toBe(201)
    expect(await readJson(loaded)).toEqual({ loaded: 1 })
    expect(await names()).toHaveLength(3)

    const document = [{ apiVersion: 'image.openshift.io/v1', kind: 'Image', metadata: { name: 'sha256:' + '6'.repeat(64), labels: { from: 'control' } }, dockerImageReference: 'quay.io/demo/doc:1' }]
    expect((await post('/_emulator/fixtures', { documents: [document] })).status).toBe(201)
    const listed = await readJson(await call(`${images}?labelSelector=from%3Dcontrol`))
    expect(listed.items.map((item: any) => item.dockerImageReference)).toEqual(['quay.io/demo/doc:1'])

    const unknown = await post('/_emulator/fixtures', { sources: ['no-such-set'] })
    expect(unknown.status).toBe(400)
    expect((await readJson(unknown)).message).toMatch(/^unknown fixture set "no-such-set"; built-in sets: openshift-images, cci-snapshots/)
    const empty = await post('/_emulator/fixtures', {})
    expect((await readJson(empty)).message).toBe('give "sources" (fixture set names) or "documents" (fixture documents)')
  })

  test('scenarios: played from a YAML document or a built-in name, listed, stopped; a bad one is a 400 naming the step', async () => {
    const yaml = [
      'name: first-get-is-throttled',
      'steps:',
      '  - id: throttle',
      `    when: { method: GET, path: ${images} }`,
      '    times: 1',
      '    respond: { status: 429, retryAfter: 5s }',
    ].join('\n')
    const played = await call('/_emulator/scenarios', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: yaml })
    expect(played.status).toBe(201)
    expect((await readJson(played)).name).toBe('first-get-is-throttled')
    const throttled = await call(images)
    expect(throttled.status).toBe(429)
    expect(throttled.headers.get('retry-after')).toBe('5')
    expect((await readJson(throttled)).details.retryAfterSeconds).toBe(5)
    expect((await call(images)).status).toBe(200)
    const listed = await readJson(await call('/_emulator/scenarios'))
    expect(listed.scenarios[0].steps[0]).toMatchObject({ id: 'throttle', fired: 1, complete: true })

    const builtIn = await call('/_emulator/scenarios', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"update-conflict"}' })
    expect(builtIn.status).toBe(201)
    expect((await readJson(await call('/_emulator/scenarios'))).scenarios).toHaveLength(2)
    expect((await readJson(await call('/_emulator/scenarios', { method: 'DELETE' }))).scenarios).toEqual([])

    const bad = await call('/_emulator/scenarios', { method: 'POST', body: 'name: broken\nsteps:\n  - respond: { status: 999 }\n' })
    expect(bad.status).toBe(400)
    const status = await readJson(bad)
    expect(status.kind).toBe('Status')
    expect(status.message).toMatch(/^POST \/_emulator\/scenarios: step 1/)
  })

  test('unknown control paths are 404 and wrong methods 405, as Status bodies', async () => {
    const missing = await call('/_emulator/time-travel')
    expect(missing.status).toBe(404)
    expect(await readJson(missing)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'no control endpoint /_emulator/time-travel; GET /_emulator lists them' })
    const wrong = await call('/_emulator/reset')
    expect(wrong.status).toBe(405)
    expect(await readJson(wrong)).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed', code: 405 })
  })
})

describe.each(transports)('control API with tokens over %s', (transport) => {
  const h = useEmulator(transport, { seed: 22, auth: { tokens: { 'ops-token': { user: 'ops' } } } })

  test('no token or an unknown one: 401 Unauthorized Status; the emulator’s token: allowed', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }] as Array<Record<string, string>>) {
      const response = await fetch(`${h.base}/_emulator/reset`, { method: 'POST', headers })
      expect(response.status).toBe(401)
      expect(await readJson(response)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 })
    }
    const allowed = await fetch(`${h.base}/_emulator/clock`, { headers: { authorization: 'Bearer ops-token' } })
    expect(allowed.status).toBe(200)
    const viaAuthToken = await fetch(`${h.base}/_emulator/journal`, { headers: { 'x-auth-token': 'ops-token' } })
    expect(viaAuthToken.status).toBe(200)
  })
})
