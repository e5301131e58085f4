// Glance's errors are WebOb exceptions raised with an explanation (glance/common/wsgi.py); WebOb
// renders them (webob/exc.py WSGIHTTPException.generate_response) as HTML, JSON or plain text by
// the request's Accept header. Rules only say which error; this file renders it as Glance would.
// The one exception is the 401, which keystonemiddleware answers itself, always in JSON.
import { acceptableOffers } from './acceptNegotiation.ts'
import { pythonJsonDumps } from './pythonJson.ts'

interface StatusText {
  title: string
  explanation: string
  /** WebOb classes with their own body template (405, 415) ignore the explanation. */
  template?: (vars: TemplateVars) => string
}

interface TemplateVars {
  method: string
  contentType: string
  detail: string
}

// webob/exc.py: titles and default explanations.
const statusTexts: Record<number, StatusText> = {
  400: { title: 'Bad Request', explanation: 'The server could not comply with the request since it is either malformed or otherwise incorrect.' },
  401: { title: 'Unauthorized', explanation: 'This server could not verify that you are authorized to access the document you requested.  Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.' },
  403: { title: 'Forbidden', explanation: 'Access was denied to this resource.' },
  404: { title: 'Not Found', explanation: 'The resource could not be found.' },
  405: {
    title: 'Method Not Allowed',
    explanation: '',
    template: (v) => `The method ${v.method} is not allowed for this resource. <br /><br />\n${v.detail}`,
  },
  409: { title: 'Conflict', explanation: 'There was a conflict when trying to complete your request.' },
  410: { title: 'Gone', explanation: 'This resource is no longer available.  No forwarding address is given.' },
  413: { title: 'Request Entity Too Large', explanation: 'The body of your request was too large for this server.' },
  415: {
    title: 'Unsupported Media Type',
    explanation: '',
    template: (v) => `The request media type ${v.contentType} is not supported by this server.\n<br /><br />\n${v.detail}`,
  },
  416: { title: 'Requested Range Not Satisfiable', explanation: 'The Range requested is not available.' },
  422: { title: 'Unprocessable Entity', explanation: 'Unable to process the contained instructions' },
  429: { title: 'Too Many Requests', explanation: 'The client has sent too many requests in a given amount of time.' },
  431: { title: 'Request Header Fields Too Large', explanation: 'The request header fields were too large' },
  500: { title: 'Internal Server Error', explanation: 'The server has either erred or is incapable of performing the requested operation.' },
  502: { title: 'Bad Gateway', explanation: 'Bad gateway.' },
  503: { title: 'Service Unavailable', explanation: 'The server is currently unavailable. Please try again at a later time.' },
  504: { title: 'Gateway Timeout', explanation: 'The gateway has timed out.' },
}

export interface GlanceErrorInit {
  explanation?: string
  detail?: string
  comment?: string
  headers?: Record<string, string>
}

/** An error Glance answers with; thrown by the rules, rendered once by the transport. */
export class GlanceError extends Error {
  readonly status: number
  readonly explanation: string
  readonly detail: string
  readonly comment: string
  readonly headers: Record<string, string>

  constructor(status: number, init: GlanceErrorInit = {}) {
    const text = statusTexts[status]
    const explanation = init.explanation ?? text?.explanation ?? ''
    super(explanation || `${status}`)
    this.name = 'GlanceError'
    this.status = status
    this.explanation = explanation
    this.detail = init.detail ?? ''
    this.comment = init.comment ?? ''
    this.headers = init.headers ?? {}
  }
}

export const badRequest = (explanation: string) => new GlanceError(400, { explanation })
export const forbidden = (explanation: string) => new GlanceError(403, { explanation })
export const notFound = (explanation?: string) => new GlanceError(404, { explanation })
export const conflict = (explanation: string) => new GlanceError(409, { explanation })
export const gone = (explanation: string) => new GlanceError(410, { explanation })
export const entityTooLarge = (explanation: string) => new GlanceError(413, { explanation })
/** oslo.policy denials through glance.common.exception.Forbidden. */
export const policyDenied = (action: string) => forbidden(`You are not authorized to complete ${action} action.`)

