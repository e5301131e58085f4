// The Glance v2 REST surface: routes /, /versions and /v2/** (and /v2.N/**) to the Glance service.
// It reads the request, calls one service operation and writes the answer: JSON as Python's
// json.dumps writes it, errors as WebOb renders them, x-openstack-request-id on every response.
import type { ApiModule, EmulatorCore } from '../core.ts'
import type { Ids } from '../ids.ts'
import { authenticate, type Principal } from '../auth.ts'
import { authorize } from './policy.ts'
import { GlanceError, methodNotAllowed, notFound, renderGlanceError, renderUnauthorized, type RequestFacts } from './errors.ts'
import { createGlanceService, type GlanceService } from './glanceService.ts'
import { imageHref } from './image.ts'
import { patchDraft } from './jsonPatch.ts'
import type { GlanceOptions } from './options.ts'
import { pythonJsonDumps } from './pythonJson.ts'
import { assertNoBody, readRequestBody, requiredJsonBody } from './requestBody.ts'
import { unquote } from './unquote.ts'
import { requestIdFor, requestIdHeader } from './requestId.ts'
import { schemaDocument } from './schemas.ts'
import { isGlancePath, negotiate, versionsDocument } from './versions.ts'
import { importInfo } from './imageImport.ts'
import { createMetadefService } from './metadefs/metadefService.ts'
import { metadefRoutes } from './metadefs/metadefRoutes.ts'
import type { ApiRequest } from '../http/apiRequest.ts'
import { answer, type Answer } from '../http/answer.ts'


export interface GlanceApiModule extends ApiModule {
  /** The emulated Glance behind the routes, for typed access from tests and runtimes. */
  service: GlanceService
}

interface Call {
  request: ApiRequest
  url: URL
  principal: Principal
  params: string[]
  service: GlanceService
  requestId: string | undefined
}

type Handler = (call: Call) => Answer | Promise<Answer>

interface Route {
  pattern: RegExp
  /** Methods in upstream's order (the 405's Allow header); `reject` marks body_reject routes. */
  methods: Array<[method: string, handler: Handler, reject?: 'body_reject']>
}

/** A complete body: each door sends it with its Content-Length, as WebOb sends every non-streamed response. */
function json(status: number, value: unknown, headers: Record<string, string> = {}): Answer {
  return answer(status, pythonJsonDumps(value, { ensureAscii: false }), { 'content-type': 'application/json', ...headers })
}

const noContent = () => answer(204)

/** The JSON API body, bounded as OpenStack bounds it (requestBody.ts); image data is read by the service. */
const bytesOf = (request: ApiRequest): Promise<Uint8Array> => readRequestBody(request)

const jsonBody = async (request: ApiRequest) => requiredJsonBody(await bytesOf(request))

