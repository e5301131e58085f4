import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { openPrincipal } from '../../../src/auth.ts'
import { createClock, type Clock } from '../../../src/clock.ts'
import { createIds, type Ids } from '../../../src/ids.ts'
import type { KubeObject } from '../../../src/kube/resource.ts'
import { imageSnapshotFinalizer, imageSnapshotResource } from '../../../src/cci/imageSnapshot.ts'
import {
  canonicalImageSnapshotPhase,
  createImageSnapshotLifecycle,
  nextTransition,
  resolveImageSnapshotSettings,
  type ImageSnapshotLifecycleConfig,
  type ImageSnapshotLifecycleDeps,
  type ImageSnapshotTransitionResult,
} from '../../../src/cci/imageSnapshotLifecycle.ts'
import { rebaseImageSnapshotTimes } from '../../../src/cci/imageSnapshotTimes.ts'

const fixtures = JSON.parse(readFileSync(new URL('../../../fixtures/cci-snapshots.json', import.meta.url), 'utf8')) as KubeObject[]

interface Event {
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  at: string
  object: KubeObject
}

/**
 * The smallest store that honours the lifecycle's contract: one write path that bumps a
 * resourceVersion, records a watch event and tells the listeners.
 */
function createWorld(options: { seed?: number; config?: ImageSnapshotLifecycleConfig; clock?: Clock; ids?: Ids } = {}) {
  const clock = options.clock ?? createClock({ start: '2026-01-01T00:00:00Z' })
  const ids = options.ids ?? createIds(options.seed ?? 1)
  const objects = new Map<string, KubeObject>()
  const events: Event[] = []
  const listeners = new Set<(name: string) => void>()
  let revision = 0

  function commit(type: Event['type'], object: KubeObject) {
    const name = object.metadata.name!
    revision++
    if (type === 'DELETED') objects.delete(name)
    else objects.set(name, { ...structuredClone(object), metadata: { ...object.metadata, resourceVersion: String(revision) } })
    events.push({ type, at: clock.iso(), object: structuredClone(type === 'DELETED' ? { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } } : objects.get(name)!) })
    for (const listener of listeners) listener(name)
  }

  const deps: ImageSnapshotLifecycleDeps = {
    clock,
    ids,
    config: options.config,
    list: () => [...objects.values()].map((o) => structuredClone(o)),
    get: (name) => (objects.has(name) ? structuredClone(objects.get(name)!) : undefined),
    async update(name, decide) {
      const current = objects.get(name)
      if (!current) return
      const result: ImageSnapshotTransitionResult | undefined = decide(structuredClone(current))
      if (result === undefined) return
      if (result === 'delete') commit('DELETED', current)
      else commit('MODIFIED', result)
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }

  /** POST as the machinery does it: name, uid, creationTimestamp, then the strategy (T1). */
  function create(name: string, spec: Record<string, unknown>) {
    const object: KubeObject = { apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name, uid: ids.uuid(), creationTimestamp: clock.iso() }, spec }
    imageSnapshotResource.prepareForCreate(object, { now: clock.iso(), clock, ids, principal: openPrincipal, group: 'cci' })
    commit('ADDED', object)
  }

  /** DELETE on an object with finalizers (T5, CCI-39): returns what the DELETE response shows. */
  function remove(name: string): KubeObject {
    const object = structuredClone(objects.get(name)!)
    if (!object.metadata.deletionTimestamp) {
      object.metadata.deletionTimestamp = clock.iso()
      object.metadata.deletionGracePeriodSeconds = 0
      commit('MODIFIED', object)
    }
    return structuredClone(objects.get(name)!)
  }

  /** A client PUT that changes metadata only (the machinery's update path). */
  function setFinalizers(name: string, finalizers: string[]) {
    const object = structuredClone(objects.get(name)!)
    object.metadata.finalizers = finalizers
    if (object.metadata.deletionTimestamp && finalizers.length === 0) commit('DELETED', objects.get(name)!)
    else commit('MODIFIED', object)
  }

  const lifecycle = createImageSnapshotLifecycle(deps)
  const get = (name: string) => objects.get(name)
  const phases = (name?: string) =>
    events
      .filter((e) => name === undefined || e.object.metadata.name === name)
      .map((e) => `${e.at} ${e.type} ${e.object.metadata.name} ${(e.object.status as { phase?: string } | undefined)?.phase}${e.object.metadata.deletionTimestamp ? ' deleting' : ''}`)
  return { clock, ids, deps, lifecycle, objects, events, create, remove, setFinalizers, get, phases, commit }
}

