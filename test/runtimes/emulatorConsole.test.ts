// The console API behind window.imageApiEmulator, over an emulator in Node: what a developer types
// in the devtools console must list, create, move time, reset and show the journal.
import { afterEach, expect, test } from 'vitest'
import { createEmulator, type Emulator } from '../../src/emulator.ts'
import { createEmulatorConsole } from '../../src/runtimes/emulatorConsole.ts'

let emulator: Emulator
afterEach(() => emulator?.dispose())

const snapshot = (name: string) => ({ metadata: { name }, spec: { buildingConfig: { namespace: 'ns-a' }, images: [{ image: 'nginx:latest' }] } })

function consoleOver(options: Parameters<typeof createEmulator>[0] = {}, consoleOptions = {}) {
  emulator = createEmulator({ fixtures: ['openshift-images', 'cci-snapshots', 'glance-images'], ...options })
  return createEmulatorConsole(() => emulator, consoleOptions)
}

test('create goes through the API: defaults applied, the journal records it, the lifecycle runs (CCI-44)', async () => {
  const api = consoleOver()
  await emulator.ready
  const created = (await api.create('cci', snapshot('snap-1'))) as { metadata: { name: string; uid: string }; status: { phase: string } }
  expect(created.status.phase).toBe('Creating')
  expect(api.get('cci', 'snap-1')).toMatchObject({ metadata: { uid: created.metadata.uid } })
  expect(api.journal({ method: 'POST' }).map((e) => `${e.api} ${e.url} ${e.status}`)).toEqual(['cci /apis/cci/v2/imagesnapshots 201'])
  expect(await api.advance('90s')).toBe('2026-01-01T00:01:30Z')
  expect(api.get('cci', 'snap-1')).toMatchObject({ status: { phase: 'Available' } })
  expect(api.now()).toBe('2026-01-01T00:01:30Z')
})

test("a refused create rejects with the API's own message: a Status for CCI, Glance's error for Glance", async () => {
  const api = consoleOver()
  await expect(api.create('cci', { metadata: { name: 'Bad_Name' }, spec: {} })).rejects.toThrow(/ImageSnapshot.* "Bad_Name" is invalid/)
  await expect(api.create('glance', { name: 'x', status: 'active' })).rejects.toThrow("Attribute 'status' is read-only.")
})

test('Glance: create with data uploads the bytes, and the image is active with their size (G10.2)', async () => {
  const api = consoleOver()
  const image = (await api.create('glance', { name: 'tiny', disk_format: 'raw', container_format: 'bare' }, { data: 'abc' })) as { id: string; status: string; size: number; checksum: string }
  expect(image).toMatchObject({ status: 'active', size: 3, checksum: '900150983cd24fb0d6963f7d28e17f72' })
  expect((api.list('glance') as Array<{ id: string }>).map((i) => i.id)).toContain(image.id)
})

test('list and get read every API; an unknown API name is refused with the valid ones', async () => {
  const api = consoleOver()
  await emulator.ready
  expect(api.list('openshift')).toHaveLength(3)
  expect((api.list('cci') as Array<{ metadata: { name: string } }>).map((s) => s.metadata.name)).toEqual(['api-server-snapshot', 'my-imagesnapshot', 'test-imagesnapshot'])
  expect(api.get('glance', 'no-such-id')).toBeUndefined()
  expect(() => api.list('swift' as never)).toThrow(`unknown API "swift": use one of 'openshift', 'cci', 'identity', 'glance'`)
})

test('reset() restores the fixtures, the clock and an empty journal', async () => {
  const api = consoleOver()
  await api.create('cci', snapshot('temporary'))
  await api.advance('10m')
  await api.reset()
  expect(api.get('cci', 'temporary')).toBeUndefined()
  expect(api.now()).toBe('2026-01-01T00:00:00Z')
  expect(api.journal()).toEqual([])
})

test('with token auth the console sends its token, as any client must', async () => {
  const api = consoleOver({ auth: { tokens: { 'dev-token': { user: 'developer', admin: true } } } }, { token: 'dev-token' })
  await expect(api.create('cci', snapshot('with-token'))).resolves.toMatchObject({ metadata: { name: 'with-token' } })
  const anonymous = createEmulatorConsole(() => emulator)
  await expect(anonymous.create('cci', snapshot('without-token'))).rejects.toThrow(/Unauthorized/)
})

test('play() takes a built-in scenario by name; an unknown name lists the built-in ones', async () => {
  const api = consoleOver()
  const handle = api.play('update-conflict')
  await handle.ready
  await api.create('cci', snapshot('snap-9'))
  const current = api.get('cci', 'snap-9') as { metadata: Record<string, unknown> }
  const put = () =>
    emulator.dispatch(
      new Request('http://emulator.localhost/apis/cci/v2/imagesnapshots/snap-9', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...current, metadata: { ...current.metadata, labels: { pinned: 'true' } } }),
      }),
    )
  expect((await put()).status).toBe(409)
  expect((await put()).status).toBe(200)
  handle.expectComplete()
  expect(() => api.play('no-such-scenario')).toThrow(/^unknown scenario "no-such-scenario": built-in scenarios are .*update-conflict/)
})
