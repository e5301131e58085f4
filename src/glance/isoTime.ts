// oslo_utils.timeutils.parse_isotime (the iso8601 package): the time notations Glance accepts in
// created_at/updated_at filters. Dates without a zone are UTC.

const isoPattern =
  /^(\d{4})(?:-?(\d{1,2})(?:-?(\d{1,2})(?:[ T](\d{2})(?::?(\d{2}))?(?::?(\d{1,2})(?:[.,](\d+))?)?(Z|[-+]\d{2}(?::?\d{2})?)?)?)?)?$/

/** Milliseconds since the epoch, or undefined when `text` is not ISO 8601. */
export function parseIsoTime(text: string): number | undefined {
  const match = isoPattern.exec(text)
  if (!match) return undefined
  const [, year, month = '1', day = '1', hour = '0', minute = '0', second = '0', fraction = '0', zone] = match
  const ms = Math.floor(Number(`0.${fraction}`) * 1000)
  const base = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), ms)
  const check = new Date(base)
  // iso8601 refuses impossible dates (2026-02-30) rather than rolling them over.
  if (check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day) || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    return undefined
  }
  if (!zone || zone === 'Z') return base
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')
  return base - sign * offset * 60_000
}
