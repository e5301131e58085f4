// The stage table format and the one driver that runs it, on a toy kind: a job that is `waiting`,
// then `running` 10s after it was queued, then gone 5s after it started running.
import { describe, expect, test } from 'vitest'
import { createClock } from '../../../src/clock.ts'
import { createLifecycleDriver, type LifecycleSubject } from '../../../src/lifecycle/driver.ts'
import { nextStage, selects, type Stage, type StageResult } from '../../../src/lifecycle/stage.ts'

interface Job {
  name: string
  phase: string
  queuedAt: string
  startedAt?: number
  tags?: string[]
}
interface Settings {
  waitMs: number
}
interface Context {
  now: number
}

const stages: readonly Stage<Job, Settings, Context>[] = [
  {
    name: 'start',
    selector: { matchExpressions: [{ key: 'phase', operator: 'In', values: ['waiting'] }] },
    delay: { since: 'queuedAt', duration: (_, settings) => settings.waitMs },
    next: (job, ctx) => ({ ...job, phase: 'running', startedAt: ctx.now }),
  },
  {
    name: 'finish',
    selector: { matchExpressions: [{ key: 'phase', operator: 'In', values: ['running'] }] },
    delay: { since: 'startedAt', duration: () => 5_000 },
    next: () => 'delete',
  },
]

function world(settings: Settings = { waitMs: 10_000 }) {
  const clock = createClock({ start: '2026-01-01T00:00:00Z' })
  const jobs = new Map<string, Job>()
  const log: string[] = []
  const listeners = new Set<(key: string) => void>()
  const write = (key: string, result: StageResult<Job>) => {
    if (result === undefined) return
    if (result === 'delete') jobs.delete(key)
    else jobs.set(key, result)
    log.push(`${clock.iso()} ${key} ${result === 'delete' ? 'gone' : result.phase}`)
    for (const listener of listeners) listener(key)
  }
  const subject: LifecycleSubject<Job> = {
    keys: () => [...jobs.keys()],
    get: (key) => (jobs.has(key) ? structuredClone(jobs.get(key)!) : undefined),
    async update(key, decide) {
      if (jobs.has(key)) write(key, decide(structuredClone(jobs.get(key)!)))
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  const driver = createLifecycleDriver({ clock, stages, subject, settings: () => settings, context: (now) => ({ now }) })
  const queue = (name: string) => write(name, { name, phase: 'waiting', queuedAt: clock.iso() })
  return { clock, jobs, log, driver, queue }
}

describe('selectors', () => {
  const stage = (matchExpressions: NonNullable<Stage<Job, Settings, Context>['selector']['matchExpressions']>) => ({ ...stages[0]!, selector: { matchExpressions } })
  const job: Job = { name: 'a', phase: 'waiting', queuedAt: '2026-01-01T00:00:00Z', tags: ['x', 'y'] }

  test('In, NotIn, Exists, DoesNotExist and Intersection, ANDed; a missing field is absent', () => {
    expect(selects(stage([{ key: 'phase', operator: 'In', values: ['waiting', 'running'] }]), job, { waitMs: 0 })).toBe(true)
    expect(selects(stage([{ key: 'phase', operator: 'NotIn', values: ['waiting'] }]), job, { waitMs: 0 })).toBe(false)
    expect(selects(stage([{ key: 'startedAt', operator: 'NotIn', values: [1] }]), job, { waitMs: 0 })).toBe(true)
    expect(selects(stage([{ key: 'startedAt', operator: 'In', values: [undefined] }]), job, { waitMs: 0 })).toBe(false)
    expect(selects(stage([{ key: 'queuedAt', operator: 'Exists' }, { key: 'startedAt', operator: 'DoesNotExist' }]), job, { waitMs: 0 })).toBe(true)
    expect(selects(stage([{ key: 'tags', operator: 'Intersection', values: ['y', 'z'] }]), job, { waitMs: 0 })).toBe(true)
    expect(selects(stage([{ key: 'tags', operator: 'Intersection', values: ['z'] }]), job, { waitMs: 0 })).toBe(false)
    // Paths walk own properties only.
    expect(selects(stage([{ key: 'phase.constructor', operator: 'Exists' }]), job, { waitMs: 0 })).toBe(false)
  })

  test('the earliest selected row is due; an unreadable time never fires unless it counts from now', () => {
    expect(nextStage(stages, { name: 'a', phase: 'waiting', queuedAt: '2026-01-01T00:00:00Z' }, { waitMs: 1_000 }, 0)).toMatchObject({
      stage: { name: 'start' },
      at: Date.parse('2026-01-01T00:00:01Z'),
    })
    expect(nextStage(stages, { name: 'a', phase: 'waiting', queuedAt: 'soon' }, { waitMs: 1_000 }, 0)).toBeUndefined()
    const fromNow = [{ ...stages[0]!, delay: { ...stages[0]!.delay, sinceMissing: 'now' as const } }]
    expect(nextStage(fromNow, { name: 'a', phase: 'waiting', queuedAt: 'soon' }, { waitMs: 1_000 }, 7)).toMatchObject({ at: 1_007 })
  })
})

describe('the driver', () => {
  test('runs the rows on the clock, one write at a time, same-instant rows by table order then key', async () => {
    const { clock, log, queue, driver } = world()
    queue('b')
    queue('a')
    expect(driver.pending()).toEqual([
      { key: 'a', name: 'start', at: Date.parse('2026-01-01T00:00:10Z') },
      { key: 'b', name: 'start', at: Date.parse('2026-01-01T00:00:10Z') },
    ])
    await clock.advance('9s')
    expect(log).toHaveLength(2)
    await clock.advance('6s')
    expect(log.slice(2)).toEqual([
      '2026-01-01T00:00:10Z a running',
      '2026-01-01T00:00:10Z b running',
      '2026-01-01T00:00:15Z a gone',
      '2026-01-01T00:00:15Z b gone',
    ])
    expect(clock.pending()).toBe(0)
  })

  test('a hold replaces the rows it does not keep until it fires; lifting it brings them back', async () => {
    const { clock, jobs, log, queue, driver } = world()
    queue('a')
    const lift = driver.hold('a', { name: 'forced', at: Date.parse('2026-01-01T00:01:00Z'), rankAs: 'start', keeps: [], next: (job) => ({ ...job, phase: 'stopped' }) })
    await clock.advance('30s')
    expect(jobs.get('a')!.phase).toBe('waiting')
    expect(driver.pending()).toEqual([{ key: 'a', name: 'forced', at: Date.parse('2026-01-01T00:01:00Z') }])
    lift()
    await clock.advance(0)
    expect(log.at(-1)).toBe('2026-01-01T00:00:30Z a running')
  })

  test('settle fires what is due now inside the caller; resync recomputes after the clock lost its timers', async () => {
    const { clock, jobs, queue, driver } = world({ waitMs: 0 })
    queue('a')
    expect(jobs.get('a')!.phase).toBe('waiting')
    await driver.settle('a')
    expect(jobs.get('a')!.phase).toBe('running')
    clock.reset()
    driver.resync()
    await clock.runAll()
    expect(jobs.has('a')).toBe(false)
  })

  test('apply writes now and says whether anything was written; dispose leaves no timer', async () => {
    const { clock, queue, driver } = world()
    queue('a')
    expect(await driver.apply('a', () => undefined)).toBe(false)
    expect(await driver.apply('missing', () => 'delete')).toBe(false)
    expect(await driver.apply('a', () => 'delete')).toBe(true)
    queue('b')
    driver.dispose()
    expect(clock.pending()).toBe(0)
  })
})