const spec = (extra: Record<string, unknown> = {}) => ({ buildingConfig: { namespace: 'ns-a' }, images: [{ image: 'nginx:latest' }], ...extra })

const statusOf = (object: KubeObject | undefined) => object?.status as Record<string, any>

describe('Creating → Available (T2, CCI-45)', () => {
  test('the build completes creatingFor (default 90s) after creationTimestamp', async () => {
    const world = createWorld()
    world.create('snap-1', spec({ images: [{ image: 'nginx:latest' }, { image: 'redis:7.2' }] }))
    await world.clock.advance('89s')
    expect(statusOf(world.get('snap-1'))).toEqual({ phase: 'Creating' })
    await world.clock.advance('1s')
    const status = statusOf(world.get('snap-1'))
    expect(status.phase).toBe('Available')
    expect(status.lastUpdatedTime).toBe('2026-01-01T00:01:30Z')
    expect(status.snapshotName).toBe('cci-imagesnapshot-snap-1')
    expect(status.snapshotID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(status.images.map((i: any) => i.image)).toEqual(['nginx:latest', 'redis:7.2'])
    for (const image of status.images) {
      expect(image.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(image.sizeBytes).toBeGreaterThanOrEqual(5 * 1024 * 1024)
      expect(image.sizeBytes).toBeLessThanOrEqual(512 * 1024 * 1024)
      expect(Number.isInteger(image.sizeBytes)).toBe(true)
    }
    expect(status.expireDateTime).toBeUndefined()
    expect(status.reason).toBeUndefined()
    expect(status.message).toBeUndefined()
    expect(world.phases()).toEqual(['2026-01-01T00:00:00Z ADDED snap-1 Creating', '2026-01-01T00:01:30Z MODIFIED snap-1 Available'])
  })

  test('CCI-51: the same seed gives the same digests, sizes and snapshot IDs; the same image the same digest in every snapshot', async () => {
    const run = async (seed: number) => {
      const world = createWorld({ seed })
      world.create('a', spec({ images: [{ image: 'nginx:latest' }] }))
      world.create('b', spec({ images: [{ image: 'python:3.12-slim' }, { image: 'nginx:latest' }] }))
      await world.clock.advance('2m')
      return [statusOf(world.get('a')), statusOf(world.get('b'))] as const
    }
    const [a1, b1] = await run(7)
    const [a2, b2] = await run(7)
    expect([a1, b1]).toEqual([a2, b2])
    expect(b1.images[1]).toEqual(a1.images[0])
    expect(a1.snapshotID).not.toBe(b1.snapshotID)
    const [a3] = await run(8)
    expect(a3.images[0].digest).not.toBe(a1.images[0].digest)
  })

  test('a digest in the reference is the digest reported', async () => {
    const pinned = `nginx@sha256:${'ab'.repeat(32)}`
    const world = createWorld()
    world.create('snap-1', spec({ images: [{ image: pinned }] }))
    await world.clock.advance('90s')
    expect(statusOf(world.get('snap-1')).images[0]).toMatchObject({ image: pinned, digest: `sha256:${'ab'.repeat(32)}` })
  })

  test('CCI-45: expireDateTime is creationTimestamp + ttlDaysAfterCreated days; 0 never expires', async () => {
    const world = createWorld()
    world.create('ttl-7', spec({ ttlDaysAfterCreated: 7 }))
    world.create('ttl-0', spec({ ttlDaysAfterCreated: 0 }))
    await world.clock.advance('90s')
    expect(statusOf(world.get('ttl-7')).expireDateTime).toBe('2026-01-08T00:00:00Z')
    expect(statusOf(world.get('ttl-0')).expireDateTime).toBeUndefined()
    await world.clock.advance('400d')
    expect(world.get('ttl-0')).toBeDefined()
  })

  test('CCI-44: a zero creatingFor fires on advance(0), never inside the create (CCI-48)', async () => {
    const world = createWorld({ config: { creatingFor: 0 } })
    world.create('snap-1', spec())
    expect(statusOf(world.get('snap-1')).phase).toBe('Creating')
    await world.clock.advance(0)
    expect(statusOf(world.get('snap-1')).phase).toBe('Available')
  })
})

describe('Creating → Unavailable (T3, T4)', () => {
  test('CCI-43/44: outcome Failed is written as Unavailable with the default reason and message', async () => {
    const world = createWorld({ config: { outcome: 'Failed' } })
    world.create('snap-1', spec({ ttlDaysAfterCreated: 3 }))
    await world.clock.advance('90s')
    expect(statusOf(world.get('snap-1'))).toEqual({
      expireDateTime: '2026-01-04T00:00:00Z',
      lastUpdatedTime: '2026-01-01T00:01:30Z',
      message: 'failed to create EVS snapshot for image snapshot "snap-1"',
      phase: 'Unavailable',
      reason: 'CreateEVSSnapshotFailed',
    })
  })

  test('CCI-44: overrides apply per object name', async () => {
    const world = createWorld({
      config: {
        creatingFor: '2m',
        overrides: { 'snap-1': { outcome: 'Unavailable', creatingFor: '30s', failure: { reason: 'ImagePullFailed', message: 'pull nginx:latest: 429' } } },
      },
    })
    world.create('snap-1', spec())
    world.create('snap-2', spec())
    world.create('constructor', spec())
    await world.clock.advance('30s')
    expect(statusOf(world.get('snap-1'))).toMatchObject({ phase: 'Unavailable', reason: 'ImagePullFailed', message: 'pull nginx:latest: 429' })
    expect(statusOf(world.get('snap-2')).phase).toBe('Creating')
    await world.clock.advance('90s')
    expect(statusOf(world.get('snap-2')).phase).toBe('Available')
    expect(statusOf(world.get('constructor')).phase).toBe('Available')
  })

  test('T4: still Creating after buildingConfig.timeoutMinutes → Unavailable, BuildTimeout', async () => {
    const world = createWorld({ config: { creatingFor: 'never' } })
    world.create('short', spec({ buildingConfig: { namespace: 'ns-a', timeoutMinutes: 30 } }))
    world.create('default', spec())
    await world.clock.advance('30m')
    expect(statusOf(world.get('short'))).toEqual({
      lastUpdatedTime: '2026-01-01T00:30:00Z',
      message: 'image snapshot was not created within 30 minutes',
      phase: 'Unavailable',
      reason: 'BuildTimeout',
    })
    expect(statusOf(world.get('default')).phase).toBe('Creating')
    await world.clock.advance('1d')
    expect(statusOf(world.get('default'))).toMatchObject({
      lastUpdatedTime: '2026-01-02T00:00:00Z',
      message: 'image snapshot was not created within 1440 minutes',
      reason: 'BuildTimeout',
    })
  })

  test('T4 wins when the build would finish after the timeout', async () => {
    const world = createWorld({ config: { creatingFor: '2h' } })
    world.create('snap-1', spec({ buildingConfig: { namespace: 'ns-a', timeoutMinutes: 60 } }))
    await world.clock.advance('3h')
    expect(statusOf(world.get('snap-1'))).toMatchObject({ phase: 'Unavailable', reason: 'BuildTimeout' })
    expect(world.phases()).toHaveLength(2)
  })
})

describe('deletion (T5–T8)', () => {
  test('CCI-39/48: DELETE leaves the phase; Deleting follows at the same instant on the next tick; gone after deletingFor', async () => {
    const world = createWorld()
    world.create('snap-1', spec())
    await world.clock.advance('10s')
    const response = world.remove('snap-1')
    expect(statusOf(response)).toEqual({ phase: 'Creating' })
    expect(response.metadata).toMatchObject({ deletionTimestamp: '2026-01-01T00:00:10Z', deletionGracePeriodSeconds: 0, finalizers: [imageSnapshotFinalizer] })
    await world.clock.advance(0)
    expect(statusOf(world.get('snap-1'))).toEqual({ phase: 'Deleting', lastUpdatedTime: '2026-01-01T00:00:10Z' })
    await world.clock.advance('4s')
    expect(world.get('snap-1')).toBeDefined()
    await world.clock.advance('1s')
    expect(world.get('snap-1')).toBeUndefined()
    // CCI-46: the cancelled build never completes.
    await world.clock.advance('1h')
    expect(world.phases()).toEqual([
      '2026-01-01T00:00:00Z ADDED snap-1 Creating',
      '2026-01-01T00:00:10Z MODIFIED snap-1 Creating deleting',
      '2026-01-01T00:00:10Z MODIFIED snap-1 Deleting deleting',
      '2026-01-01T00:00:15Z DELETED snap-1 Deleting deleting',
    ])
    expect(world.clock.pending()).toBe(0)
  })

  test('CCI-44: deletingFor is configurable', async () => {
    const world = createWorld({ config: { deletingFor: '1m' } })
    world.create('snap-1', spec())
    world.remove('snap-1')
    await world.clock.advance('59s')
    expect(world.get('snap-1')).toBeDefined()
    await world.clock.advance('1s')
    expect(world.get('snap-1')).toBeUndefined()
  })

  test('T6: the TTL expires through deletionTimestamp and Deleting to removal', async () => {
    const world = createWorld()
    world.create('snap-1', spec({ ttlDaysAfterCreated: 2 }))
    await world.clock.advance('2d')
    const object = world.get('snap-1')!
    expect(object.metadata).toMatchObject({ deletionTimestamp: '2026-01-03T00:00:00Z', deletionGracePeriodSeconds: 0 })
    expect(statusOf(object)).toMatchObject({ phase: 'Deleting', lastUpdatedTime: '2026-01-03T00:00:00Z', expireDateTime: '2026-01-03T00:00:00Z' })
    await world.clock.advance('5s')
    expect(world.get('snap-1')).toBeUndefined()
  })

  test('CCI-36: without its finalizer a deleting object is not touched; with others left, only ours is removed', async () => {
    const world = createWorld()
    world.create('mine', spec())
    world.create('shared', spec())
    world.setFinalizers('shared', ['example.com/keep', imageSnapshotFinalizer])
    world.remove('mine')
    world.remove('shared')
    world.setFinalizers('mine', ['example.com/other'])
    await world.clock.advance('10s')
    expect(statusOf(world.get('mine')).phase).toBe('Creating')
    expect(world.get('shared')!.metadata.finalizers).toEqual(['example.com/keep'])
    expect(statusOf(world.get('shared')).phase).toBe('Deleting')
    await world.clock.advance('1d')
    expect(world.get('shared')!.metadata.finalizers).toEqual(['example.com/keep'])
  })

  test('CCI-47: a watcher sees ADDED(Creating) → MODIFIED(Available) → deletionTimestamp → Deleting → DELETED', async () => {
    const world = createWorld()
    world.create('snap-1', spec({ ttlDaysAfterCreated: 1 }))
    await world.clock.runAll()
    expect(world.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'MODIFIED', 'MODIFIED', 'DELETED'])
    const rvs = world.events.map((e) => Number(e.object.metadata.resourceVersion))
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b))
  })
})

