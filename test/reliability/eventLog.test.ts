// The bounded event log keeps exactly its capacity of recent writes however many pass through it, and
// answers resumption (K-30) and consistent reads (K-24, K-26) from what it keeps.
import { describe, expect, test } from 'vitest'
import { createEventLog, type StoredEvent } from '../../src/store/eventLog.ts'

const event = (resourceVersion: number, kind = 'k', type: StoredEvent['type'] = 'MODIFIED'): StoredEvent => ({
  type,
  kind,
  key: `o${resourceVersion % 7}`,
  resourceVersion,
  json: `{"v":${resourceVersion}}`,
  previousJson: `{"v":${resourceVersion - 1}}`,
})

describe('event log', () => {
  test('after 50,000 writes through a log of 1,000 it holds the last 1,000, and older resumptions expire', () => {
    const log = createEventLog(1_000)
    for (let rv = 1; rv <= 50_000; rv++) log.append(event(rv, rv % 2 ? 'a' : 'b'))
    expect(log.size()).toBe(1_000)
    expect(log.compactedThrough()).toBe(49_000)
    expect(log.since('a', 48_999)).toBeUndefined()
    const kept = log.since('a', 49_000)!
    expect(kept.map((e) => e.resourceVersion)).toEqual(Array.from({ length: 500 }, (_, i) => 49_001 + 2 * i))
    expect(log.since('b', 49_990)!.map((e) => e.resourceVersion)).toEqual([49_992, 49_994, 49_996, 49_998, 50_000])
  })

  test('compaction on demand, a smaller capacity and a reset keep the same rules', () => {
    const log = createEventLog(100)
    for (let rv = 1; rv <= 3_000; rv++) log.append(event(rv))
    log.compact(2_950)
    expect(log.size()).toBe(50)
    expect(log.since('k', 2_949)).toBeUndefined()
    expect(log.since('k', 2_950)).toHaveLength(50)
    log.setCapacity(10)
    expect(log.since('k', 2_990)).toHaveLength(10)
    expect(log.since('k', 2_989)).toBeUndefined()
    const state = log.stateAt('k', 2_995, new Map([['o1', 'now']]))
    expect(state).toBeDefined()
    log.reset(3_000)
    expect(log.size()).toBe(0)
    expect(log.since('k', 3_000)).toEqual([])
    expect(log.since('k', 2_999)).toBeUndefined()
  })
})
