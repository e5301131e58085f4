// What a request addresses, read from its method and path alone, as kube-apiserver's
// RequestInfoFactory (k8s.io/apiserver pkg/endpoints/request/requestinfo.go) reads it before any
// handler runs: the endpoint, the verb authorization sees, the resource, the object's name and a
// subresource. Pure and total: the REST surface routes with it and scenarios target requests with it,
// so a path it cannot decode is an answer ("names nothing served"), never an exception.
import type { Endpoint } from '../resource.ts'

export type KubeVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection'

export interface ResourceRequestInfo {
  endpoint: Endpoint
  /** The verb authorization checks; undefined when the method has none on this path (405). */
  verb: KubeVerb | undefined
  /** The plural the path names. */
  resource: string
  /** The object's name, percent-decoded; undefined on a collection. */
  name: string | undefined
  /** What follows the name (`status`, `scale/x`): no kind here serves one, so the surface answers 404. */
  subresource: string | undefined
  /** The legacy `/watch/` form of the path (K-28). */
  watchPath: boolean
}

/** A path under a served group-version that names nothing served there (K-2: 404 with a Status). */
export interface UnservedRequestInfo {
  endpoint: undefined
  prefix: string
}

export type RequestInfo = ResourceRequestInfo | UnservedRequestInfo

/** Endpoints by prefix, then by plural: the first endpoint listed wins a clash. */
interface EndpointIndex {
  prefixes: string[]
  byPrefix: Map<string, Map<string, Endpoint>>
}

const indexes = new WeakMap<readonly Endpoint[], EndpointIndex>()

function indexOf(endpoints: readonly Endpoint[]): EndpointIndex {
  let index = indexes.get(endpoints)
  if (index) return index
  const byPrefix = new Map<string, Map<string, Endpoint>>()
  for (const endpoint of endpoints) {
    let plurals = byPrefix.get(endpoint.prefix)
    if (!plurals) byPrefix.set(endpoint.prefix, (plurals = new Map()))
    if (!plurals.has(endpoint.resource.plural)) plurals.set(endpoint.resource.plural, endpoint)
  }
  index = { prefixes: [...byPrefix.keys()], byPrefix }
  indexes.set(endpoints, index)
  return index
}

function prefixOf(pathname: string, prefixes: readonly string[]): string | undefined {
  for (let i = 0; i < prefixes.length; i++) {
    const prefix = prefixes[i]!
    if (pathname.startsWith(prefix) && (pathname.length === prefix.length || pathname.charCodeAt(prefix.length) === 47 /* / */)) return prefix
  }
  return undefined
}

/** The served prefix a path lies under (`/apis/image.openshift.io/v1`), if any. */
export function servedPrefix(pathname: string, endpoints: readonly Endpoint[]): string | undefined {
  return prefixOf(pathname, indexOf(endpoints).prefixes)
}

/** A path segment, percent-decoded; undefined when its escapes are malformed. */
function decodeSegment(segment: string): string | undefined {
  // client-node lower-cases whole paths (K-43): `%3A` and `%3a` must decode alike, which they do.
  if (!segment.includes('%')) return segment
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

/**
 * `?watch=` on a collection GET, as the RequestInfoFactory reads it through the parameter codec
 * (runtime.Convert_Slice_string_To_bool): any value but `0` or `false` in any case — an empty one
 * included — means watch, as the list options decoder reads it too.
 */
function watchRequested(url: URL): boolean {
  const value = url.searchParams.get('watch')
  if (value === null) return false
  return value !== '0' && value.toLowerCase() !== 'false'
}

function verbOf(method: string, name: string | undefined, watchPath: boolean, url: URL): KubeVerb | undefined {
  if (watchPath) return method === 'GET' ? 'watch' : undefined
  if (name === undefined) {
    switch (method) {
      case 'GET':
        return watchRequested(url) ? 'watch' : 'list'
      case 'POST':
        return 'create'
      case 'DELETE':
        return 'deletecollection'
      default:
        return undefined
    }
  }
  switch (method) {
    case 'GET':
      return 'get'
    case 'PUT':
      return 'update'
    case 'PATCH':
      return 'patch'
    case 'DELETE':
      return 'delete'
    default:
      return undefined
  }
}

/**
 * What `method url` addresses among `endpoints`: undefined when the path is under none of their
 * prefixes (not a Kubernetes request here). Recognises `<prefix>/[watch/]<plural>[/<name>[/<sub…>]]`.
 * `endpoints` is indexed once per array, so callers pass the same array every time.
 */
export function requestInfo(method: string, url: URL, endpoints: readonly Endpoint[]): RequestInfo | undefined {
  const pathname = url.pathname
  const index = indexOf(endpoints)
  const prefix = prefixOf(pathname, index.prefixes)
  if (prefix === undefined) return undefined
  const parts = pathname.slice(prefix.length + 1).split('/')
  let watchPath = false
  if (parts[0] === 'watch') {
    watchPath = true
    parts.shift()
  }
  const resource = decodeSegment(parts[0] ?? '')
  const endpoint = resource ? index.byPrefix.get(prefix)!.get(resource) : undefined
  if (!endpoint || resource === undefined) return { endpoint: undefined, prefix }
  let name: string | undefined
  if (parts.length > 1) {
    name = decodeSegment(parts[1]!)
    if (!name) return { endpoint: undefined, prefix }
  }
  const subresource = parts.length > 2 ? parts.slice(2).join('/') : undefined
  return { endpoint, verb: verbOf(method.toUpperCase(), name, watchPath, url), resource, name, subresource, watchPath }
}
