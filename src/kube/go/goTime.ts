// metav1.Time on the wire: decoded with Go's time.Parse(time.RFC3339, s) and encoded as
// t.UTC().Format(time.RFC3339) — so any offset is converted to `Z` and fractional seconds are dropped
// (signature and condition times, dockerImageMetadata.Created). Parse errors carry Go's wording,
// e.g. `parsing time "2025-13-01T00:00:00Z": month out of range`.

const layout = '2006-01-02T15:04:05Z07:00'

export type GoTimeParsed = { ok: true; epochSeconds: number } | { ok: false; error: string }

/** Go's unexported time.quote: ASCII kept (with \" and \\), anything else as \x bytes. */
function goQuote(text: string): string {
  let out = '"'
  for (const char of text) {
    const code = char.codePointAt(0)!
    if (code >= 0x80 || code < 0x20) {
      for (const byte of new TextEncoder().encode(char)) out += `\\x${byte.toString(16).padStart(2, '0')}`
    } else {
      out += char === '"' || char === '\\' ? `\\${char}` : char
    }
  }
  return `${out}"`
}

const isDigit = (text: string, i: number) => i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57

/** Go's getnum: one or two digits, exactly two when `fixed`. */
function getNumber(text: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(text, 0)) return undefined
  if (!isDigit(text, 1)) return fixed ? undefined : [Number(text[0]), text.slice(1)]
  return [Number(text.slice(0, 2)), text.slice(2)]
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** time.Parse(time.RFC3339, text), reduced to whole seconds since the epoch. */
function parseGoTime(text: string): GoTimeParsed {
  const cannotParse = (valueElem: string, layoutElem: string): GoTimeParsed => ({
    ok: false,
    error: `parsing time ${goQuote(text)} as ${goQuote(layout)}: cannot parse ${goQuote(valueElem)} as ${goQuote(layoutElem)}`,
  })
  const outOfRange = (what: string): GoTimeParsed => ({ ok: false, error: `parsing time ${goQuote(text)}: ${what} out of range` })

  let rest = text
  const literal = (expected: string): boolean => {
    if (!rest.startsWith(expected)) return false
    rest = rest.slice(expected.length)
    return true
  }

  if (rest.length < 4 || !isDigit(rest, 0) || !/^\d{4}$/.test(rest.slice(0, 4))) return cannotParse(rest, '2006')
  const year = Number(rest.slice(0, 4))
  rest = rest.slice(4)

  const fields: Array<[string, string, boolean, (n: number) => string | undefined]> = [
    ['-', '01', true, (n) => (n <= 0 || n > 12 ? 'month' : undefined)],
    ['-', '02', true, () => undefined],
    ['T', '15', false, (n) => (n >= 24 ? 'hour' : undefined)],
    [':', '04', true, (n) => (n >= 60 ? 'minute' : undefined)],
    [':', '05', true, (n) => (n >= 60 ? 'second' : undefined)],
  ]
  const values: number[] = []
  for (const [prefix, element, fixed, range] of fields) {
    if (!literal(prefix)) return cannotParse(rest, prefix)
    const parsed = getNumber(rest, fixed)
    if (!parsed) return cannotParse(rest, element)
    const [value, after] = parsed
    rest = after
    const rangeError = range(value)
    if (rangeError) return outOfRange(rangeError)
    values.push(value)
  }
  // time.Parse accepts fractional seconds after the seconds even when the layout has none.
  if (rest.length >= 2 && (rest[0] === '.' || rest[0] === ',') && isDigit(rest, 1)) {
    let n = 2
    while (isDigit(rest, n)) n++
    rest = rest.slice(n)
  }
  let offsetSeconds = 0
  if (rest.startsWith('Z')) {
    rest = rest.slice(1)
  } else {
    const zone = rest
    if (rest.length < 6 || rest[3] !== ':') return cannotParse(zone, 'Z07:00')
    const hours = getNumber(rest.slice(1, 3), true)
    const minutes = getNumber(rest.slice(4, 6), true)
    if (!hours || !minutes) return cannotParse(zone, 'Z07:00')
    // Go checks ranges before the sign, and a bad minute wins over a bad hour.
    if (minutes[0] > 60) return outOfRange('time zone offset minute')
    if (hours[0] > 24) return outOfRange('time zone offset hour')
    if (rest[0] !== '+' && rest[0] !== '-') return cannotParse(zone, 'Z07:00')
    offsetSeconds = (hours[0] * 60 + minutes[0]) * 60 * (rest[0] === '-' ? -1 : 1)
    rest = rest.slice(6)
  }
  if (rest.length > 0) return { ok: false, error: `parsing time ${goQuote(text)}: extra text: ${goQuote(rest)}` }
  const [month, day, hour, minute, second] = values as [number, number, number, number, number]
  if (day < 1 || day > daysIn(month, year)) return outOfRange('day')

  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, 0)
  return { ok: true, epochSeconds: date.getTime() / 1000 - offsetSeconds }
}

/** metav1.Time's MarshalJSON: UTC, whole seconds, `Z`. */
function formatGoTime(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000)
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}Z`
  )
}

/** Parses and re-renders an RFC 3339 time the way a metav1.Time round trip does. */
export function canonicalGoTime(text: string): { ok: true; value: string } | { ok: false; error: string } {
  const parsed = parseGoTime(text)
  return parsed.ok ? { ok: true, value: formatGoTime(parsed.epochSeconds) } : parsed
}
