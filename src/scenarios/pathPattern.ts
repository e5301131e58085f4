// Path patterns of `when` steps, in the style of msw and Express routes: `/apis/cci/v2/imagesnapshots/:name`,
// `/v2/images/*/file`, `/apis/**`. Compiled once per scenario; matching returns the captured segments.

export interface PathPattern {
  source: string
  /** The `:param` names, in order. */
  params: string[]
  /** The captured params (decoded), or undefined when the path does not match. */
  match(pathname: string): Record<string, string> | undefined
}

export class PathPatternError extends Error {}

const paramName = /^:([A-Za-z_][A-Za-z0-9_]*)$/

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
}

/** One segment as a regular expression: `*` inside a segment matches any characters but `/`. */
function segmentSource(segment: string): string {
  return segment.split('*').map(escapeRegExp).join('[^/]*')
}

/** A segment decoded, or undefined when it is not valid percent-encoded UTF-8 (`%E0%A4%A`). */
function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

export function compilePathPattern(source: string): PathPattern {
  if (!source.startsWith('/')) throw new PathPatternError(`${JSON.stringify(source)} must start with /`)
  const segments = source.split('/').slice(1)
  const params: string[] = []
  let regex = '^'
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1
    if (segment === '**') {
      // Zero or more whole segments: `/apis/**` matches `/apis` and everything under it.
      regex += last ? '(?:/.*)?' : '(?:/[^/]+)*'
      return
    }
    if (segment.includes('**')) throw new PathPatternError(`${JSON.stringify(source)}: ** must be a whole segment`)
    const param = paramName.exec(segment)
    if (param) {
      if (params.includes(param[1]!)) throw new PathPatternError(`${JSON.stringify(source)}: :${param[1]} appears twice`)
      params.push(param[1]!)
      regex += '/([^/]+)'
      return
    }
    if (segment.includes(':') && segment.startsWith(':')) throw new PathPatternError(`${JSON.stringify(source)}: ${JSON.stringify(segment)} is not a parameter name`)
    regex += `/${segmentSource(segment)}`
  })
  // A trailing slash is not a different path to an API server.
  regex += '/?$'
  const compiled = new RegExp(regex)
  return {
    source,
    params,
    match(pathname) {
      const found = compiled.exec(pathname)
      if (!found) return undefined
      const captured: Record<string, string> = Object.create(null)
      for (const [i, name] of params.entries()) {
        // A parameter names an object; a segment that decodes to no name names none, so the step
        // leaves the request to the API, which answers it as it would without the scenario.
        const value = decode(found[i + 1]!)
        if (value === undefined) return undefined
        captured[name] = value
      }
      return captured
    },
  }
}

/** `*` wildcards in a query or header value. */
export function wildcardMatches(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value
  return new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 's').test(value)
}
