// reset() returns to the state right after the configured fixtures were loaded: the same objects,
// resourceVersions, history, module state and next ids as an emulator that has just loaded them,
// whatever the tests did in between. After the first reset it puts that state back instead of
// loading the fixtures again, so this compares it with a freshly created emulator.
import { expect, test } from 'vitest'
import openshiftImages from '../../../fixtures/openshift-images.json' with { type: 'json' }
import { createEmulator, type Emulator } from '../../../src/emulator.ts'

const options = { fixtures: ['openshift-images', 'cci-snapshots', 'glance-images'] }
const origin = 'http://emulator.test'

function send(emulator: Emulator, method: string, path: string, body?: unknown, type = 'application/json') {
  return emulator.dispatch(new Request(`${origin}${path}`, { method, headers: body === undefined ? {} : { 'content-type': type }, body: body === undefined ? undefined : JSON.stringify(body) }))
}

function image(name: string) {
  return { ...structuredClone(openshiftImages[1]), metadata: { name, labels: { app: 'probe' } } }
}

/** What a test would see next: the state, a created object (uid, version, timestamps), lists, the write history. */
async function observe(emulator: Emulator) {
  const state = emulator.snapshot()
  // The history a watch from an old resourceVersion replays, per kind.
  const history = Object.keys(state.store.kinds).map((kind) => emulator.store.events.since(kind, 0))
  const created = await (await send(emulator, 'POST', '/apis/image.openshift.io/v1/images', image('probe'))).json()
  const snapshots = await (await send(emulator, 'GET', '/apis/cci/v2/imagesnapshots')).json()
  const glance = await (await send(emulator, 'POST', '/v2/images', { name: 'probe', disk_format: 'raw', container_format: 'bare' })).json()
  // Metadef resource types are seeded on first use, after a reset as after creation.
  const resourceTypes = await (await send(emulator, 'GET', '/v2/metadefs/resource_types')).json()
  const after = Object.keys(state.store.kinds).map((kind) => emulator.store.events.since(kind, 0))
  return { state, history, created, snapshots, glance, resourceTypes, after }
}

/** A test's worth of traffic in every API, a clock advance and a scenario. */
async function traffic(emulator: Emulator, round: number) {
  expect((await send(emulator, 'POST', '/apis/image.openshift.io/v1/images', image(`extra-${round}`))).status).toBe(201)
  const name = openshiftImages[0]!.metadata.name
  const patched = await send(emulator, 'PATCH', `/apis/image.openshift.io/v1/images/${name}`, { metadata: { labels: { touched: 'yes' } } }, 'application/merge-patch+json')
  expect(patched.status).toBe(200)
  expect((await send(emulator, 'POST', '/v2/images', { name: `extra-${round}` })).status).toBe(201)
  await emulator.clock.advance('10m')
  emulator.play({ name: 'conflict', steps: [{ when: { method: 'PUT' }, respond: { status: 409 } }] })
}

test('after traffic, reset() gives what a fresh emulator with the same fixtures gives, every time', async () => {
  const fresh = createEmulator(options)
  await fresh.ready
  const expected = await observe(fresh)
  fresh.dispose()

  const emulator = createEmulator(options)
  await emulator.ready
  for (let round = 0; round < 3; round++) {
    await traffic(emulator, round)
    await emulator.reset()
    expect(await observe(emulator)).toEqual(expected)
  }
  // A reset with nothing written since gives the same again.
  await emulator.reset()
  await emulator.reset()
  expect(await observe(emulator)).toEqual(expected)
  emulator.dispose()
})
