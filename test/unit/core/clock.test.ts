import { describe, expect, test, vi } from 'vitest'
import { createClock, driverDelay, rfc3339 } from '../../../src/clock.ts'
import { toMilliseconds } from '../../../src/duration.ts'

describe('virtual clock', () => {
  test('starts at 2026-01-01T00:00:00Z by default and formats RFC 3339 seconds (K-7)', () => {
    const clock = createClock()
    expect(clock.iso()).toBe('2026-01-01T00:00:00Z')
    expect(rfc3339(Date.parse('2026-03-04T05:06:07.890Z'))).toBe('2026-03-04T05:06:07Z')
  })

  test('advance fires due timers in time order, awaiting each, and lands on the target', async () => {
    const clock = createClock({ start: '2026-01-01T00:00:00Z' })
    const fired: string[] = []
    clock.after('2m', () => void fired.push(`b@${clock.iso()}`))
    clock.after('30s', async () => {
      await Promise.resolve()
      fired.push(`a@${clock.iso()}`)
      clock.after('10s', () => void fired.push(`c@${clock.iso()}`))
    })
    clock.after('5m', () => void fired.push('late'))
    await clock.advance('2m')
    expect(fired).toEqual(['a@2026-01-01T00:00:30Z', 'c@2026-01-01T00:00:40Z', 'b@2026-01-01T00:02:00Z'])
    expect(clock.iso()).toBe('2026-01-01T00:02:00Z')
    expect(clock.pending()).toBe(1)
  })

  test('timers due at the same instant fire in the order they were set', async () => {
    const clock = createClock()
    const fired: number[] = []
    for (const n of [1, 2, 3]) clock.after('1s', () => void fired.push(n))
    await clock.advance(1000)
    expect(fired).toEqual([1, 2, 3])
  })

  test('advanceTo, runAll and cancel', async () => {
    const clock = createClock()
    const fired: string[] = []
    const id = clock.after('1h', () => void fired.push('cancelled'))
    clock.after('1d', () => void fired.push('day'))
    clock.cancel(id)
    await clock.advanceTo('2026-01-01T12:00:00Z')
    expect(fired).toEqual([])
    await clock.runAll()
    expect(fired).toEqual(['day'])
    expect(clock.iso()).toBe('2026-01-02T00:00:00Z')
  })

  test('reset returns to the start with no timers', async () => {
    const clock = createClock({ start: '2030-05-05T00:00:00Z' })
    clock.after('1s', () => undefined)
    await clock.advance('10s')
    clock.after('1s', () => undefined)
    clock.reset()
    expect(clock.iso()).toBe('2030-05-05T00:00:00Z')
    expect(clock.pending()).toBe(0)
  })
})

describe('durations', () => {
  test.each([
    ['90s', 90_000],
    ['2m', 120_000],
    ['1h30m', 5_400_000],
    ['300ms', 300],
    ['1d', 86_400_000],
    [250, 250],
    ['1500', 1500],
  ])('%s = %i ms', (text, ms) => expect(toMilliseconds(text)).toBe(ms))

  test.each(['soon', '-1s', '2 minutes', ''])('%j is refused with a message naming the input', (text) => {
    expect(() => toMilliseconds(text)).toThrow(/invalid duration/)
  })
})

describe('realtime clock', () => {
  test('a timer far ahead fires on time although node wakes early for it, and rescheduling often uses few node timer lengths', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') })
    try {
      const clock = createClock({ mode: 'realtime', start: '2026-01-01T00:00:00Z' })
      const fired: string[] = []
      clock.after('1h', () => void fired.push(clock.iso()))
      // Short timers set and cancelled in front of it, as every watch does with its timeout.
      for (let i = 0; i < 50; i++) clock.cancel(clock.after(`${i + 1}s`, () => void fired.push('cancelled')))
      await vi.advanceTimersByTimeAsync(3_599_999)
      expect(fired).toEqual([])
      await vi.advanceTimersByTimeAsync(1)
      expect(fired).toEqual(['2026-01-01T01:00:00Z'])
      clock.dispose()
    } finally {
      vi.useRealTimers()
    }
    // Node keeps one timer list per length; a cancelled unref'd timer's list stays until its length has passed.
    const lengths = new Set(Array.from({ length: 100_000 }, (_, i) => driverDelay(1024 + i * 37_000)))
    expect(lengths.size).toBeLessThanOrEqual(22)
  })
})
