// Keystone's error dialect: `{"error": {"code", "title", "message"}}`, the title being the HTTP
// reason phrase. Security errors (401, 403) never say more than their fixed text, as a Keystone
// without insecure_debug answers; a 401 names where to authenticate in WWW-Authenticate.
import { answer, type Answer } from '../http/answer.ts'

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export class KeystoneError extends Error {
  readonly status: number
  /** Members the error body carries besides code, title and message. */
  readonly extra: Record<string, unknown>
  constructor(status: number, message: string, extra: Record<string, unknown> = {}) {
    super(message)
    this.name = 'KeystoneError'
    this.status = status
    this.extra = extra
  }
}

export const titleOf = (status: number) => titles[status] ?? 'Error'

export const unauthorized = () => new KeystoneError(401, 'The request you have made requires authentication.')

export const validationError = (attribute: string, target: string) =>
  new KeystoneError(
    400,
    `Expecting to find ${attribute} in ${target}. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.`,
  )

export const schemaError = (detail: string) => new KeystoneError(400, detail)

export const forbiddenAction = (action: string) => new KeystoneError(403, `You are not authorized to perform the requested action: ${action}.`)

export const forbidden = (message: string) => new KeystoneError(403, message)

/** `Could not find <kind>: <id>.` — NotFound is not a security error, so it names what is missing. */
export const notFound = (kind: string, id: string) => new KeystoneError(404, `Could not find ${kind}: ${id}.`)

export const conflict = (type: string, details: string) => new KeystoneError(409, `Conflict occurred attempting to store ${type} - ${details}.`)

/** The error as Keystone renders it; `authUrl` is the v3 base a 401 points clients to. */
export function keystoneErrorAnswer(status: number, message: string, authUrl: string, extra: Record<string, unknown> = {}): Answer {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (status === 401) headers['www-authenticate'] = `Keystone uri="${authUrl}"`
  return answer(status, JSON.stringify({ error: { code: status, title: titleOf(status), message, ...extra } }), headers)
}
