// The control API's inspector endpoints over both doors: the state the inspector shows (each API's
// objects by kind, open watches with what they received, scenario steps, the latest requests, the
// clock), one object as stored, the same state as a stream of server-sent events, and the page
// itself. Read-only: nothing they answer is journaled or changes the store.
import { describe, expect, test } from 'vitest'
import { readJson, transports, useEmulator } from '../support/transports.ts'

/** expect.poll with room for a loaded machine (the live state arrives within 200 ms when it is not). */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 })

const snapshots = '/apis/cci/v2/imagesnapshots'
const newSnapshot = (name: string) => ({ metadata: { name }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx' }] } })

/** Reads server-sent events until `count` `state` events arrived. */
async function readStates(response: Response, count: number, between?: (seen: number) => Promise<void>): Promise<any[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  const states: any[] = []
  let buffered = ''
  while (states.length < count) {
    const { value, done } = await reader.read()
    if (done) break
    buffered += value
    for (let at = buffered.indexOf('\n\n'); at >= 0; at = buffered.indexOf('\n\n')) {
      const message = buffered.slice(0, at)
      buffered = buffered.slice(at + 2)
      expect(message.split('\n')[0]).toBe('event: state')
      states.push(JSON.parse(message.split('\n')[1]!.slice('data: '.length)))
      await between?.(states.length)
    }
  }
  await reader.cancel()
  return states
}

describe.each(transports)('inspector endpoints over %s', (transport) => {
  const h = useEmulator(transport, { seed: 3, fixtures: ['cci-snapshots', 'glance-images'], clock: { mode: 'manual' } })
  const call = (path: string, init: RequestInit = {}) => fetch(`${h.base}${path}`, init)
  const post = (path: string, body: unknown) => call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

  test('GET /_emulator/state: objects per API and kind, with their status; the clock; nothing journaled', async () => {
    const state = await readJson(await call('/_emulator/state'))
    expect(state.clock).toEqual({ now: '2026-01-01T00:00:00Z', mode: 'manual', pendingTimers: expect.any(Number) })
    expect(state.apis.map((api: any) => api.name)).toEqual(['openshift', 'cci', 'identity', 'glance'])
    const cci = state.apis.find((api: any) => api.name === 'cci')
    expect(cci.kinds).toEqual([
      {
        kind: 'ImageSnapshot',
        resource: 'imagesnapshots',
        count: 3,
        objects: [
          { key: 'api-server-snapshot', status: 'Unavailable' },
          { key: 'my-imagesnapshot', status: 'Available' },
          { key: 'test-imagesnapshot', status: 'Creating' },
        ],
      },
    ])
    const glance = state.apis.find((api: any) => api.name === 'glance').kinds[0]
    expect(glance.objects.map((image: any) => [image.label, image.status])).toEqual([
      ['fake_image', 'queued'],
      ['fake_image1', 'active'],
    ])
    expect(state.journal).toEqual([])
    expect(state.watches).toEqual([])
    expect(state.scenarios).toEqual([])
    expect(h.emulator.journal.entries()).toEqual([])
  })

  test('GET /_emulator/objects/{api}/{resource}/{key}: the object as stored; 404 and 400 as Status', async () => {
    const snapshot = await readJson(await call('/_emulator/objects/cci/imagesnapshots/my-imagesnapshot'))
    expect(snapshot).toEqual(h.emulator.cci.imageSnapshots.get('my-imagesnapshot'))
    const state = await readJson(await call('/_emulator/state'))
    const id = state.apis.find((api: any) => api.name === 'glance').kinds[0].objects[0].key
    expect(await readJson(await call(`/_emulator/objects/glance/images/${id}`))).toMatchObject({ id, name: 'fake_image' })

    const missing = await call('/_emulator/objects/cci/imagesnapshots/nope')
    expect(missing.status).toBe(404)
    expect(await readJson(missing)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'no imagesnapshots "nope" in the cci API' })
    expect((await call('/_emulator/objects/nothing/at/all')).status).toBe(404)
    expect((await call('/_emulator/objects/cci/imagesnapshots/%E0%A4%A')).status).toBe(400)
    expect((await post('/_emulator/state', {})).status).toBe(405)
  })

  test('open watches: path with selectors, and the events each received, in a bounded history', async () => {
    const watch = await call(`${snapshots}?watch=true&labelSelector=team%3Dblue&resourceVersion=0`)
    expect(watch.status).toBe(200)
    for (let i = 0; i < 60; i++) {
      expect((await post(snapshots, { ...newSnapshot(`snap-${i}`), metadata: { name: `snap-${i}`, labels: { team: i % 2 ? 'blue' : 'red' } } })).status).toBe(201)
    }
    let watches: any[] = []
    await eventually(async () => (watches = (await readJson(await call('/_emulator/state'))).watches).at(0)?.received).toBe(30)
    expect(watches).toHaveLength(1)
    expect(watches[0]).toMatchObject({ id: expect.any(Number), path: `${snapshots}?watch=true&labelSelector=team%3Dblue&resourceVersion=0`, opened: '2026-01-01T00:00:00Z' })
    expect(watches[0].events.map((event: any) => `${event.type} ${event.name}`)).toEqual(Array.from({ length: 30 }, (_, i) => `ADDED snap-${2 * i + 1}`))
    expect(watches[0].events[0]).toEqual({ type: 'ADDED', name: 'snap-1', resourceVersion: expect.any(Number), time: '2026-01-01T00:00:00Z' })

    // More than the history holds: the count goes on, the history keeps the latest 50.
    for (let i = 60; i < 100; i++) {
      await post(snapshots, { metadata: { name: `snap-${i}`, labels: { team: 'blue' } }, spec: newSnapshot('x').spec })
    }
    await eventually(async () => (watches = (await readJson(await call('/_emulator/state'))).watches)[0].received).toBe(70)
    expect(watches[0].events).toHaveLength(50)
    expect(watches[0].events.at(-1).name).toBe('snap-99')
    await watch.body!.cancel()
    await eventually(async () => (await readJson(await call('/_emulator/state'))).watches).toEqual([])
  })

  test('scenarios with each step fired or pending; the latest requests with their emulator time', async () => {
    const played = await post('/_emulator/scenarios', {
      name: 'two-steps',
      steps: [
        { id: 'busy', when: { method: 'GET', path: `${snapshots}/:name` }, respond: { status: 429 } },
        { id: 'later', at: '5m', delete: { api: 'cci', name: 'my-imagesnapshot' } },
      ],
    })
    expect(played.status).toBe(201)
    expect((await call(`${snapshots}/test-imagesnapshot`)).status).toBe(429)
    const state = await readJson(await call('/_emulator/state'))
    expect(state.scenarios).toEqual([
      {
        name: 'two-steps',
        playing: true,
        steps: [
          expect.objectContaining({ step: 1, id: 'busy', fired: 1, complete: true }),
          expect.objectContaining({ step: 2, id: 'later', trigger: 'at 5m', fired: 0, complete: false }),
        ],
      },
    ])
    expect(state.journal).toEqual([{ seq: 1, time: '2026-01-01T00:00:00Z', api: 'cci', method: 'GET', url: `${snapshots}/test-imagesnapshot`, status: 429 }])
  })

  test('GET /_emulator/state/stream: the state at once, then a new one when something changes', async () => {
    const response = await call('/_emulator/state/stream')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const states = await readStates(response, 3, async (seen) => {
      if (seen === 1) await post('/_emulator/clock/advance', { by: '2s' })
      if (seen === 2) await post(snapshots, newSnapshot('streamed'))
    })
    expect(states[0].clock.now).toBe('2026-01-01T00:00:00Z')
    expect(states[1].clock.now).toBe('2026-01-01T00:00:02Z')
    expect(states[2].apis.find((api: any) => api.name === 'cci').kinds[0].objects.map((o: any) => o.key)).toContain('streamed')
    expect(states[2].journal.at(-1)).toMatchObject({ method: 'POST', url: snapshots, status: 201 })
  })

  test('GET /_emulator/ui: one HTML page that loads nothing from elsewhere', async () => {
    const response = await call('/_emulator/ui')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await response.text()
    expect(html).toContain('<title>image-api-emulator inspector</title>')
    expect(html).not.toMatch(/\b(?:src|href)=["']?(?:https?:)?\/\//)
  })
})

describe('inspector endpoints with tokens', () => {
  const h = useEmulator('server', { seed: 3, fixtures: ['cci-snapshots'], clock: { mode: 'manual' }, auth: { tokens: { t0ken: { user: 'admin' } } } })

  test('the page is sent to anyone (it holds no state); the state and objects want the token', async () => {
    expect((await fetch(`${h.base}/_emulator/ui`)).status).toBe(200)
    for (const path of ['/_emulator/state', '/_emulator/state/stream', '/_emulator/objects/cci/imagesnapshots/my-imagesnapshot']) {
      const refused = await fetch(`${h.base}${path}`)
      expect(refused.status).toBe(401)
      expect(await readJson(refused)).toMatchObject({ kind: 'Status', code: 401 })
    }
    const allowed = await fetch(`${h.base}/_emulator/state`, { headers: { authorization: 'Bearer t0ken' } })
    expect(allowed.status).toBe(200)
  })
})
