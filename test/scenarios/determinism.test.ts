// Determinism (design §3 "The clock is the only source of time"): every built-in scenario, driven by
// the same requests and clock moves on a fresh emulator with the same seed, gives byte-identical
// journals and answers on every run.
import { describe, expect, test, vi } from 'vitest'
import { createEmulator, type Emulator } from '../../src/emulator.ts'
import * as library from '../../scenarios/index.ts'
import type { Scenario } from '../../src/scenarios/scenario.ts'

const snapshots = '/apis/cci/v2/imagesnapshots'
const snapshot = (name: string) =>
  JSON.stringify({ apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name }, spec: { buildingConfig: { namespace: 'ns-a' }, images: [{ image: 'nginx:latest' }] } })

interface Driver {
  emulator: Emulator
  /** Sends a request and writes its status and body into the transcript. */
  send(method: string, path: string, body?: string, type?: string): Promise<void>
  /** Sends a request whose answer is read later (a watch, a delayed answer). */
  start(method: string, path: string): Promise<Response>
  note(response: Response): Promise<void>
}

const drivers: Record<string, (d: Driver) => Promise<void>> = {
  async updateConflict(d) {
    await d.send('POST', snapshots, snapshot('snap-1'))
    await d.send('PUT', `${snapshots}/snap-1`, snapshot('snap-1'))
    await d.send('PUT', `${snapshots}/snap-1`, snapshot('snap-1'))
  },
  async rateLimited(d) {
    for (let i = 0; i < 3; i++) await d.send('GET', '/v2/images')
    await d.send('GET', snapshots)
  },
  async validationFailure(d) {
    await d.send('POST', snapshots, snapshot('snap-1'))
    await d.send('POST', snapshots, snapshot('snap-1'))
  },
  async snapshotFailsAfterTwoMinutes(d) {
    await d.send('POST', snapshots, snapshot('snap-1'))
    await d.emulator.clock.advance('90s')
    await d.send('GET', `${snapshots}/snap-1`)
    await d.emulator.clock.advance('30s')
    await d.send('GET', `${snapshots}/snap-1`)
  },
  async snapshotExpiresByTtl(d) {
    await d.send('GET', `${snapshots}/cache-snapshot`)
    await d.emulator.clock.advance('90s')
    await d.send('GET', `${snapshots}/cache-snapshot`)
    await d.emulator.clock.advance('1d')
    await d.send('GET', `${snapshots}/cache-snapshot`)
  },
  async glanceUploadKilled(d) {
    await d.send('POST', '/v2/images', JSON.stringify({ id: 'c0ffee00-0000-4000-8000-000000000001', name: 'cirros', disk_format: 'qcow2', container_format: 'bare' }))
    await d.send('PUT', '/v2/images/c0ffee00-0000-4000-8000-000000000001/file', 'image bytes', 'application/octet-stream')
    await d.send('GET', '/v2/images/c0ffee00-0000-4000-8000-000000000001')
    await d.send('GET', '/v2/images')
  },
  async watchExpires(d) {
    await d.send('POST', snapshots, snapshot('snap-1'))
    const watch = await d.start('GET', `${snapshots}?watch=true&resourceVersion=1`)
    await d.emulator.clock.advance('3m')
    await d.note(watch)
    await d.send('GET', snapshots)
  },
  async flakyApi(d) {
    for (let i = 0; i < 3; i++) {
      await d.send('GET', snapshots)
      await d.send('GET', '/v2/images')
    }
  },
  async slowApi(d) {
    const pending = d.start('GET', snapshots)
    await vi.waitFor(() => expect(d.emulator.scenarios.heldRequests()).toBeGreaterThan(0), { timeout: 5000, interval: 2 })
    await d.emulator.clock.advance('2s')
    await d.note(await pending)
  },
}

const builtIns = Object.entries(library).filter((entry): entry is [string, Scenario] => typeof entry[1] === 'object' && entry[1] !== null && 'steps' in entry[1])

async function run(scenario: Scenario, drive: (d: Driver) => Promise<void>): Promise<{ journal: string; transcript: string }> {
  const emulator = createEmulator({ seed: 42 })
  const transcript: string[] = []
  const request = (method: string, path: string, body?: string, type = 'application/json') =>
    new Request(`http://emulator.test${path}`, { method, headers: body === undefined ? {} : { 'content-type': type }, body })
  const note = async (response: Response) => {
    transcript.push(`${response.status} ${response.type === 'error' ? '(no response)' : await response.text()}`)
  }
  emulator.play(scenario)
  await drive({
    emulator,
    send: async (method, path, body, type) => note(await emulator.dispatch(request(method, path, body, type))),
    start: (method, path) => emulator.dispatch(request(method, path)),
    note,
  })
  const journal = JSON.stringify(emulator.journal.entries())
  emulator.dispose()
  return { journal, transcript: transcript.join('\n') }
}

describe('determinism of the built-in scenarios', () => {
  test('every built-in scenario has a driver here', () => {
    expect(Object.keys(drivers).sort()).toEqual(builtIns.map(([name]) => name).sort())
  })

  test.each(builtIns)('%s: two runs give byte-identical journals and answers', async (name, scenario) => {
    const first = await run(scenario, drivers[name]!)
    const second = await run(scenario, drivers[name]!)
    expect(first.journal.length).toBeGreaterThan(2)
    expect(second.journal).toBe(first.journal)
    expect(second.transcript).toBe(first.transcript)
  })
})
