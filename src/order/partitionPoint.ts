// Binary search, written once: sorted keys, the event log and list pages all ask "where does the part of a
// sorted array for which this holds end".

/**
 * The index of the first element of `sorted[from..to)` for which `before` is false; `before` must hold for a
 * prefix of that range and fail for the rest (e.g. `key => compareBytes(key, probe) < 0` for a lower bound).
 */
export function partitionPoint<T>(sorted: readonly T[], before: (element: T) => boolean, from = 0, to = sorted.length): number {
  let lo = from
  let hi = to
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (before(sorted[mid]!)) lo = mid + 1
    else hi = mid
  }
  return lo
}
