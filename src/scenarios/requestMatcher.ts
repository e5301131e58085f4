// Whether a request is one a `when` step is about: API, method, path pattern, query, headers and
// JSON body fields. Everything but the body is decided from the URL and headers; the body is read
// (from a clone, so the API still gets it) only when a step asks about it and the rest has matched.
import { jsonEqual } from '../jsonEqual.ts'
import { compilePathPattern, wildcardMatches, type PathPattern } from './pathPattern.ts'
import type { JsonValue, RequestMatcher } from './scenario.ts'
import type { ApiRequest } from '../http/apiRequest.ts'
import { readBounded } from '../http/boundedBody.ts'

export interface RequestHead {
  api: string
  method: string
  url: URL
  headers: Headers
}

/** Path parameters a pattern captured (`:name`, `:id`), without a prototype. */
export type PathParams = Record<string, string>

export interface CompiledMatcher {
  needsBody: boolean
  /** The captured path params when everything but the body matches, else undefined. */
  matchHead(head: RequestHead): PathParams | undefined
  matchBody(body: unknown): boolean
}

function list<T>(value: T | T[] | undefined): T[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value]
}

function presenceMatches(expected: string | boolean, actual: string | null): boolean {
  if (expected === true) return actual !== null
  if (expected === false) return actual === null
  return actual !== null && wildcardMatches(expected, actual)
}

/** A dotted path into JSON, through own properties only (`spec.images.0.image`). */
function readField(value: unknown, path: string): { found: boolean; value?: unknown } {
  let at: unknown = value
  for (const part of path.split('.')) {
    if (Array.isArray(at)) {
      if (!/^\d+$/.test(part) || Number(part) >= at.length) return { found: false }
      at = at[Number(part)]
    } else if (typeof at === 'object' && at !== null && Object.hasOwn(at, part)) {
      at = (at as Record<string, unknown>)[part]
    } else {
      return { found: false }
    }
  }
  return { found: true, value: at }
}

export function compileMatcher(matcher: RequestMatcher): CompiledMatcher {
  const methods = list(matcher.method)
  const paths: PathPattern[] | undefined = list(matcher.path)?.map(compilePathPattern)
  const query = Object.entries(matcher.query ?? {})
  const headers = Object.entries(matcher.headers ?? {})
  const body = Object.entries(matcher.body ?? {}) as Array<[string, JsonValue]>

  return {
    needsBody: body.length > 0,
    matchHead(head) {
      if (matcher.api !== undefined && head.api !== matcher.api) return undefined
      if (methods && !methods.includes(head.method)) return undefined
      let params: PathParams = Object.create(null)
      if (paths) {
        const found = paths.map((pattern) => pattern.match(head.url.pathname)).find((captured) => captured !== undefined)
        if (!found) return undefined
        params = found
      }
      for (const [name, expected] of query) if (!presenceMatches(expected, head.url.searchParams.get(name))) return undefined
      for (const [name, expected] of headers) if (!presenceMatches(expected, head.headers.get(name))) return undefined
      return params
    },
    matchBody(value) {
      return body.every(([path, expected]) => {
        const field = readField(value, path)
        return field.found && jsonEqual(field.value, expected)
      })
    },
  }
}

/** The request's JSON body, read from a clone; undefined when it has none or it is not JSON. */
export async function readJsonBody(request: ApiRequest): Promise<unknown> {
  if (request.method === 'GET' || request.method === 'HEAD' || !request.body) return undefined
  const type = request.headers.get('content-type') ?? ''
  // Image uploads are octet-streams: never buffer them just to look for fields.
  if (type && !/json|yaml/i.test(type)) return undefined
  // No API takes a JSON body past this (Kubernetes: 3 MiB): a larger one is the API's to refuse, unread here.
  if (Number(request.headers.get('content-length') ?? 0) > maxMatchedBodyBytes) return undefined
  try {
    const bytes = await readBounded(request.clone().body, maxMatchedBodyBytes, { tooLarge: () => new RangeError('body too large to match') })
    const text = new TextDecoder().decode(bytes)
    return text.trim() ? JSON.parse(text) : undefined
  } catch {
    return undefined
  }
}

const maxMatchedBodyBytes = 3 * 1024 * 1024