describe('ordering and recomputation', () => {
  test('CCI-47: transitions due at one instant fire in table row order, then by name', async () => {
    const world = createWorld({ config: { creatingFor: '1d', overrides: { 'b-fails': { outcome: 'Unavailable' } } } })
    world.create('z-expires', spec({ ttlDaysAfterCreated: 1, buildingConfig: { namespace: 'ns-a', timeoutMinutes: 10080 } }))
    world.lifecycle.schedule('z-expires', Date.parse('2026-01-01T00:00:01Z'), { to: 'Available' })
    world.create('b-fails', spec())
    world.create('a-builds', spec())
    world.create('c-builds', spec())
    await world.clock.advance('1d')
    expect(world.phases().filter((line) => line.startsWith('2026-01-02'))).toEqual([
      '2026-01-02T00:00:00Z MODIFIED a-builds Available',
      '2026-01-02T00:00:00Z MODIFIED c-builds Available',
      '2026-01-02T00:00:00Z MODIFIED b-fails Unavailable',
      '2026-01-02T00:00:00Z MODIFIED z-expires Available deleting',
      '2026-01-02T00:00:00Z MODIFIED z-expires Deleting deleting',
    ])
  })

  test('CCI-49: objects stored before the lifecycle starts get their transitions; overdue ones fire on the next advance', async () => {
    const clock = createClock({ start: '2026-01-01T00:00:00Z' })
    const first = createWorld({ clock })
    first.lifecycle.dispose()
    first.create('snap-1', spec({ ttlDaysAfterCreated: 1 }))
    await clock.advance('10m')
    expect(statusOf(first.get('snap-1')).phase).toBe('Creating')
    // A second lifecycle over the same objects (a restore): recomputed from stored state.
    const lifecycle = createImageSnapshotLifecycle(first.deps)
    expect(lifecycle.pending()).toEqual([{ name: 'snap-1', id: 'T2', at: Date.parse('2026-01-01T00:01:30Z') }])
    await clock.advance(0)
    expect(statusOf(first.get('snap-1'))).toMatchObject({ phase: 'Available', lastUpdatedTime: '2026-01-01T00:10:00Z' })
    expect(lifecycle.pending()).toEqual([{ name: 'snap-1', id: 'T6', at: Date.parse('2026-01-02T00:00:00Z') }])
    lifecycle.dispose()
    expect(clock.pending()).toBe(0)
  })

  test('CCI-49: resync after the clock was reset', async () => {
    const world = createWorld()
    world.create('snap-1', spec())
    world.clock.reset()
    expect(world.clock.pending()).toBe(0)
    world.lifecycle.resync()
    await world.clock.advance('90s')
    expect(statusOf(world.get('snap-1')).phase).toBe('Available')
  })

  test('configure() changes the defaults and reschedules', async () => {
    const world = createWorld()
    world.create('snap-1', spec())
    world.lifecycle.configure({ creatingFor: '10s', outcome: 'Unavailable' })
    await world.clock.advance('10s')
    expect(statusOf(world.get('snap-1')).phase).toBe('Unavailable')
    expect(() => world.lifecycle.configure({ creatingFor: 'soon' })).toThrow(RangeError)
    expect(() => world.lifecycle.configure({ overrides: { x: { outcome: 'Done' as 'Available' } } })).toThrow(RangeError)
  })
})

