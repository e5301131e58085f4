// Age cells of Table output (K-37), as k8s.io/apimachinery pkg/util/duration HumanDuration prints them and kubectl
// shows them in the AGE column: about two significant figures, `90s`, `5m30s`, `3h20m`, `2d4h`, `3y12d`.

const second = 1000
const minute = 60 * second
const hour = 60 * minute

/**
 * HumanDuration. Go truncates toward zero at every step (`int(d.Seconds())`, `d / time.Minute`); up to two
 * seconds in the future still reads `0s` (clock skew), further is `<invalid>`.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / second)
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 60 * 2) return `${seconds}s`
  const minutes = Math.trunc(ms / minute)
  if (minutes < 10) {
    const s = seconds % 60
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`
  }
  if (minutes < 60 * 3) return `${minutes}m`
  const hours = Math.trunc(ms / hour)
  if (hours < 8) {
    const m = minutes % 60
    return m === 0 ? `${hours}h` : `${hours}h${m}m`
  }
  if (hours < 48) return `${hours}h`
  if (hours < 24 * 8) {
    const h = hours % 24
    const days = Math.trunc(hours / 24)
    return h === 0 ? `${days}d` : `${days}d${h}h`
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`
  const years = Math.trunc(hours / 24 / 365)
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365
    return dy === 0 ? `${years}y` : `${years}y${dy}d`
  }
  return `${years}y`
}

/**
 * The age of an object created at `timestamp` (RFC 3339) as seen at `now` (RFC 3339 or epoch ms), like kubectl's
 * translateTimestampSince: a missing or zero timestamp reads `<unknown>`.
 */
export function ageSince(timestamp: string | null | undefined, now: string | number): string {
  const created = timestamp ? Date.parse(timestamp) : Number.NaN
  const at = typeof now === 'number' ? now : Date.parse(now)
  if (Number.isNaN(created) || Number.isNaN(at)) return '<unknown>'
  return humanDuration(at - created)
}
