// What an API gives back for a request: a status, headers and a body that is either complete (text or
// bytes) or still being produced (a watch, a download). Each door turns it into what it speaks: msw
// into a fetch Response, the standalone server straight into node:http writes. Knowing that a body is
// complete lets both give it its Content-Length and send it in one piece.

/** A scenario's fault in place of an answer: the connection fails (reset, or dropped without a reply). */
export type ConnectionFault = 'connection-reset' | 'network-error'

export type AnswerBody = string | Uint8Array | ReadableStream<Uint8Array> | null

export interface Answer {
  status: number
  /** Lower-case names. */
  headers: Record<string, string>
  body: AnswerBody
  /** Set when there is no answer at all: the connection fails instead. */
  fault?: ConnectionFault
}

export function answer(status: number, body: AnswerBody = null, headers: Record<string, string> = {}): Answer {
  return { status, headers, body }
}

/** The same answer with these headers set over its own (names lower-cased). */
export function withHeaders(original: Answer, headers: Record<string, string>): Answer {
  const merged = { ...original.headers }
  for (const [name, value] of Object.entries(headers)) merged[name.toLowerCase()] = value
  return { ...original, headers: merged }
}

export function connectionFault(kind: ConnectionFault): Answer {
  return { status: 0, headers: {}, body: null, fault: kind }
}

export const isComplete = (body: AnswerBody): body is string | Uint8Array | null => !(body instanceof ReadableStream)

/** An answer that will not be sent (only its status is reported): a body still being produced is released. */
export function discardBody(given: Answer): void {
  if (!isComplete(given.body)) void given.body.cancel().catch(() => undefined)
}

const encoder = new TextEncoder()

/** Whether an answer with this status has a body, even an empty one (204 and 304 never do). */
export const hasContent = (status: number) => status !== 204 && status !== 304

/**
 * The answer as a fetch Response, for msw. A complete body carries its Content-Length: besides being
 * what the real servers send, msw's Node interception keeps a connection for the next request only
 * after a response of known length (a chunked one leaves a socket handle behind per request).
 */
export function toResponse(given: Answer): Response {
  // msw turns Response.error() into a failed request: fetch rejects with a TypeError.
  if (given.fault) return Response.error()
  const { status, headers, body } = given
  if (!isComplete(body)) return new Response(body, { status, headers })
  const bytes = typeof body === 'string' ? encoder.encode(body) : body
  const sized = Object.hasOwn(headers, 'content-length') || !hasContent(status) ? headers : { ...headers, 'content-length': String(bytes?.byteLength ?? 0) }
  return new Response(bytes === null || !hasContent(status) ? null : (bytes as Uint8Array<ArrayBuffer>), { status, headers: sized })
}

/** Go's net/http answer for a path no handler serves, as kube-apiserver gives it. */
export const notFoundPage = (): Answer => answer(404, '404 page not found\n', { 'content-type': 'text/plain; charset=utf-8' })
