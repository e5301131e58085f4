// WebOb picks the error body format from Accept (webob/acceptparse.py `acceptable_offers`, used by
// WSGIHTTPException.generate_response): each offer gets the q of the most specific media range
// that matches it, offers with q=0 drop out, the highest q wins and a tie goes to the earlier offer.
// Glance offers text/html before application/json, so `Accept: application/json, */*` gets HTML.
import { splitMediaRanges } from '../http/mediaType.ts'

interface WeightedRange {
  type: string
  subtype: string
  /** How many media-type parameters (not q) the range has. */
  params: number
  q: number
}

const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

function parseAccept(header: string): WeightedRange[] | undefined {
  const ranges: WeightedRange[] = []
  for (const range of splitMediaRanges(header)) {
    const [type, subtype, extra] = range.mediaType.split('/')
    if (!type || !subtype || extra !== undefined || !token.test(type) || !token.test(subtype)) return undefined
    let q = 1
    let params = 0
    for (const { name, value } of range.parameters) {
      if (name === 'q' && value !== undefined && /^[0-9.]+$/.test(value)) {
        q = Number(value)
        if (!Number.isFinite(q) || q < 0 || q > 1) return undefined
        break // accept-ext after q does not restrict the range
      }
      params++
    }
    ranges.push({ type, subtype, params, q })
  }
  return ranges
}

function specificity(range: WeightedRange, type: string, subtype: string): number {
  // A range with media-type parameters only matches an offer with the same parameters; the
  // offers here have none.
  if (range.params > 0) return 0
  if (range.type === '*' && range.subtype === '*') return 1
  if (range.type === type && range.subtype === '*') return 2
  if (range.type === type && range.subtype === subtype) return 3
  return 0
}

/** The offers the Accept header allows, best first; every offer when the header is malformed. */
export function acceptableOffers(header: string | null, offers: readonly string[]): string[] {
  const ranges = parseAccept(header ?? '')
  if (!ranges) return [...offers]
  const scored: Array<{ offer: string; q: number; index: number }> = []
  offers.forEach((offer, index) => {
    const [type = '', subtype = ''] = offer.split('/')
    let best = 0
    let q = 0
    for (const range of ranges) {
      const s = specificity(range, type, subtype)
      if (s > best) {
        best = s
        q = range.q
      }
    }
    if (best > 0 && q > 0) scored.push({ offer, q, index })
  })
  scored.sort((a, b) => b.q - a.q || a.index - b.index)
  return scored.map((s) => s.offer)
}
