// The ImageSnapshot lifecycle as a client sees it over HTTP (cci.md §10): the emulator's manual clock
// drives Creating → Available | Unavailable, TTL expiry and the finalizer-held deletion, and a watcher
// sees every transition as its own event with a new resourceVersion (CCI-47, CCI-48). Events cross a
// socket on the standalone server, so reads wait (bounded, real time) for what the clock has produced.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { createEmulator, type Emulator } from '../../src/emulator.ts'
import { readJson, transports, useEmulator, watchEvents } from '../support/transports.ts'
import { createRequests, finalizer, snapshot, snapshots } from './cciRequests.ts'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const digest = /^sha256:[0-9a-f]{64}$/

/** `TYPE name phase [deleting]` lines, the shape CCI-47's order guarantee talks about. */
function transitions(events: any[]): string[] {
  return events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.status?.phase}${e.object.metadata.deletionTimestamp ? ' deleting' : ''}`)
}

function resourceVersions(events: any[]): number[] {
  return events.map((e) => Number(e.object.metadata.resourceVersion))
}

function strictlyIncreasing(values: number[]): boolean {
  return values.every((value, i) => i === 0 || value > values[i - 1]!)
}

describe.each(transports)('ImageSnapshot lifecycle over %s', (transport) => {
  describe('defaults', () => {
    const h = useEmulator(transport)
    const { call, post, remove, get } = createRequests(() => h.base)
    const openWatch = async () => watchEvents(await call(`${snapshots}?watch=true&resourceVersion=${h.emulator.store.resourceVersion()}&timeoutSeconds=604800`))

    test('cci.md §10.3: Creating → Available after 90s → TTL expiry through Deleting to DELETED, each a new resourceVersion', async () => {
      const watch = await openWatch()
      const created = await readJson(await post(snapshot('snap-1', { images: [{ image: 'nginx:latest' }, { image: 'redis:7.2' }], ttlDaysAfterCreated: 1 })))
      expect(created.status).toEqual({ phase: 'Creating' })
      expect(transitions(await watch.until(1))).toEqual(['ADDED snap-1 Creating'])

      await h.emulator.clock.advance('89s')
      expect((await readJson(await get('snap-1'))).status).toEqual({ phase: 'Creating' })
      await h.emulator.clock.advance('1s')
      const events = await watch.until(2)
      expect(transitions(events)).toEqual(['ADDED snap-1 Creating', 'MODIFIED snap-1 Available'])
      const available = events[1].object
      // CCI-45: what the build wrote, in the seed schema's order.
      expect(Object.keys(available.status)).toEqual(['expireDateTime', 'images', 'lastUpdatedTime', 'phase', 'snapshotID', 'snapshotName'])
      expect(available.status).toMatchObject({
        expireDateTime: '2026-01-02T00:00:00Z',
        lastUpdatedTime: '2026-01-01T00:01:30Z',
        phase: 'Available',
        snapshotID: expect.stringMatching(uuid),
        snapshotName: 'cci-imagesnapshot-snap-1',
      })
      expect(available.status.images.map((i: any) => i.image)).toEqual(['nginx:latest', 'redis:7.2'])
      for (const image of available.status.images) {
        expect(Object.keys(image)).toEqual(['digest', 'image', 'sizeBytes'])
        expect(image.digest).toMatch(digest)
        expect(image.sizeBytes).toBeGreaterThanOrEqual(5 * 1024 * 1024)
        expect(image.sizeBytes).toBeLessThanOrEqual(512 * 1024 * 1024)
      }
      expect(await readJson(await get('snap-1'))).toEqual(available)

      // At 2026-01-02T00:00:00Z the TTL marks the object (T6), Deleting follows at the same instant (T7),
      // the finalizer goes 5 s later (T8).
      await h.emulator.clock.advance('1d')
      const all = await watch.until(5)
      expect(transitions(all)).toEqual([
        'ADDED snap-1 Creating',
        'MODIFIED snap-1 Available',
        'MODIFIED snap-1 Available deleting',
        'MODIFIED snap-1 Deleting deleting',
        'DELETED snap-1 Deleting deleting',
      ])
      expect(strictlyIncreasing(resourceVersions(all))).toBe(true)
      expect(all[2].object.metadata).toMatchObject({ deletionTimestamp: '2026-01-02T00:00:00Z', deletionGracePeriodSeconds: 0, finalizers: [finalizer] })
      expect(all[3].object.status).toMatchObject({ phase: 'Deleting', lastUpdatedTime: '2026-01-02T00:00:00Z', snapshotID: available.status.snapshotID })
      expect((await get('snap-1')).status).toBe(404)
      await watch.stop()
    })

    test('CCI-39/48: DELETE shows deletionTimestamp first with the phase unchanged (seed 000); Deleting and DELETED follow on the clock', async () => {
      await post(snapshot('snap-1'))
      const watch = await openWatch()
      await h.emulator.clock.advance('21s')
      const response = await remove('snap-1', { propagationPolicy: 'Background' })
      expect(response.status).toBe(200)
      const marked = await readJson(response)
      expect(marked.metadata).toMatchObject({ deletionTimestamp: '2026-01-01T00:00:21Z', deletionGracePeriodSeconds: 0, finalizers: [finalizer] })
      expect(marked.status).toEqual({ phase: 'Creating' })
      expect(transitions(await watch.until(1))).toEqual(['MODIFIED snap-1 Creating deleting'])
      // Nothing fires inside the request; advance(0) flushes the transition due now (CCI-48).
      expect((await readJson(await get('snap-1'))).status).toEqual({ phase: 'Creating' })
      await h.emulator.clock.advance(0)
      expect((await readJson(await get('snap-1'))).status).toEqual({ phase: 'Deleting', lastUpdatedTime: '2026-01-01T00:00:21Z' })
      // CCI-46: the build due at 90 s is cancelled; the object goes at deletionTimestamp + 5 s.
      await h.emulator.clock.advance('4s')
      expect((await get('snap-1')).status).toBe(200)
      await h.emulator.clock.advance('1s')
      const events = await watch.until(3)
      expect(transitions(events)).toEqual(['MODIFIED snap-1 Creating deleting', 'MODIFIED snap-1 Deleting deleting', 'DELETED snap-1 Deleting deleting'])
      expect(strictlyIncreasing(resourceVersions(events))).toBe(true)
      expect((await get('snap-1')).status).toBe(404)
      await h.emulator.clock.advance('1h')
      expect(await watch.until(4, 50)).toHaveLength(3)
      await watch.stop()
    })

    test('T4: a build still Creating after buildingConfig.timeoutMinutes is Unavailable with BuildTimeout', async () => {
      h.emulator.cci.lifecycle.configure({ creatingFor: 'never' })
      try {
        const watch = await openWatch()
        await post(snapshot('slow', { buildingConfig: { namespace: 'ns-a', timeoutMinutes: 30 }, ttlDaysAfterCreated: 2 }))
        await h.emulator.clock.advance('29m59s')
        expect((await readJson(await get('slow'))).status.phase).toBe('Creating')
        await h.emulator.clock.advance('1s')
        const events = await watch.until(2)
        expect(transitions(events)).toEqual(['ADDED slow Creating', 'MODIFIED slow Unavailable'])
        expect(events[1].object.status).toEqual({
          expireDateTime: '2026-01-03T00:00:00Z',
          lastUpdatedTime: '2026-01-01T00:30:00Z',
          message: 'image snapshot was not created within 30 minutes',
          phase: 'Unavailable',
          reason: 'BuildTimeout',
        })
        await watch.stop()
      } finally {
        h.emulator.cci.lifecycle.configure(undefined)
      }
    })

    test('CCI-8: ttlDaysAfterCreated 0 or absent never expires', async () => {
      await post(snapshot('keep-0', { ttlDaysAfterCreated: 0 }))
      await post(snapshot('keep-none'))
      await h.emulator.clock.advance('400d')
      const list = await readJson(await call(snapshots))
      expect(list.items.map((i: any) => [i.metadata.name, i.status.phase, i.status.expireDateTime])).toEqual([
        ['keep-0', 'Available', undefined],
        ['keep-none', 'Available', undefined],
      ])
    })

    test('CCI-45: a digest in the reference is reported as is; the same image has the same digest in every snapshot', async () => {
      const pinned = 'nginx@sha256:8d2ee12027f46185a1d3f67e1ce0ab98d0bf6618cb45f028ae0867657d3e8ad5'
      await post(snapshot('snap-a', { images: [{ image: pinned }, { image: 'busybox:1.36' }] }))
      await post(snapshot('snap-b', { images: [{ image: 'busybox:1.36' }] }))
      await h.emulator.clock.advance('90s')
      const a = (await readJson(await get('snap-a'))).status
      const b = (await readJson(await get('snap-b'))).status
      expect(a.images[0].digest).toBe('sha256:8d2ee12027f46185a1d3f67e1ce0ab98d0bf6618cb45f028ae0867657d3e8ad5')
      expect(a.images[1]).toEqual(b.images[0])
      expect(a.snapshotID).not.toBe(b.snapshotID)
    })

    test('CCI-49: after restore() the transitions are recomputed from the restored objects, not replayed', async () => {
      await post(snapshot('snap-1'))
      const saved = h.emulator.snapshot()
      await h.emulator.clock.advance('90s')
      const first = (await readJson(await get('snap-1'))).status
      expect(first.phase).toBe('Available')
      await h.emulator.restore(saved)
      expect((await readJson(await get('snap-1'))).status).toEqual({ phase: 'Creating' })
      // The build was due at 90 s, which has passed: it fires on the next tick, as a new build.
      expect(h.emulator.cci.lifecycle.pending()).toEqual([{ name: 'snap-1', id: 'T2', at: Date.parse('2026-01-01T00:01:30Z') }])
      await h.emulator.clock.advance(0)
      const again = (await readJson(await get('snap-1'))).status
      expect(again.phase).toBe('Available')
      expect(again.images).toEqual(first.images)
      await h.emulator.reset()
      expect(h.emulator.cci.lifecycle.pending()).toEqual([])
      expect((await get('snap-1')).status).toBe(404)
    })

    test('a Table watch (kubectl get -w) sends one-row Tables with the phase of each transition (K-37)', async () => {
      const table = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json'
      const watch = watchEvents(
        await call(`${snapshots}?watch=true&resourceVersion=${h.emulator.store.resourceVersion()}&timeoutSeconds=600`, { headers: { accept: table } }),
      )
      await post(snapshot('snap-1'))
      await h.emulator.clock.advance('100s')
      const events = await watch.until(2)
      expect(events.map((e) => [e.type, e.object.kind, Boolean(e.object.columnDefinitions), e.object.rows[0].cells.slice(0, 3)])).toEqual([
        ['ADDED', 'Table', true, ['snap-1', 'Creating', '0s']],
        ['MODIFIED', 'Table', false, ['snap-1', 'Available', '90s']],
      ])
      await watch.stop()
    })
  })

  describe('configured per emulator and per object (CCI-43, CCI-44)', () => {
    const h = useEmulator(transport, {
      seed: 1,
      lifecycle: {
        cci: {
          creatingFor: '2m',
          deletingFor: '30s',
          overrides: {
            'snap-bad': { outcome: 'Failed', failure: { reason: 'ImagePullFailed', message: 'pull nginx:latest: 429' } },
            'snap-evs': { outcome: 'Unavailable', creatingFor: '10s' },
          },
        },
      },
    })
    const { call, post, remove, get } = createRequests(() => h.base)

    test('an Unavailable snapshot reports its reason and message; Failed is written as Unavailable', async () => {
      const watch = watchEvents(await call(`${snapshots}?watch=true&timeoutSeconds=600`))
      await post(snapshot('snap-bad', { ttlDaysAfterCreated: 30 }))
      await post(snapshot('snap-evs'))
      await post(snapshot('snap-ok'))
      await h.emulator.clock.advance('10s')
      expect((await readJson(await get('snap-evs'))).status).toEqual({
        lastUpdatedTime: '2026-01-01T00:00:10Z',
        message: 'failed to create EVS snapshot for image snapshot "snap-evs"',
        phase: 'Unavailable',
        reason: 'CreateEVSSnapshotFailed',
      })
      await h.emulator.clock.advance('110s')
      const events = await watch.until(6)
      expect(transitions(events)).toEqual([
        'ADDED snap-bad Creating',
        'ADDED snap-evs Creating',
        'ADDED snap-ok Creating',
        'MODIFIED snap-evs Unavailable',
        // CCI-47: due at the same instant, T2 (Available) fires before T3 (Unavailable), then by name.
        'MODIFIED snap-ok Available',
        'MODIFIED snap-bad Unavailable',
      ])
      expect(events[5].object.status).toEqual({
        expireDateTime: '2026-01-31T00:00:00Z',
        lastUpdatedTime: '2026-01-01T00:02:00Z',
        message: 'pull nginx:latest: 429',
        phase: 'Unavailable',
        reason: 'ImagePullFailed',
      })
      expect(strictlyIncreasing(resourceVersions(events))).toBe(true)
      await watch.stop()
    })

    test('deletingFor applies to every object', async () => {
      await post(snapshot('snap-ok'))
      await remove('snap-ok')
      await h.emulator.clock.advance('29s')
      expect((await readJson(await get('snap-ok'))).status.phase).toBe('Deleting')
      await h.emulator.clock.advance('1s')
      expect((await get('snap-ok')).status).toBe(404)
    })
  })
})

describe('fixtures (fixtures/cci-snapshots.json, CCI-50)', () => {
  const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/cci-snapshots.json', import.meta.url), 'utf8')) as any[]

  describe.each(transports)('over %s', (transport) => {
    const h = useEmulator(transport, { seed: 1, fixtures: ['cci-snapshots'] })
    const { call, get } = createRequests(() => h.base)

    test('the three examples are served, rebased so that the newest was created now', async () => {
      const list = await readJson(await call(snapshots))
      expect(list.items.map((i: any) => [i.metadata.name, i.metadata.creationTimestamp, i.status.phase])).toEqual([
        ['api-server-snapshot', '2026-01-01T00:00:00Z', 'Unavailable'],
        ['my-imagesnapshot', '2025-12-31T21:45:00Z', 'Available'],
        ['test-imagesnapshot', '2025-03-15T17:46:31Z', 'Creating'],
      ])
      const b = await readJson(await get('my-imagesnapshot'))
      const fixtureB = fixtures.find((f) => f.metadata.name === 'my-imagesnapshot')
      expect(b.spec).toEqual(fixtureB.spec)
      expect(b.metadata.uid).toBe(fixtureB.metadata.uid)
      expect(b.status).toEqual({ ...fixtureB.status, expireDateTime: '2026-01-07T21:45:00Z', lastUpdatedTime: '2025-12-31T21:46:30Z' })
    })

    test('CCI-49: the overdue build of the seed’s Creating snapshot fires on the next advance; the TTLs run from the rebased times', async () => {
      await h.emulator.clock.advance(0)
      expect((await readJson(await get('test-imagesnapshot'))).status.phase).toBe('Available')
      // B expires 7 days after its rebased creation, C 30 days after its own.
      await h.emulator.clock.advanceTo('2026-01-07T21:45:05Z')
      expect((await get('my-imagesnapshot')).status).toBe(404)
      expect((await get('api-server-snapshot')).status).toBe(200)
    })
  })

  test('seed 000’s DELETE example: fixture A deleted 21 s after its creation answers 200 with the seed’s body', async () => {
    const emulator = createEmulator({ seed: 1, clock: { start: '2025-03-15T04:01:31Z' } })
    try {
      const fixtureA = fixtures.find((f) => f.metadata.name === 'test-imagesnapshot')
      await emulator.loadFixtures([[fixtureA]])
      await emulator.clock.advance('21s')
      const response = await emulator.dispatch(new Request(`http://cci.test${snapshots}/test-imagesnapshot`, { method: 'DELETE' }))
      expect(response.status).toBe(200)
      const body = await response.text()
      const seedExample = {
        apiVersion: 'cci/v2',
        kind: 'ImageSnapshot',
        metadata: {
          annotations: { 'tenant.cci.io/tenant-id': '08a2c8ef8d80d4152ff8c001d0281c03' },
          creationTimestamp: '2025-03-15T04:01:31Z',
          deletionGracePeriodSeconds: 0,
          deletionTimestamp: '2025-03-15T04:01:52Z',
          finalizers: ['imagesnapshot.kubernetes.io/imagesnapshot-finalizer'],
          labels: {
            sys_enterprise_project_id: '0',
            'tenant.cci.io/tenant-id': '08a2c8ef8d80d4152ff8c001d0281c03',
            'tenant.kubernetes.io/domain-id': '08a2c8ef8180d4150ff5c0012463ee60',
            'tenant.kubernetes.io/project-id': '08a2c8ef8d80d4152ff8c001d0281c03',
          },
          name: 'test-imagesnapshot',
          resourceVersion: '2',
          uid: '88fd2a14-cdcb-4902-b712-a16b4f4491b7',
        },
        spec: {
          buildingConfig: { autoCreateEIPAttribute: {}, namespace: 'auto-test-converged-namespace' },
          imageSnapshotSize: 30,
          images: [{ image: 'nginx:stable-alpine-perl' }],
          registries: [{ imagePullSecret: 'imagepull-secret', server: 'swr.cn-north-7.xxxxx.com' }],
          ttlDaysAfterCreated: 0,
        },
        status: { phase: 'Creating' },
      }
      // Byte for byte, key order included; only the resourceVersion is the emulator's own.
      expect(body).toBe(`${JSON.stringify(seedExample)}\n`)
    } finally {
      emulator.dispose()
    }
  })

  test('loadFixtures(["cci-snapshots"]) on a running emulator schedules the fixtures’ transitions', async () => {
    const emulator = createEmulator({ seed: 1 })
    try {
      await emulator.loadFixtures(['cci-snapshots'])
      expect(emulator.cci.lifecycle.pending().map((p) => `${p.name} ${p.id}`)).toEqual([
        'test-imagesnapshot T2',
        'my-imagesnapshot T6',
        'api-server-snapshot T6',
      ])
    } finally {
      emulator.dispose()
    }
  })
})

