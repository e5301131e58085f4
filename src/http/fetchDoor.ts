// The direct door: a WHATWG `fetch` that answers through the emulator's dispatch, without msw
// intercepting anything. Clients that take a fetch implementation (openapi-fetch, ky, SDK wrappers)
// get the same answers as through msw (scenarios, journal, control API, watches streamed event by
// event) without a global patch and without msw's per-request interception work.
//
//   const client = createClient({ baseUrl: 'https://api.example.com', fetch: emulator.fetch })
//
// Like fetch, it rejects with a TypeError when a scenario breaks the connection, and with the signal's
// reason when the request is aborted, before the answer or while its body is still being read; a watch
// whose reader aborts is closed on the emulator's side.

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** A fetch answering every request with `dispatch` (a 404 page for the paths no API claims). */
export function createFetchDoor(dispatch: (request: Request) => Promise<Response>): FetchFunction {
  return async function fetch(input, init) {
    const request = new Request(input, init)
    // Only a caller's signal can abort; without one, the answer goes back as it is.
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined)
    if (!signal) return answered(await dispatch(request), request.url)
    signal.throwIfAborted()
    const response = await untilAborted(dispatch(request), signal)
    return answered(response.body ? abortableBody(response, signal) : response, request.url)
  }
}

/** A scenario's connection fault (Response.error()) fails the request, as fetch fails on a broken connection. */
function answered(response: Response, url: string): Response {
  if (response.type === 'error') throw new TypeError('fetch failed', { cause: new Error('the emulator dropped the connection (scenario fault)') })
  return withUrl(response, url)
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
        if (signal.aborted) void (value as Response).body?.cancel(signal.reason).catch(() => undefined)
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
