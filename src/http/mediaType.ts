// Media types as requests carry them: the bare type of a Content-Type, and the ranges of an Accept header
// split into their parts. Each API then applies its own negotiation rules to the parts (kube-apiserver's
// negotiate.go, WebOb's acceptparse.py); the lexing is the same for all of them. Quoted strings are not
// special here: no negotiation the emulator does reads a quoted parameter that holds ',' or ';'.

/** The bare media type of a Content-Type header, lower-cased, parameters dropped ('' when absent). */
export function mediaTypeOf(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase()
}

export interface MediaTypeParameter {
  /** Lower-cased and trimmed. */
  name: string
  /** Trimmed, as written (quotes kept); undefined when the parameter has no `=`. */
  value: string | undefined
}

export interface MediaRange {
  /** What stands before the first `;`, trimmed and lower-cased: `type/subtype`, or whatever the client sent. */
  mediaType: string
  parameters: MediaTypeParameter[]
  /** The range's position in the header, counting empty elements. */
  position: number
}

/** The comma-separated elements of an Accept header, each split at `;` and `=`; empty elements are left out. */
export function splitMediaRanges(header: string): MediaRange[] {
  const ranges: MediaRange[] = []
  header.split(',').forEach((element, position) => {
    if (!element.trim()) return
    const [mediaType = '', ...rest] = element.split(';')
    const parameters = rest.map((text): MediaTypeParameter => {
      const eq = text.indexOf('=')
      return eq < 0 ? { name: text.trim().toLowerCase(), value: undefined } : { name: text.slice(0, eq).trim().toLowerCase(), value: text.slice(eq + 1).trim() }
    })
    ranges.push({ mediaType: mediaType.trim().toLowerCase(), parameters, position })
  })
  return ranges
}
