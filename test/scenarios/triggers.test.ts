// Every trigger of the scenario format (design §4), played from one YAML file through msw and over
// the standalone server: `at` on the emulator clock, `after` another step (with a delay), and `when`
// a request matches by method, path pattern, query, headers and JSON body fields, with `times`/`nth`.
import { beforeEach, describe, expect, test } from 'vitest'
import { loadScenarioFile } from '../../src/scenarios/loadScenarioFile.ts'
import type { PlayHandle } from '../../src/scenarios/engine.ts'
import { readJson, transports, useEmulator } from '../support/transports.ts'

const file = 'test/scenarios/files/triggers.yaml'
const images = '/apis/image.openshift.io/v1/images'
const digest = (n: number) => `sha256:${String(n).repeat(64)}`

describe.each(transports)('scenario triggers over %s', (transport) => {
  const h = useEmulator(transport)
  let handle: PlayHandle
  const call = (path: string, init: RequestInit = {}) => fetch(`${h.base}${path}`, init)
  const exists = async (path: string) => (await call(path)).status === 200
  const answeredBy = async (response: Response) => (response.status === 200 ? (await readJson(response)).answeredBy : `HTTP ${response.status}`)

  beforeEach(async () => {
    handle = h.emulator.play(await loadScenarioFile(file))
    await handle.ready
  })

  test('at fires on the emulator clock counted from play(); after follows at once or after its delay', async () => {
    await h.emulator.clock.advance('59s')
    expect(await exists(`${images}/${digest(1)}`)).toBe(false)
    await h.emulator.clock.advance('1s')
    expect(await exists(`${images}/${digest(1)}`)).toBe(true)
    expect(await exists(`${images}/${digest(2)}`)).toBe(true)
    expect(await exists(`${images}/${digest(3)}`)).toBe(false)
    await h.emulator.clock.advance('29s')
    expect(await exists(`${images}/${digest(3)}`)).toBe(false)
    await h.emulator.clock.advance('1s')
    expect(await exists(`${images}/${digest(3)}`)).toBe(true)
    const created = await readJson(await call(`${images}/${digest(3)}`))
    expect(created.metadata.creationTimestamp).toBe('2026-01-01T00:01:30Z')
    expect(handle.steps().slice(0, 3).map((step) => [step.id, step.fired, step.complete])).toEqual([
      ['at-one-minute', 1, true],
      ['right-after', 1, true],
      ['thirty-seconds-later', 1, true],
    ])
  })

  test('when: method and path pattern', async () => {
    expect(await answeredBy(await call(`${images}/${digest(9)}`, { method: 'DELETE' }))).toBe('by-method-and-path')
    // Same path, another method: the API answers.
    expect(await answeredBy(await call(`${images}/${digest(9)}`))).toBe('HTTP 404')
  })

  test('when: query parameters by value with wildcards, and absent', async () => {
    expect(await answeredBy(await call('/apis/cci/v2/imagesnapshots?labelSelector=team%3Dblue'))).toBe('by-query')
    expect((await readJson(await call('/apis/cci/v2/imagesnapshots?labelSelector=team%3Dblue&limit=5'))).kind).toBe('ImageSnapshotList')
    expect((await readJson(await call('/apis/cci/v2/imagesnapshots?labelSelector=app%3Dweb'))).kind).toBe('ImageSnapshotList')
  })

  test('when: a header on any API; a step after it fires when it first does', async () => {
    expect(await exists('/apis/cci/v2/imagesnapshots/made-after-a-request')).toBe(false)
    expect(await answeredBy(await call('/v2/images', { headers: { 'x-test-case': 'header-check' } }))).toBe('by-header')
    expect(await answeredBy(await call('/version', { headers: { 'X-Test-Case': 'heading' } }))).toBe('by-header')
    expect((await readJson(await call('/version', { headers: { 'x-test-case': 'other' } }))).gitVersion).toMatch(/^v1\./)
    expect(await exists('/apis/cci/v2/imagesnapshots/made-after-a-request')).toBe(true)
  })

  test('when: JSON body fields by dotted path; the API still reads the body of requests that do not match', async () => {
    const post = (name: string, image: string) =>
      call('/apis/cci/v2/imagesnapshots', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name }, spec: { buildingConfig: { namespace: 'ns-a' }, images: [{ image }] } }),
      })
    expect(await answeredBy(await post('from-body', 'nginx:latest'))).toBe('by-body')
    expect((await post('from-body', 'redis:7.2')).status).toBe(201)
    expect((await post('other', 'nginx:latest')).status).toBe(201)
  })

  test('when with nth and times: the 2nd and 3rd matching requests only', async () => {
    const id = '00000000-0000-4000-8000-000000000000'
    const answers = []
    for (let i = 0; i < 4; i++) answers.push(await answeredBy(await call(`/v2/images/${id}`)))
    expect(answers).toEqual(['HTTP 404', 'second-and-third', 'second-and-third', 'HTTP 404'])
    expect(handle.steps().find((step) => step.id === 'second-and-third')).toMatchObject({ fired: 2, expected: 2, complete: true })
  })

  test('when with times: the first matching request only; an api filter', async () => {
    expect(await answeredBy(await call(images))).toBe('only-the-first')
    expect((await readJson(await call(images))).kind).toBe('ImageList')
    // The same path on the legacy prefix is another path.
    expect((await readJson(await call('/oapi/v1/images'))).kind).toBe('ImageList')
  })

  test('pending() lists what has not fired yet; expectComplete() names it', () => {
    expect(handle.pending().map((step) => step.label)).toEqual([
      'step 1 ("at-one-minute")',
      'step 2 ("right-after")',
      'step 3 ("thirty-seconds-later")',
      'step 4 ("by-method-and-path")',
      'step 5 ("by-query")',
      'step 6 ("by-header")',
      'step 7 ("by-body")',
      'step 8 ("second-and-third")',
      'step 9 ("only-the-first")',
      'step 10 ("after-a-request")',
    ])
    expect(() => handle.expectComplete()).toThrowError(/step 8 \("second-and-third"\) never fired \(when GET \/v2\/images\/:id \(from match 2, 2 times\)\)/)
  })
})
