// The direct door: a WHATWG `fetch` that answers through the emulator's answer(), without msw
// intercepting anything. Clients that take a fetch implementation (openapi-fetch, ky, SDK wrappers)
// get the same answers as through msw (scenarios, journal, control API, watches streamed event by
// event) without a global patch and without msw's per-request interception work.
//
//   const client = createClient({ baseUrl: 'https://api.example.com', fetch: emulator.fetch })
//
// Like fetch, it rejects with a TypeError when a scenario breaks the connection, and with the signal's
// reason when the request is aborted, before the answer or while its body is still being read; a watch
// whose reader aborts is closed on the emulator's side.

import type { ApiRequest } from './apiRequest.ts'
import { toResponse, type Answer } from './answer.ts'

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** A fetch answering every request with `answer` (a 404 page for the paths no API claims). */
export function createFetchDoor(answer: (request: ApiRequest) => Promise<Answer>): FetchFunction {
  return async function fetch(input, init) {
    const request = bodilessRequest(input, init) ?? new Request(input, init)
    // Only a caller's signal can abort; without one, the answer goes back as it is.
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined)
    if (!signal) return answered(toResponse(await answer(request)), request)
    signal.throwIfAborted()
    const response = toResponse(await untilAborted(answer(request), signal))
    return answered(response.body && request.method !== 'HEAD' ? abortableBody(response, signal) : response, request)
  }
}

// Methods fetch upper-cases; the ones that carry no body are answered without building a Request.
const bodilessMethods = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS'])
const neverAborted = new AbortController().signal

/**
 * A read (GET, HEAD, DELETE, OPTIONS without a body, to a URL or string) as the APIs read a request:
 * building a fetch Request costs about as much as answering a GET does. Anything else is a Request.
 */
function bodilessRequest(input: string | URL | Request, init: RequestInit | undefined): ApiRequest | undefined {
  if (input instanceof Request || (init?.body !== undefined && init.body !== null)) return undefined
  const method = init?.method === undefined ? 'GET' : init.method.toUpperCase()
  if (!bodilessMethods.has(method)) return undefined
  // As fetch does: a relative or malformed URL is a TypeError, headers are checked as they are copied.
  const url = new URL(input).href
  return new BodilessRequest(method, url, new Headers(init?.headers), init?.signal ?? neverAborted)
}

class BodilessRequest implements ApiRequest {
  readonly body = null
  readonly bodyUsed = false
  readonly method: string
  readonly url: string
  readonly headers: Headers
  readonly signal: AbortSignal
  constructor(method: string, url: string, headers: Headers, signal: AbortSignal) {
    this.method = method
    this.url = url
    this.headers = headers
    this.signal = signal
  }
  async text(): Promise<string> {
    return ''
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return new ArrayBuffer(0)
  }
  clone(): Request {
    return new BodilessRequest(this.method, this.url, new Headers(this.headers), this.signal) as unknown as Request
  }
}

/**
 * A scenario's connection fault (Response.error()) fails the request, as fetch fails on a broken
 * connection; the answer to a HEAD has no body, as over the wire.
 */
function answered(response: Response, request: ApiRequest): Response {
  if (response.type === 'error') throw new TypeError('fetch failed', { cause: new Error('the emulator dropped the connection (scenario fault)') })
  if (request.method === 'HEAD' && response.body) {
    void response.body.cancel().catch(() => undefined)
    return withUrl(new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers }), request.url)
  }
  return withUrl(response, request.url)
}

/** fetch's answers say which URL they answer; a constructed Response's url is empty. */
function withUrl(response: Response, url: string): Response {
  Object.defineProperty(response, 'url', { value: url, enumerable: true })
  return response
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        // An answer that came after the abort is dropped, its stream cancelled.
        const body = (value as Answer).body
        if (signal.aborted && body instanceof ReadableStream) void body.cancel(signal.reason).catch(() => undefined)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

/** The answer with a body that errors with the signal's reason on abort and cancels the emulator's stream. */
function abortableBody(response: Response, signal: AbortSignal): Response {
  const source = response.body!.getReader()
  let finished = false
  const onAbort = () => {
    if (finished) return
    finished = true
    output.error(signal.reason)
    void source.cancel(signal.reason).catch(() => undefined)
  }
  let output!: ReadableStreamDefaultController<Uint8Array>
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      output = controller
      signal.addEventListener('abort', onAbort, { once: true })
    },
    async pull(controller) {
      try {
        const { done, value } = await source.read()
        if (finished) return
        if (!done) return controller.enqueue(value)
        finished = true
        controller.close()
      } catch (error) {
        if (finished) return
        finished = true
        controller.error(error)
      }
      signal.removeEventListener('abort', onAbort)
    },
    cancel(reason) {
      finished = true
      signal.removeEventListener('abort', onAbort)
      return source.cancel(reason)
    },
  })
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
}