const routes: Route[] = [
  {
    pattern: /^\/schemas\/(.+)$/,
    methods: [
      [
        'GET',
        ({ params }) => {
          const schema = schemaDocument(params[0]!)
          if (!schema) throw notFound()
          return json(200, schema)
        },
        'body_reject',
      ],
    ],
  },
  {
    pattern: /^\/images$/,
    methods: [
      ['GET', ({ service, principal, url }) => json(200, service.listImages(principal, url.searchParams)), 'body_reject'],
      [
        'POST',
        async ({ service, principal, request, url }) => {
          const image = await service.createImage(principal, await jsonBody(request))
          const storeIds = service.storeIds()
          return json(201, service.view(image), {
            location: `${url.origin}${imageHref(image.id)}`,
            'openstack-image-import-methods': service.importMethods.join(','),
            ...(storeIds ? { 'openstack-image-store-ids': storeIds.join(',') } : {}),
          })
        },
      ],
    ],
  },
  {
    pattern: /^\/images\/([^/]+)$/,
    methods: [
      ['GET', ({ service, principal, params }) => answer(200, service.showImageBody(principal, params[0]!), { 'content-type': 'application/json' }), 'body_reject'],
      [
        'PATCH',
        async ({ service, principal, params, request }) => {
          const draft = patchDraft(request.headers.get('content-type'))
          return json(200, service.view(await service.updateImage(principal, params[0]!, draft, await jsonBody(request))))
        },
      ],
      ['DELETE', async ({ service, principal, params }) => (await service.deleteImage(principal, params[0]!), noContent()), 'body_reject'],
    ],
  },
  {
    pattern: /^\/images\/([^/]+)\/file$/,
    methods: [
      [
        'GET',
        ({ service, principal, params, request }) => {
          const download = service.downloadData(principal, params[0]!, request.headers.get('range'))
          if (download.status === 204) return noContent()
          const headers: Record<string, string> = { 'content-type': 'application/octet-stream' }
          // Glance sends the md5 hex digest here, not RFC 1864 base64.
          if (download.checksum) headers['content-md5'] = download.checksum
          if (download.range) headers['content-range'] = `bytes ${download.range.start}-${download.range.end}/${download.size}`
          return answer(download.status, download.bytes, headers)
        },
        'body_reject',
      ],
      [
        'PUT',
        async ({ service, principal, params, request }) => {
          await service.uploadData(principal, params[0]!, request.headers.get('content-type'), request.body, request.headers.get('x-image-meta-store'))
          return noContent()
        },
      ],
    ],
  },
  {
    pattern: /^\/images\/([^/]+)\/stage$/,
    methods: [
      [
        'PUT',
        async ({ service, principal, params, request }) => {
          await service.stageData(principal, params[0]!, request.headers.get('content-type'), request.body)
          return noContent()
        },
      ],
    ],
  },
  {
    pattern: /^\/images\/([^/]+)\/import$/,
    methods: [
      [
        'POST',
        async ({ service, principal, params, request, requestId }) => {
          await service.importImage(principal, params[0]!, await jsonBody(request), request.headers.get('x-image-meta-store'), requestId)
          return answer(202, '', { 'content-type': 'text/html; charset=UTF-8' })
        },
      ],
    ],
  },
  {
    pattern: /^\/images\/([^/]+)\/tasks$/,
    methods: [['GET', ({ service, principal, params }) => json(200, service.imageTasks(principal, params[0]!)), 'body_reject']],
  },
  {
    pattern: /^\/images\/([^/]+)\/locations$/,
    methods: [
      ['GET', ({ service, principal, params }) => json(200, service.locations(principal, params[0]!)), 'body_reject'],
      [
        'POST',
        async ({ service, principal, params, request }) => {
          await service.addLocation(principal, params[0]!, await jsonBody(request))
          return answer(202, '', { 'content-type': 'text/html; charset=UTF-8' })
        },
      ],
    ],
  },
  {
    pattern: /^\/cache$/,
    methods: [
      ['GET', ({ service, principal }) => json(200, service.cacheState(principal)), 'body_reject'],
      ['DELETE', ({ service, principal, request }) => (service.cacheClear(principal, request.headers.get('x-image-cache-clear-target') ?? ''), noContent()), 'body_reject'],
    ],
  },
  {
    pattern: /^\/cache\/([^/]+)$/,
    methods: [
      ['PUT', ({ service, principal, params }) => (service.cacheQueue(principal, params[0]!), answer(202, '', { 'content-type': 'text/html; charset=UTF-8' })), 'body_reject'],
      ['DELETE', ({ service, principal, params }) => (service.cacheDelete(principal, params[0]!), noContent()), 'body_reject'],
    ],
  },
  {
    pattern: /^\/images\/([^/]+)\/tags\/([^/]+)$/,
    methods: [
      ['PUT', async ({ service, principal, params }) => (await service.addTag(principal, params[0]!, params[1]!), noContent()), 'body_reject'],
      ['DELETE', async ({ service, principal, params }) => (await service.removeTag(principal, params[0]!, params[1]!), noContent()), 'body_reject'],
    ],
  },
  {
    pattern: /^\/images\/([^/]+)\/actions\/(deactivate|reactivate)$/,
    methods: [
      [
        'POST',
        async ({ service, principal, params }) => {
          await service.act(principal, params[0]!, params[1] as 'deactivate' | 'reactivate')
          return noContent()
        },
        'body_reject',
      ],
    ],
  },
  {
    pattern: /^\/images\/([^/]+)\/members$/,
    methods: [
      ['GET', ({ service, principal, params }) => json(200, service.listMembers(principal, params[0]!)), 'body_reject'],
      ['POST', async ({ service, principal, params, request }) => json(200, await service.createMember(principal, params[0]!, await jsonBody(request)))],
    ],
  },
  {
    pattern: /^\/images\/([^/]+)\/members\/([^/]+)$/,
    methods: [
      ['GET', ({ service, principal, params }) => json(200, service.showMember(principal, params[0]!, params[1]!)), 'body_reject'],
      [
        'PUT',
        async ({ service, principal, params, request }) =>
          json(200, await service.updateMember(principal, params[0]!, params[1]!, await jsonBody(request))),
      ],
      [
        'DELETE',
        async ({ service, principal, params }) => (await service.deleteMember(principal, params[0]!, params[1]!), noContent()),
        'body_reject',
      ],
    ],
  },
  {
    pattern: /^\/info\/import$/,
    methods: [['GET', ({ service }) => json(200, importInfo(service.importMethods)), 'body_reject']],
  },
  {
    pattern: /^\/info\/stores$/,
    methods: [
      ['GET', ({ service }) => json(200, service.stores()), 'body_reject'],
    ],
  },
]

