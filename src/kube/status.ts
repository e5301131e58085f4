// Kubernetes `Status` errors (K-1, K-2), built as k8s.io/apimachinery pkg/api/errors builds them.
// Handlers never hand-build error JSON: they throw or return one of these.
import { aggregateText, toCause, type FieldError, type StatusCause } from './fieldErrors.ts'
import { qualifiedKind, qualifiedResource, type Endpoint } from './resource.ts'
import { answer, type Answer } from '../http/answer.ts'

export interface StatusDetails {
  name?: string
  group?: string
  kind?: string
  uid?: string
  causes?: Array<Partial<StatusCause>>
  retryAfterSeconds?: number
}

export interface Status {
  kind: 'Status'
  apiVersion: 'v1'
  metadata: Record<string, never> | { continue?: string }
  status: 'Failure' | 'Success'
  message?: string
  reason?: string
  details?: StatusDetails
  code?: number
}

/** A Status answer travelling as an exception through the machinery. */
export class StatusError extends Error {
  readonly status: Status
  readonly headers: Record<string, string>
  constructor(status: Status, headers: Record<string, string> = {}) {
    super(status.message ?? status.reason ?? 'error')
    this.status = status
    this.headers = headers
  }
  get code(): number {
    return this.status.code ?? 500
  }
}

/** Orders keys as the Go struct does and drops empty ones (K-1). */
function cleanDetails(details: StatusDetails | undefined): StatusDetails | undefined {
  if (!details) return undefined
  const out: StatusDetails = {}
  if (details.name) out.name = details.name
  if (details.group) out.group = details.group
  if (details.kind) out.kind = details.kind
  if (details.uid) out.uid = details.uid
  if (details.causes?.length) out.causes = details.causes
  if (details.retryAfterSeconds) out.retryAfterSeconds = details.retryAfterSeconds
  return out
}

export function failure(code: number, reason: string | undefined, message: string, details?: StatusDetails): StatusError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure' }
  if (message) status.message = message
  if (reason) status.reason = reason
  const cleaned = cleanDetails(details)
  if (cleaned) status.details = cleaned
  status.code = code
  const headers: Record<string, string> = {}
  // K-4: retryAfterSeconds travels as a Retry-After header too; client-go retries on it.
  if (cleaned?.retryAfterSeconds) headers['retry-after'] = String(cleaned.retryAfterSeconds)
  return new StatusError(status, headers)
}

const target = (endpoint: Endpoint, name: string) => ({ name, group: endpoint.group, kind: endpoint.resource.plural })

export const statusErrors = {
  notFound: (endpoint: Endpoint, name: string) =>
    failure(404, 'NotFound', `${qualifiedResource(endpoint)} "${name}" not found`, target(endpoint, name)),
  /** A path inside a served group-version that names nothing served (K-2). */
  noRoute: () => failure(404, 'NotFound', 'the server could not find the requested resource', {}),
  alreadyExists: (endpoint: Endpoint, name: string, beingDeleted = false) =>
    failure(
      409,
      'AlreadyExists',
      `${beingDeleted ? 'object is being deleted: ' : ''}${qualifiedResource(endpoint)} "${name}" already exists`,
      target(endpoint, name),
    ),
  generateNameExhausted: (endpoint: Endpoint, name: string) =>
    failure(
      409,
      'AlreadyExists',
      `${qualifiedResource(endpoint)} "${name}" already exists, the server was not able to generate a unique name for the object`,
      { ...target(endpoint, name), retryAfterSeconds: 1 },
    ),
  conflict: (endpoint: Endpoint, name: string, detail = 'the object has been modified; please apply your changes to the latest version and try again') =>
    failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(endpoint)} "${name}": ${detail}`, target(endpoint, name)),
  invalid: (endpoint: Endpoint, name: string, errors: FieldError[]) =>
    failure(422, 'Invalid', `${qualifiedKind(endpoint)} "${name}" is invalid: ${aggregateText(errors)}`, {
      name,
      group: endpoint.group,
      kind: endpoint.resource.kind,
      causes: errors.map(toCause),
    }),
  /** K-17/K-25: option validation, e.g. `ListOptions.meta.k8s.io "" is invalid: …`. */
  invalidOptions: (optionsKind: string, errors: FieldError[]) =>
    failure(422, 'Invalid', `${optionsKind}.meta.k8s.io "" is invalid: ${aggregateText(errors)}`, {
      group: 'meta.k8s.io',
      kind: optionsKind,
      causes: errors.map(toCause),
    }),
  badRequest: (message: string) => failure(400, 'BadRequest', message),
  methodNotAllowed: () => failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}),
  notAcceptable: (types: string[]) => failure(406, 'NotAcceptable', `only the following media types are accepted: ${types.join(', ')}`),
  unsupportedMediaType: (types: string[]) =>
    failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${types.join(', ')}`),
  expired: (message: string) => failure(410, 'Expired', message),
  unauthorized: () => failure(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (endpoint: Endpoint, user: string, verb: string, name?: string) =>
    failure(
      403,
      'Forbidden',
      `${qualifiedResource(endpoint)}${name ? ` "${name}"` : ''} is forbidden: User "${user}" cannot ${verb} resource "${endpoint.resource.plural}" in API group "${endpoint.group}" at the cluster scope`,
      name ? target(endpoint, name) : { group: endpoint.group, kind: endpoint.resource.plural },
    ),
  requestEntityTooLarge: (detail: string) => failure(413, 'RequestEntityTooLarge', `Request entity too large: ${detail}`),
  tooManyRequests: (message: string, retryAfterSeconds: number) =>
    failure(429, 'TooManyRequests', message, { retryAfterSeconds }),
  internal: (text: string) => failure(500, 'InternalError', `Internal error occurred: ${text}`, { causes: [{ message: text }] }),
  serviceUnavailable: (message: string) => failure(503, 'ServiceUnavailable', message),
  timeout: (message = 'Timeout: request did not complete within requested timeout - context deadline exceeded', details: StatusDetails = {}) =>
    failure(504, 'Timeout', message, details),
}

export function successStatus(details: StatusDetails): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: cleanDetails(details) ?? {} }
}

/** A Status as an answer: JSON, HTTP status = code, body ending in a newline (K-1). */
export function statusAnswer(error: StatusError, extraHeaders: Record<string, string> = {}): Answer {
  return answer(error.code, `${JSON.stringify(error.status)}\n`, {
    'content-type': 'application/json',
    'cache-control': 'no-cache, private',
    ...error.headers,
    ...extraHeaders,
  })
}
