// Durations as people write them in tests and scenario files: '90s', '2m', '1h30m', '300ms', '1d',
// or a number of milliseconds.

export type Duration = string | number

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }
const compact = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/
const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g

export function toMilliseconds(duration: Duration): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0) throw new RangeError(`invalid duration: ${duration}`)
    return duration
  }
  const text = duration.trim()
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text)
  if (compact.test(text)) {
    let total = 0
    for (const [, amount, unit] of text.matchAll(part)) total += Number(amount) * unitMs[unit!]!
    return total
  }
  throw new RangeError(`invalid duration: ${JSON.stringify(duration)} (expected e.g. "90s", "2m", "1h30m", "300ms" or milliseconds)`)
}