describe('scenario transitions (CCI-44)', () => {
  test('a scheduled transition cancels the default build outcome and fires at its time', async () => {
    const world = createWorld()
    world.lifecycle.schedule('snap-1', Date.parse('2026-01-01T00:02:00Z'), { to: 'Failed', reason: 'ImagePullFailed', message: 'pull nginx:latest: 429' })
    world.create('snap-1', spec())
    await world.clock.advance('90s')
    expect(statusOf(world.get('snap-1')).phase).toBe('Creating')
    await world.clock.advance('30s')
    expect(statusOf(world.get('snap-1'))).toEqual({
      lastUpdatedTime: '2026-01-01T00:02:00Z',
      message: 'pull nginx:latest: 429',
      phase: 'Unavailable',
      reason: 'ImagePullFailed',
    })
  })

  test('cancelling a scheduled transition restores the defaults', async () => {
    const world = createWorld()
    world.create('snap-1', spec())
    const cancel = world.lifecycle.schedule('snap-1', Date.parse('2026-01-01T01:00:00Z'), { to: 'Unavailable' })
    await world.clock.advance('90s')
    expect(statusOf(world.get('snap-1')).phase).toBe('Creating')
    cancel()
    await world.clock.advance(0)
    expect(statusOf(world.get('snap-1')).phase).toBe('Available')
  })

  test('force() applies now; a deleting object cannot be revived (CCI-46) but can be removed', async () => {
    const world = createWorld()
    world.create('snap-1', spec())
    expect(await world.lifecycle.force('snap-1', { to: 'Available' })).toBe(true)
    expect(statusOf(world.get('snap-1')).phase).toBe('Available')
    expect(await world.lifecycle.force('snap-1', { to: 'Deleting' })).toBe(true)
    expect(world.get('snap-1')!.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z')
    expect(await world.lifecycle.force('snap-1', { to: 'Unavailable' })).toBe(false)
    expect(await world.lifecycle.force('snap-1', { to: 'Deleted' })).toBe(true)
    expect(world.get('snap-1')).toBeUndefined()
    expect(await world.lifecycle.force('missing', { to: 'Available' })).toBe(false)
  })
})

describe('worked timeline (cci.md §10.3)', () => {
  test('POST, advance 90s, advance 1d', async () => {
    const world = createWorld()
    world.create('snap-1', { buildingConfig: { namespace: 'ns-a' }, images: [{ image: 'nginx:latest' }], ttlDaysAfterCreated: 1 })
    expect(statusOf(world.get('snap-1'))).toEqual({ phase: 'Creating' })

    await world.clock.advance('90s')
    const available = statusOf(world.get('snap-1'))
    expect(available).toMatchObject({
      phase: 'Available',
      snapshotName: 'cci-imagesnapshot-snap-1',
      lastUpdatedTime: '2026-01-01T00:01:30Z',
      expireDateTime: '2026-01-02T00:00:00Z',
    })
    expect(available.images[0].digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(typeof available.snapshotID).toBe('string')

    await world.clock.advance('1d')
    expect(world.get('snap-1')).toBeUndefined()
    expect(world.phases()).toEqual([
      '2026-01-01T00:00:00Z ADDED snap-1 Creating',
      '2026-01-01T00:01:30Z MODIFIED snap-1 Available',
      '2026-01-02T00:00:00Z MODIFIED snap-1 Available deleting',
      '2026-01-02T00:00:00Z MODIFIED snap-1 Deleting deleting',
      '2026-01-02T00:00:05Z DELETED snap-1 Deleting deleting',
    ])
  })
})

describe('pure pieces', () => {
  test('CCI-43: Failed is an alias of Unavailable', () => {
    expect(canonicalImageSnapshotPhase('Failed')).toBe('Unavailable')
    expect(canonicalImageSnapshotPhase('Available')).toBe('Available')
    expect(resolveImageSnapshotSettings({ outcome: 'Failed' }, 'x').outcome).toBe('Unavailable')
  })

  test('CCI-44: defaults of every knob', () => {
    expect(resolveImageSnapshotSettings(undefined, 'x')).toEqual({
      creatingForMs: 90_000,
      outcome: 'Available',
      failure: { reason: 'CreateEVSSnapshotFailed', message: 'failed to create EVS snapshot for image snapshot "{name}"' },
      deletingForMs: 5_000,
    })
  })

  test('nextTransition reads stored state only', () => {
    const [a, b, c] = fixtures.map((f) => structuredClone(f))
    // A: Creating since 2025-03-15T04:01:31Z, no TTL.
    expect(nextTransition(a!, undefined, 0)).toMatchObject({ id: 'T2', at: Date.parse('2025-03-15T04:03:01Z') })
    // B: Available with a 7-day TTL.
    expect(nextTransition(b!, undefined, 0)).toMatchObject({ id: 'T6', at: Date.parse('2026-01-07T08:00:00Z') })
    // C: Unavailable, 30-day TTL.
    expect(nextTransition(c!, undefined, 0)).toMatchObject({ id: 'T6', at: Date.parse('2026-01-30T10:15:00Z') })
    a!.metadata.deletionTimestamp = '2025-03-15T04:01:52Z'
    expect(nextTransition(a!, undefined, 0)).toMatchObject({ id: 'T7', at: Date.parse('2025-03-15T04:01:52Z') })
    a!.status = { phase: 'Deleting' }
    expect(nextTransition(a!, undefined, 0)).toMatchObject({ id: 'T8', at: Date.parse('2025-03-15T04:01:57Z') })
    expect(nextTransition(b!, undefined, 0, { scope: 'deletion' })).toBeUndefined()
  })

  test('CCI-50: fixture times are rebased so the newest creationTimestamp is now', () => {
    const rebased = rebaseImageSnapshotTimes(fixtures, Date.parse('2026-06-01T00:00:00Z'))
    expect(rebased.map((o) => o.metadata.creationTimestamp)).toEqual(['2025-08-13T17:46:31Z', '2026-05-31T21:45:00Z', '2026-06-01T00:00:00Z'])
    expect(statusOf(rebased[2])).toMatchObject({ lastUpdatedTime: '2026-06-01T00:02:45Z', expireDateTime: '2026-07-01T00:00:00Z' })
    expect(fixtures[2]!.metadata.creationTimestamp).toBe('2025-12-31T10:15:00Z')
  })
})
