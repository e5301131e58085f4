// Discovery transport: /version, /api, /apis[/<group>[/<version>]], the legacy /oapi[/v1], the
// OpenAPI documents under /openapi (K-38..K-40) and the health endpoints (health.ts). What the documents say is src/kube/discovery.ts' and
// src/kube/openapi.ts' business; this file routes, authenticates and formats.
import type { ApiModule, EmulatorCore } from '../core.ts'
import type { Endpoint } from './resource.ts'
import { authenticate, mayReadPublic } from '../auth.ts'
import { createDiscovery } from './discovery.ts'
import { createOpenApi } from './openapi.ts'
import { StatusError, statusErrors, statusAnswer } from './status.ts'
import { parseAccept } from './negotiation.ts'
import { answer, type Answer } from '../http/answer.ts'
import { healthAnswer, isHealthPath } from './health.ts'

const openapiPrefix = '/openapi/v3/'

/**
 * Whether a path can name a discovery document: under /api, /apis, /oapi or /version, at most three
 * segments deep (/apis/<group>/<version>). Resource paths go deeper; Glance's lie elsewhere.
 */
function mayBeDiscoveryPath(path: string): boolean {
  if (!path.startsWith('/api') && !path.startsWith('/oapi') && !path.startsWith('/version')) return false
  let end = path.length
  while (end > 1 && path.charCodeAt(end - 1) === 47) end--
  let slashes = 0
  for (let i = 0; i < end; i++) if (path.charCodeAt(i) === 47 && ++slashes > 3) return false
  return true
}

function isOpenApiPath(path: string): boolean {
  return path === '/openapi/v2' || path === '/openapi/v3' || path.startsWith(openapiPrefix)
}

/** Whether the client takes JSON: the OpenAPI documents exist only in that form here (protobuf is never mislabelled). */
function acceptsJson(accept: string | null): boolean {
  if (!accept?.trim()) return true
  return parseAccept(accept).some((clause) => ['application/json', 'application/*', '*/*'].includes(clause.type))
}

export function discoveryApi(core: EmulatorCore, endpoints: Endpoint[]): ApiModule {
  const discovery = createDiscovery(endpoints)
  const openapi = createOpenApi(endpoints)

  const respond = (body: unknown, contentType: string, extra: Record<string, string> = {}) =>
    answer(200, `${typeof body === 'string' ? body : JSON.stringify(body)}\n`, { 'content-type': contentType, 'cache-control': 'no-cache, private', ...extra })

  function openApiAnswer(path: string, url: URL, accept: string | null): Answer {
    // K-40: no /openapi/v2. kubectl asks for it as protobuf only when v3 lacks what it needs, and a
    // JSON answer to that request would be misread; the 404 makes it report the missing document.
    if (path === '/openapi/v2') return statusAnswer(statusErrors.noRoute())
    if (!acceptsJson(accept)) throw statusErrors.notAcceptable(['application/json'])
    if (path === '/openapi/v3') return respond(openapi.index(), 'application/json')
    const document = openapi.document(path.slice(openapiPrefix.length))
    if (!document) return statusAnswer(statusErrors.noRoute())
    // A request naming the current hash may be cached for good, as kube-apiserver allows.
    const cache = url.searchParams.get('hash') === document.hash ? { 'cache-control': 'public, immutable', etag: `"${document.hash}"` } : { etag: `"${document.hash}"` }
    return answer(200, `${document.json}\n`, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', ...cache })
  }

  return {
    name: 'discovery',
    claims: (url) => isOpenApiPath(url.pathname) || isHealthPath(url.pathname) || (mayBeDiscoveryPath(url.pathname) && discovery.document(url.pathname, url.host) !== undefined),
    async handle(request, url) {
      try {
        if (request.method !== 'GET' && request.method !== 'HEAD') throw statusErrors.methodNotAllowed()
        const path = url.pathname.replace(/\/+$/, '') || '/'
        // /version and the health checks are public (system:public-info-viewer): anonymous requests read
        // them, a bad token does not. Everything else needs a known token when auth is on.
        const isPublic = path === '/version' || isHealthPath(url.pathname)
        if (!(isPublic ? mayReadPublic(request.headers, core.auth) : authenticate(request.headers, core.auth).ok)) throw statusErrors.unauthorized()
        const health = healthAnswer(url.pathname, url.searchParams)
        if (health) return health
        const accept = request.headers.get('accept')
        if (isOpenApiPath(path)) return openApiAnswer(path, url, accept)
        const found = discovery.answer(path, url.host, accept)
        if (!found) throw statusErrors.noRoute()
        return respond(found.body, found.contentType)
      } catch (error) {
        if (error instanceof StatusError) return statusAnswer(error)
        throw error
      }
    },
  }
}
