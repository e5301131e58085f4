import { expect, test } from 'vitest'
import { canonicalGoTime } from '../../../../src/kube/go/goTime.ts'

// metav1.Time: parsed with time.Parse(time.RFC3339, …), written back in UTC without fractions.
test.each([
  ['2025-12-02T16:41:31Z', '2025-12-02T16:41:31Z'],
  ['2025-12-02T17:41:31+01:00', '2025-12-02T16:41:31Z'],
  ['2025-01-01T00:30:00.123456789-01:00', '2025-01-01T01:30:00Z'],
  ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59Z'],
  ['2025-01-01T5:06:07Z', '2025-01-01T05:06:07Z'],
])('%s → %s', (input, output) => {
  expect(canonicalGoTime(input)).toEqual({ ok: true, value: output })
})

test.each([
  ['', 'parsing time "" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "2006"'],
  ['2025-1-01T00:00:00Z', 'parsing time "2025-1-01T00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1-01T00:00:00Z" as "01"'],
  ['2025-01-01T24:00:00Z', 'parsing time "2025-01-01T24:00:00Z": hour out of range'],
  ['2023-02-29T00:00:00Z', 'parsing time "2023-02-29T00:00:00Z": day out of range'],
  ['2025-01-01T00:00:00', 'parsing time "2025-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"'],
  ['2025-01-01T00:00:00Zjunk', 'parsing time "2025-01-01T00:00:00Zjunk": extra text: "junk"'],
  ['2025-01-01T00:00:00+25:00', 'parsing time "2025-01-01T00:00:00+25:00": time zone offset hour out of range'],
  ['"2025"', 'parsing time "\\"2025\\"" as "2006-01-02T15:04:05Z07:00": cannot parse "\\"2025\\"" as "2006"'],
])('%s is refused', (input, error) => {
  expect(canonicalGoTime(input)).toEqual({ ok: false, error })
})
