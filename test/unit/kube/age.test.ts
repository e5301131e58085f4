import { describe, expect, test } from 'vitest'
import { ageSince, humanDuration } from '../../../src/kube/age.ts'

const s = 1000
const m = 60 * s
const h = 60 * m
const d = 24 * h
const y = 365 * d

describe('K-37 age cells (apimachinery HumanDuration)', () => {
  test.each([
    [0, '0s'],
    [999, '0s'],
    [1 * s, '1s'],
    // Up to two seconds in the future reads as now; further is invalid.
    [-1 * s, '0s'],
    [-1999, '0s'],
    [-2 * s, '<invalid>'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [2 * m + 1 * s, '2m1s'],
    [5 * m + 30 * s, '5m30s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m, '10m'],
    [10 * m + 59 * s, '10m'],
    [179 * m + 59 * s, '179m'],
    [3 * h, '3h'],
    [3 * h + 1 * m, '3h1m'],
    [7 * h + 59 * m + 59 * s, '7h59m'],
    [8 * h, '8h'],
    [47 * h + 59 * m, '47h'],
    [48 * h, '2d'],
    [49 * h, '2d1h'],
    [7 * d + 23 * h + 59 * m, '7d23h'],
    [8 * d, '8d'],
    [729 * d + 23 * h, '729d'],
    [2 * y, '2y'],
    [2 * y + 1 * d, '2y1d'],
    [7 * y + 364 * d, '7y364d'],
    [8 * y, '8y'],
    [8 * y + 200 * d, '8y'],
    [100 * y, '100y'],
  ])('%i ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text)
  })
})

describe('age of an object at a point of the emulator clock', () => {
  test('from creationTimestamp to now', () => {
    expect(ageSince('2026-01-01T00:00:00Z', '2026-01-01T00:05:30Z')).toBe('5m30s')
    expect(ageSince('2026-01-01T00:00:00Z', Date.parse('2026-01-03T01:00:00Z'))).toBe('2d1h')
  })

  test('a missing or unreadable timestamp reads <unknown>, as kubectl prints it', () => {
    expect(ageSince(undefined, '2026-01-01T00:00:00Z')).toBe('<unknown>')
    expect(ageSince(null, '2026-01-01T00:00:00Z')).toBe('<unknown>')
    expect(ageSince('yesterday', '2026-01-01T00:00:00Z')).toBe('<unknown>')
  })
})
