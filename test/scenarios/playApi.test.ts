// emulator.play(): the handle (ready, done, pending(), expectComplete(), stop()), scenarios playing
// together, and reset() ending them all — as a test suite uses it, through msw.
import { describe, expect, test, vi } from 'vitest'
import { readJson, useEmulator } from '../support/transports.ts'
import { defineScenario } from '../../src/scenarios/scenario.ts'
import { createEmulator } from '../../src/emulator.ts'

const snapshots = '/apis/cci/v2/imagesnapshots'
const snapshotBody = (name: string) =>
  JSON.stringify({ apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name }, spec: { buildingConfig: { namespace: 'ns-a' }, images: [{ image: 'nginx:latest' }] } })

const conflictOnce = defineScenario({
  name: 'conflict-once',
  steps: [{ id: 'conflict', when: { method: 'PUT', path: `${snapshots}/:name` }, times: 1, respond: { status: 409 } }],
})
const throttleTwice = defineScenario({
  name: 'throttle-twice',
  steps: [{ id: 'throttle', when: { method: 'PUT', path: `${snapshots}/:name` }, times: 2, respond: { status: 429, retryAfter: '1s' } }],
})

describe('emulator.play()', () => {
  const h = useEmulator('msw')
  const call = (path: string, init: RequestInit = {}) => fetch(`${h.base}${path}`, init)
  const put = (name: string) => call(`${snapshots}/${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: snapshotBody(name) })

  test('scenarios compose: the first played answers first; a request it answered is not seen by the next', async () => {
    h.emulator.play(conflictOnce)
    const throttle = h.emulator.play(throttleTwice)
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await put('snap-1')).status)
    // The 4th PUT reaches the API: snap-1 does not exist.
    expect(statuses).toEqual([409, 429, 429, 404])
    expect(h.emulator.scenarios.playing().map((handle) => handle.scenario.name)).toEqual(['conflict-once', 'throttle-twice'])
    await throttle.done
    expect(throttle.pending()).toEqual([])
  })

  test('done resolves when every step is complete; expectComplete() names what is missing', async () => {
    const handle = h.emulator.play(throttleTwice)
    let done = false
    void handle.done.then(() => (done = true))
    await put('snap-1')
    expect(handle.pending()).toEqual([
      {
        step: 1,
        id: 'throttle',
        label: 'step 1 ("throttle")',
        trigger: `when PUT ${snapshots}/:name (2 times)`,
        fired: 1,
        expected: 2,
        complete: false,
        errors: [],
      },
    ])
    expect(() => handle.expectComplete()).toThrowError(
      `scenario "throttle-twice" is not complete:\n  step 1 ("throttle") fired 1 of 2 times (when PUT ${snapshots}/:name (2 times))`,
    )
    expect(done).toBe(false)
    await put('snap-1')
    await handle.done
    handle.expectComplete()
  })

  test('stop() ends one scenario: its request steps no longer answer, its timers do not fire', async () => {
    const handle = h.emulator.play(
      defineScenario({
        name: 'stoppable',
        steps: [
          { when: { method: 'PUT' }, respond: { status: 409 } },
          { at: '1m', create: { api: 'cci', object: JSON.parse(snapshotBody('late')) } },
        ],
      }),
    )
    expect((await put('x')).status).toBe(409)
    handle.stop()
    expect(handle.playing).toBe(false)
    expect((await put('x')).status).toBe(404)
    await h.emulator.clock.advance('2m')
    expect((await call(`${snapshots}/late`)).status).toBe(404)
  })

  test('reset() ends every scenario, including a forced CCI transition that held back the default one (CCI-44)', async () => {
    h.emulator.play(defineScenario({ name: 'fail-later', steps: [{ at: '5m', transition: { api: 'cci', name: 'snap-1', to: 'Failed' } }] }))
    await h.emulator.reset()
    expect(h.emulator.scenarios.playing()).toEqual([])
    await call(snapshots, { method: 'POST', headers: { 'content-type': 'application/json' }, body: snapshotBody('snap-1') })
    // Without the scenario the default outcome comes back: Available after 90s.
    await h.emulator.clock.advance('90s')
    expect((await readJson(await call(`${snapshots}/snap-1`))).status.phase).toBe('Available')
    await h.emulator.clock.advance('5m')
    expect((await readJson(await call(`${snapshots}/snap-1`))).status.phase).toBe('Available')
  })

  test('fixtures load before any request is answered; at: 0 steps fire during play', async () => {
    const handle = h.emulator.play(
      defineScenario({
        name: 'seeded',
        fixtures: ['cci-snapshots'],
        steps: [{ id: 'now', at: 0, transition: { api: 'cci', name: 'test-imagesnapshot', to: 'Available' } }],
      }),
    )
    // No await on handle.ready: the request waits for it by itself.
    const snapshot = await readJson(await call(`${snapshots}/test-imagesnapshot`))
    expect(snapshot.status.phase).toBe('Available')
    expect(handle.steps()[0]).toMatchObject({ fired: 1, complete: true, errors: [] })
  })

  test('requests that arrive together are counted in order, and a step waiting on them starts once', async () => {
    const handle = h.emulator.play(
      defineScenario({
        name: 'together',
        steps: [
          { id: 'first-two', when: { method: 'PUT' }, times: 2, respond: { status: 409 } },
          { id: 'then', after: 'first-two', create: { api: 'cci', object: JSON.parse(snapshotBody('made-once')) } },
        ],
      }),
    )
    const statuses = (await Promise.all([put('a'), put('b'), put('c')])).map((response) => response.status).sort()
    expect(statuses).toEqual([404, 409, 409])
    expect(handle.steps().map((step) => [step.id, step.fired, step.errors])).toEqual([
      ['first-two', 2, []],
      ['then', 1, []],
    ])
    expect((await call(`${snapshots}/made-once`)).status).toBe(200)
  })

  test('steps that only slow a request down add up, and their headers are merged onto the API’s answer', async () => {
    h.emulator.play(defineScenario({ name: 'slow-a', steps: [{ when: { path: '/version' }, respond: { delay: '1s', headers: { 'x-a': '1' } } }] }))
    h.emulator.play(defineScenario({ name: 'slow-b', steps: [{ when: { path: '/version' }, respond: { delay: '2s', headers: { 'x-b': '2' } } }] }))
    const pending = call('/version')
    let answered = false
    void pending.then(() => (answered = true))
    await vi.waitFor(() => expect(h.emulator.scenarios.heldRequests()).toBeGreaterThan(0), { timeout: 5000, interval: 2 })
    await h.emulator.clock.advance('2s')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(answered).toBe(false)
    await h.emulator.clock.advance('1s')
    const response = await pending
    expect([response.status, response.headers.get('x-a'), response.headers.get('x-b')]).toEqual([200, '1', '2'])
  })
})

describe('createEmulator({ scenarios })', () => {
  test('scenarios in the options are part of the initial state: played at creation and again after every reset()', async () => {
    const emulator = createEmulator({ scenarios: [conflictOnce] })
    const put = () =>
      emulator.dispatch(new Request(`http://emulator.test${snapshots}/snap-1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: snapshotBody('snap-1') }))
    expect(emulator.scenarios.playing().map((handle) => handle.scenario.name)).toEqual(['conflict-once'])
    expect([(await put()).status, (await put()).status]).toEqual([409, 404])
    await emulator.reset()
    expect(emulator.scenarios.playing().map((handle) => handle.scenario.name)).toEqual(['conflict-once'])
    expect((await put()).status).toBe(409)
    emulator.dispose()
  })

  test('a bad scenario in the options fails createEmulator at once', () => {
    expect(() => createEmulator({ scenarios: [{ name: 'bad', steps: [{ when: {} }] }] })).toThrowError(
      'scenario "bad": step 1: has no action: give transition, create, update, delete, respond, watch, identity or glance',
    )
  })
})
