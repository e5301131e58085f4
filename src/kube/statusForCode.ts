// The Status kube-apiserver sends for a bare HTTP code on a given request: what a scenario's
// `respond: { status: 409 }` looks like on a Kubernetes API. Reason, message and details are the ones
// apimachinery's builders write for that reason about the object the request names (K-1, K-2, K-4);
// codes without a builder get the text client-go shows for them.
import type { ErrorRequest, ErrorSpec } from '../apiDescriptor.ts'
import { aggregateText, toCause, type FieldError } from './fieldErrors.ts'
import { qualifiedKind, qualifiedResource, type Endpoint } from './resource.ts'
import { failure, statusErrors, type StatusDetails, type StatusError } from './status.ts'

/** The reason kube-apiserver gives each code (K-2). */
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

const verbs: Record<string, string> = { GET: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }

const defaultInternalText = 'the server was unable to complete the request'

/** The object a request addresses: its endpoint, and its name ('' for a collection). */
export interface StatusTarget {
  endpoint: Endpoint
  name: string
}

function messageOf(error: StatusError): string {
  return error.status.message ?? ''
}

/** The message the builders write for this reason (K-2), about the object the request names. */
function defaultMessage(code: number, reason: string | undefined, target: StatusTarget | undefined, method: string, causes: FieldError[]): string {
  const gr = target ? qualifiedResource(target.endpoint) : ''
  const named = target?.name ? `${gr} "${target.name}"` : gr
  switch (reason) {
    case 'BadRequest':
      return 'the server rejected our request for an unknown reason'
    case 'Unauthorized':
      return messageOf(statusErrors.unauthorized())
    case 'Forbidden':
      return target ? `${named} is forbidden` : 'forbidden'
    case 'NotFound':
      return target?.name ? messageOf(statusErrors.notFound(target.endpoint, target.name)) : messageOf(statusErrors.noRoute())
    case 'MethodNotAllowed':
      return messageOf(statusErrors.methodNotAllowed())
    case 'Conflict':
      if (target?.name) return messageOf(statusErrors.conflict(target.endpoint, target.name))
      return `Operation cannot be fulfilled on ${target ? named : 'the object'}: the object has been modified; please apply your changes to the latest version and try again`
    case 'AlreadyExists':
      return target?.name ? messageOf(statusErrors.alreadyExists(target.endpoint, target.name)) : `${target ? named : 'the object'} already exists`
    case 'Expired':
      return 'the resource version is too old'
    case 'Invalid':
      if (target && causes.length) return messageOf(statusErrors.invalid(target.endpoint, target.name, causes))
      return `${target ? qualifiedKind(target.endpoint) : 'the object'} "${target?.name ?? ''}" is invalid${causes.length ? `: ${aggregateText(causes)}` : ''}`
    case 'TooManyRequests':
      // The priority-and-fairness throttle's text (K-4).
      return 'Too many requests, please try again later.'
    case 'InternalError':
      return messageOf(statusErrors.internal(defaultInternalText))
    case 'ServiceUnavailable':
      return 'the server is currently unable to handle the request'
    case 'Timeout':
      return messageOf(statusErrors.timeout())
    case 'ServerTimeout':
      // apimachinery NewServerTimeout(qualifiedResource, operation, retryAfterSeconds).
      return `The ${verbs[method] ?? 'get'} operation against ${target ? gr : 'the resource'} could not be completed at this time, please try again.`
    default:
      // What client-go says of a code it has no reason for.
      return `the server responded with the status code ${code} but did not return more information`
  }
}

/** details as the builders fill them (K-2): which object, and the causes. */
function details(reason: string | undefined, target: StatusTarget | undefined, causes: FieldError[], messageGiven: boolean): StatusDetails {
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

export interface StatusForCodeOptions {
  /** Reasons an API gives some codes instead of kube-apiserver's (CCI names 504 ServerTimeout, cci.md §4). */
  reasons?: Record<number, string>
}

/** The Status for `spec` on a request to `target` (undefined: the request names no served resource). */
export function statusForCode(spec: ErrorSpec, request: ErrorRequest, target: StatusTarget | undefined, options: StatusForCodeOptions = {}): StatusError {
  const own = options.reasons ?? {}
  const reason = spec.reason ?? (Object.hasOwn(own, spec.status) ? own[spec.status] : Object.hasOwn(reasons, spec.status) ? reasons[spec.status] : undefined)
  const causes: FieldError[] =
    spec.causes?.map((cause) => ({ type: cause.type ?? 'Invalid', field: cause.field, value: cause.value, detail: cause.detail, supported: cause.supported, max: cause.max })) ?? []
  const message = spec.message ?? defaultMessage(spec.status, reason, target, request.request.method, causes)
  return failure(spec.status, reason, message, { ...details(reason, target, causes, spec.message !== undefined), retryAfterSeconds: spec.retryAfterSeconds })
}
