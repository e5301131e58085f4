// A scenario says "409" or "429 with Retry-After 5s"; the API decides what that looks like. The
// Kubernetes APIs answer a Status with the reason and message kube-apiserver would use for the code
// and the object the request names (K-1, K-2, K-4); Glance answers as WebOb renders its errors, by
// the request's Accept header (glance.md §3).
import type { ApiModule } from '../core.ts'
import type { Ids } from '../ids.ts'
import { GlanceError, renderGlanceError } from '../glance/errors.ts'
import { requestIdFor, requestIdHeader } from '../glance/requestId.ts'
import { aggregateText, toCause, type FieldError } from '../kube/fieldErrors.ts'
import { qualifiedKind, qualifiedResource, type Endpoint } from '../kube/resource.ts'
import { failure, statusAnswer, type StatusDetails, type StatusError } from '../kube/status.ts'
import { openshiftEndpoints } from '../../handlers/openshift.ts'
import { cciEndpoints } from '../../handlers/cci.ts'
import type { ScenarioCause } from './scenario.ts'
import type { ApiRequest } from '../http/apiRequest.ts'
import { answer, type Answer } from '../http/answer.ts'

export interface ErrorRequest {
  request: ApiRequest
  url: URL
  api: ApiModule
  /** The JSON body, when the request had one (POST names its object there). */
  body: unknown
}

export interface ErrorSpec {
  status: number
  reason?: string
  message?: string
  causes?: ScenarioCause[]
  retryAfterSeconds?: number
}

const kubeEndpoints: Endpoint[] = [...openshiftEndpoints, ...cciEndpoints]

/** The endpoint and object name a Kubernetes request addresses (name '' for a collection). */
export function kubeTarget(url: URL, body: unknown): { endpoint: Endpoint; name: string } | undefined {
  for (const endpoint of kubeEndpoints) {
    const prefix = `${endpoint.prefix}/`
    if (!url.pathname.startsWith(prefix)) continue
    const rest = url.pathname.slice(prefix.length).split('/').filter(Boolean)
    // /watch/<plural>[/<name>] is the legacy watch path of the same resource.
    const segments = rest[0] === 'watch' ? rest.slice(1) : rest
    if (segments[0] !== endpoint.resource.plural) continue
    let name = segments[1] ? decodeURIComponent(segments[1]) : ''
    if (!name && typeof body === 'object' && body !== null && !Array.isArray(body)) {
      const metadata = (body as { metadata?: unknown }).metadata
      if (typeof metadata === 'object' && metadata !== null && typeof (metadata as { name?: unknown }).name === 'string') {
        name = (metadata as { name: string }).name
      }
    }
    return { endpoint, name }
  }
  return undefined
}

/** The reason kube-apiserver gives each code (K-2); CCI's seed names 504 ServerTimeout (cci.md §4). */
function kubeReason(code: number, api: string): string | undefined {
  if (code === 504 && api === 'cci') return 'ServerTimeout'
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    406: 'NotAcceptable',
    409: 'Conflict',
    410: 'Expired',
    413: 'RequestEntityTooLarge',
    415: 'UnsupportedMediaType',
    422: 'Invalid',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  }
  return Object.hasOwn(reasons, code) ? reasons[code] : undefined
}

const verbs: Record<string, string> = { GET: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }

function toFieldError(cause: ScenarioCause): FieldError {
  return { type: cause.type ?? 'Invalid', field: cause.field, value: cause.value, detail: cause.detail, supported: cause.supported, max: cause.max }
}

type KubeTarget = { endpoint: Endpoint; name: string } | undefined