describe('CCI-51: the same seed and requests give the same bytes', () => {
  async function transcript(emulator: Emulator): Promise<string[]> {
    const lines: string[] = []
    const request = async (method: string, path: string, body?: unknown) => {
      const response = await emulator.dispatch(
        new Request(`http://cci.test${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }),
      )
      lines.push(`${method} ${path} ${response.status} ${await response.text()}`)
    }
    const watch = watchEvents(await emulator.dispatch(new Request(`http://cci.test${snapshots}?watch=true&timeoutSeconds=86400`)))
    await request('POST', snapshots, snapshot('snap-1', { images: [{ image: 'nginx:latest' }, { image: 'redis:7.2' }], ttlDaysAfterCreated: 1 }))
    await request('POST', snapshots, { ...snapshot(''), metadata: { generateName: 'snap-' } })
    await emulator.clock.advance('90s')
    await request('GET', snapshots)
    await request('DELETE', `${snapshots}/snap-1`)
    await emulator.clock.advance('1d')
    await request('GET', snapshots)
    const events = await watch.until(7)
    await watch.stop()
    return [...lines, ...events.map((e) => JSON.stringify(e))]
  }

  test('two emulators with seed 7 answer identically; seed 8 draws other ids and digests', async () => {
    const runs = [createEmulator({ seed: 7 }), createEmulator({ seed: 7 }), createEmulator({ seed: 8 })]
    try {
      const [a, b, c] = [await transcript(runs[0]!), await transcript(runs[1]!), await transcript(runs[2]!)]
      // 5 answers and 7 watch events: ADDED ×2, Available ×2, deletionTimestamp, Deleting, DELETED.
      expect(a).toHaveLength(12)
      expect(b).toEqual(a)
      expect(c).not.toEqual(a)
    } finally {
      for (const emulator of runs) emulator.dispose()
    }
  })
})
