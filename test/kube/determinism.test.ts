// Same seed, same requests ⇒ the same bytes: uids, generated names, timestamps and resourceVersions
// come from the emulator's seeded ids and virtual clock, never from the machine.
import { expect, test } from 'vitest'
import { createEmulator, type Emulator } from '../../src/emulator.ts'

const base = 'http://kube.test/apis/image.openshift.io/v1/images'

async function script(emulator: Emulator): Promise<string[]> {
  const out: string[] = []
  const send = async (path: string, init: RequestInit = {}) => {
    const response = await emulator.dispatch(new Request(`${base}${path}`, init))
    out.push(`${response.status} ${response.headers.get('audit-id')} ${await response.text()}`)
  }
  const json = { 'content-type': 'application/json' }
  for (let i = 0; i < 3; i++) {
    await send('', { method: 'POST', headers: json, body: JSON.stringify({ metadata: { generateName: 'img-' }, dockerImageReference: `quay.io/x/y:${i}` }) })
    await emulator.clock.advance('17s')
  }
  await send('', { method: 'POST', headers: json, body: JSON.stringify({ metadata: { name: 'fixed' }, dockerImageReference: 'quay.io/x/y:z' }) })
  await send('/fixed', { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: '{"metadata":{"labels":{"a":"b"}}}' })
  await send('?limit=2')
  await send('/fixed', { method: 'DELETE' })
  await send('', { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } })
  return out
}

test('two emulators with the same seed answer byte for byte alike', async () => {
  const first = await script(createEmulator({ seed: 42 }))
  const second = await script(createEmulator({ seed: 42 }))
  expect(second).toEqual(first)
  expect(first[0]).toMatch(/"name":"img-[a-z0-9]{5}"/)
})

test('a different seed gives different uids and names', async () => {
  const first = await script(createEmulator({ seed: 1 }))
  const other = await script(createEmulator({ seed: 2 }))
  expect(other[0]).not.toEqual(first[0])
})

test('reset() returns to the same initial state and ids', async () => {
  const emulator = createEmulator({ seed: 5 })
  const first = await script(emulator)
  await emulator.reset()
  expect(await script(emulator)).toEqual(first)
})