export function methodNotAllowed(allow: readonly string[]): GlanceError {
  // glance/api/v2/router.py reject_method: webob.exc.HTTPMethodNotAllowed(headers=[('Allow', ...)])
  return new GlanceError(405, { headers: { allow: allow.join(', ') } })
}

export function unsupportedMediaType(headers?: Record<string, string>): GlanceError {
  return new GlanceError(415, { headers })
}

/** webob.exc.HTTPRequestRangeNotSatisfiable(msg): Glance passes the message as `detail`. */
export function rangeNotSatisfiable(detail: string): GlanceError {
  return new GlanceError(416, { detail })
}

/** webob/util.py html_escape: quotes escaped, non-ASCII as character references. */
function htmlEscape(text: string): string {
  let out = ''
  for (const char of text) {
    const code = char.codePointAt(0)!
    if (char === '&') out += '&amp;'
    else if (char === '<') out += '&lt;'
    else if (char === '>') out += '&gt;'
    else if (char === '"') out += '&quot;'
    else if (char === "'") out += '&#x27;'
    else if (code > 0x7f) out += `&#${code};`
    else out += char
  }
  return out
}

/** webob/exc.py strip_tags, used for the text/plain body. */
function stripTags(text: string): string {
  return text
    .replaceAll('\n', ' ')
    .replaceAll('\r', '')
    .replace(/<br.*?>/gis, '\n')
    .replace(/<!--|-->/g, '')
    .replace(/<.*?>/gs, '')
}

function makeBody(error: GlanceError, request: RequestFacts, escape: (text: string) => string): string {
  const text = statusTexts[error.status]
  if (text?.template) {
    return text.template({ method: escape(request.method), contentType: escape(request.contentType), detail: escape(error.detail) })
  }
  const comment = error.comment ? `<!-- ${escape(error.comment)} -->` : ''
  return `${escape(error.explanation)}<br /><br />\n${escape(error.detail)}\n${comment}\n`
}

export interface RequestFacts {
  method: string
  accept: string | null
  /** The request's Content-Type as sent ('' when absent), for the 415 text. */
  contentType: string
}

export interface RenderedError {
  status: number
  headers: Record<string, string>
  body: string
}

function statusLine(status: number): string {
  return `${status} ${statusTexts[status]?.title ?? 'Unknown'}`
}

/** The response WebOb would send for `error` to this request. */
export function renderGlanceError(error: GlanceError, request: RequestFacts): RenderedError {
  const status = statusLine(error.status)
  const match = acceptableOffers(request.accept, ['text/html', 'application/json'])[0]
  const headers: Record<string, string> = { ...error.headers }
  let body: string
  if (match === 'text/html') {
    headers['content-type'] = 'text/html; charset=UTF-8'
    body = `<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n  ${makeBody(error, request, htmlEscape)}\n </body>\n</html>`
  } else if (match === 'application/json') {
    headers['content-type'] = 'application/json'
    body = pythonJsonDumps({ message: makeBody(error, request, (t) => t), code: status, title: statusTexts[error.status]?.title ?? '' })
  } else {
    headers['content-type'] = 'text/plain; charset=UTF-8'
    body = `${status}\n\n${stripTags(makeBody(error, request, (t) => t))}`
  }
  return { status: error.status, headers, body }
}

/**
 * keystonemiddleware's refusal (auth_token/__init__.py): JSON whatever the Accept header, with the
 * identity service to ask for a token in WWW-Authenticate. glanceclient turns it into
 * "Invalid OpenStack Identity credentials."
 */
export function renderUnauthorized(identityUri: string): RenderedError {
  return {
    status: 401,
    headers: { 'content-type': 'application/json', 'www-authenticate': `Keystone uri="${identityUri}"` },
    body: pythonJsonDumps({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } }),
  }
}