/** The message kube-apiserver's builders write for this reason (K-2), about the object the request names. */
function defaultKubeMessage(code: number, reason: string | undefined, target: KubeTarget, method: string, causes: FieldError[]): string {
  const gr = target ? qualifiedResource(target.endpoint) : ''
  const named = target?.name ? `${gr} "${target.name}"` : gr
  switch (reason) {
    case 'BadRequest':
      return 'the server rejected our request for an unknown reason'
    case 'Unauthorized':
      return 'Unauthorized'
    case 'Forbidden':
      return target ? `${named} is forbidden` : 'forbidden'
    case 'NotFound':
      return target?.name ? `${named} not found` : 'the server could not find the requested resource'
    case 'MethodNotAllowed':
      return 'the server does not allow this method on the requested resource'
    case 'Conflict':
      return `Operation cannot be fulfilled on ${target ? named : 'the object'}: the object has been modified; please apply your changes to the latest version and try again`
    case 'AlreadyExists':
      return `${target ? named : 'the object'} already exists`
    case 'Expired':
      return 'the resource version is too old'
    case 'Invalid': {
      const gk = target ? qualifiedKind(target.endpoint) : 'the object'
      return `${gk} "${target?.name ?? ''}" is invalid${causes.length ? `: ${aggregateText(causes)}` : ''}`
    }
    case 'TooManyRequests':
      // The priority-and-fairness throttle's text (K-4).
      return 'Too many requests, please try again later.'
    case 'InternalError':
      return `Internal error occurred: ${defaultInternalText}`
    case 'ServiceUnavailable':
      return 'the server is currently unable to handle the request'
    case 'Timeout':
      return 'Timeout: request did not complete within requested timeout - context deadline exceeded'
    case 'ServerTimeout':
      // apimachinery NewServerTimeout(qualifiedResource, operation, retryAfterSeconds).
      return `The ${verbs[method] ?? 'get'} operation against ${target ? gr : 'the resource'} could not be completed at this time, please try again.`
    default:
      // What client-go says of a code it has no reason for.
      return `the server responded with the status code ${code} but did not return more information`
  }
}

const defaultInternalText = 'the server was unable to complete the request'

/** details as the builders fill them (K-2): which object, and the causes. */
function kubeDetails(reason: string | undefined, target: KubeTarget, causes: FieldError[], messageGiven: boolean): StatusDetails {
  const object = target ? { name: target.name || undefined, group: target.endpoint.group, kind: target.endpoint.resource.plural } : {}
  const listed = causes.length ? { causes: causes.map(toCause) } : {}
  switch (reason) {
    case 'NotFound':
    case 'AlreadyExists':
    case 'Conflict':
    case 'Forbidden':
      return { ...object, ...listed }
    case 'Invalid':
      return target ? { name: target.name || undefined, group: target.endpoint.group, kind: target.endpoint.resource.kind, ...listed } : listed
    case 'ServerTimeout':
      return target ? { group: target.endpoint.group, kind: target.endpoint.resource.plural, ...listed } : listed
    case 'InternalError':
      return causes.length || messageGiven ? listed : { causes: [{ message: defaultInternalText }] }
    default:
      return listed
  }
}

/** The Status kube-apiserver would send for this code on this request. */
export function kubeStatusError(spec: ErrorSpec, request: ErrorRequest): StatusError {
  const target = kubeTarget(request.url, request.body)
  const reason = spec.reason ?? kubeReason(spec.status, request.api.name)
  const causes = spec.causes?.map(toFieldError) ?? []
  const message = spec.message ?? defaultKubeMessage(spec.status, reason, target, request.request.method, causes)
  const details = kubeDetails(reason, target, causes, spec.message !== undefined)
  return failure(spec.status, reason, message, { ...details, retryAfterSeconds: spec.retryAfterSeconds })
}

// WebOb's default explanations for the codes a scenario most often injects (webob/exc.py).
const webobExplanations: Record<number, string> = {
  429: 'The client has sent too many requests in a given amount of time.',
  502: 'Bad gateway.',
  503: 'The server is currently unavailable. Please try again at a later time.',
  504: 'The gateway has timed out.',
}

export function glanceErrorAnswer(spec: ErrorSpec, request: ErrorRequest, ids: Ids): Answer {
  const headers: Record<string, string> = {}
  if (spec.retryAfterSeconds) headers['retry-after'] = String(spec.retryAfterSeconds)
  const explanation = spec.message ?? (Object.hasOwn(webobExplanations, spec.status) ? webobExplanations[spec.status] : undefined)
  const error = new GlanceError(spec.status, { explanation, headers })
  const rendered = renderGlanceError(error, {
    method: request.request.method,
    accept: request.request.headers.get('accept'),
    contentType: request.request.headers.get('content-type') ?? '',
  })
  let requestId: string
  try {
    requestId = requestIdFor(request.request.headers, ids)
  } catch {
    requestId = `req-${ids.uuid('glance-request')}`
  }
  return answer(rendered.status, rendered.body, { ...rendered.headers, [requestIdHeader]: requestId })
}

/** The error answer in the dialect of the API the request went to. */
export function errorAnswer(spec: ErrorSpec, request: ErrorRequest, ids: Ids): Answer {
  if (request.api.name === 'glance') return glanceErrorAnswer(spec, request, ids)
  return statusAnswer(kubeStatusError(spec, request))
}