/** Path parameters as Glance reads them: percent-decoded as Python does, never left half-encoded (unquote.ts). */
function decodeSegments(match: RegExpExecArray): string[] {
  return match.slice(1).map(unquote)
}

async function routeV2(path: string, request: ApiRequest, url: URL, principal: Principal, service: GlanceService, table: Route[], requestId?: string): Promise<Answer> {
  for (const route of table) {
    const match = route.pattern.exec(path)
    if (!match) continue
    const entry = route.methods.find(([method]) => method === request.method)
    if (!entry) throw methodNotAllowed(route.methods.map(([method]) => method))
    const [, handler, reject] = entry
    if (reject) assertNoBody(await bytesOf(request))
    return handler({ request, url, principal, params: decodeSegments(match), service, requestId })
  }
  throw notFound()
}

function withRequestId(given: Answer, requestId: string): Answer {
  given.headers[requestIdHeader] = requestId
  return given
}

/** An error as Glance answers it: WebOb's rendering by the request's Accept header, with a request id. */
export function glanceErrorAnswer(error: GlanceError, request: ApiRequest, ids: Ids, requestId?: string): Answer {
  const facts: RequestFacts = {
    method: request.method,
    accept: request.headers.get('accept'),
    contentType: request.headers.get('content-type') ?? '',
  }
  const rendered = renderGlanceError(error, facts)
  if (requestId === undefined) {
    try {
      requestId = requestIdFor(request.headers, ids)
    } catch {
      requestId = undefined
    }
  }
  return withRequestId(answer(rendered.status, rendered.body, rendered.headers), requestId ?? `req-${ids.uuid('glance-request')}`)
}

export function glanceApiModule(core: EmulatorCore, options: GlanceOptions = {}): GlanceApiModule {
  const service = createGlanceService(core, options)
  const metadefs = createMetadefService(core)
  const table: Route[] = [...routes, ...metadefRoutes(metadefs)]

  async function route(request: ApiRequest, url: URL, requestId?: string): Promise<Answer> {
    await service.ready()
    await metadefs.ready()
    const negotiated = negotiate(url.pathname, service.versionsEnabled)
    // Version negotiation runs before authentication: discovery needs no token.
    if (negotiated.kind !== 'v2') {
      return answer(negotiated.kind === 'versions' ? 200 : 300, pythonJsonDumps(versionsDocument(url.origin, service.versionsEnabled)), { 'content-type': 'application/json' })
    }
    const authentication = authenticate(request.headers, core.auth)
    if (!authentication.ok) {
      const refusal = renderUnauthorized(service.identityUri)
      return answer(refusal.status, refusal.body, refusal.headers)
    }
    authorize(authentication.principal, negotiated.path, request.method)
    return routeV2(negotiated.path, request, url, authentication.principal, service, table, requestId)
  }

  return {
    name: 'glance',
    service,
    claims: (url) => isGlancePath(url.pathname),
    async handle(request, url) {
      let requestId: string | undefined
      try {
        requestId = requestIdFor(request.headers, core.ids)
        return withRequestId(await route(request, url, requestId), requestId)
      } catch (error) {
        const glanceError = error instanceof GlanceError ? error : new GlanceError(500)
        if (!(error instanceof GlanceError)) console.error('glance emulator: unexpected error', error)
        return glanceErrorAnswer(glanceError, request, core.ids, requestId ?? `req-${core.ids.uuid('glance-request')}`)
      }
    },
  }
}
