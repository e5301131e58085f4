// Faults a scenario injects, as each door of the emulator can deliver them.
//
// A connection fault is a `Response.error()`: msw turns it into a failed request (fetch rejects with
// a TypeError, node:http clients get an 'error'), and the standalone server recognises it and drops
// the socket — reset (RST, the client sees ECONNRESET) for connection-reset, closed without an
// answer for network-error and for a hang the emulator gives up on. Which one it was travels beside
// the response in a WeakMap, so the response itself stays a plain Response.error().

export type ConnectionFault = 'connection-reset' | 'network-error'

const faults = new WeakMap<Response, ConnectionFault>()

/** A response that is no response: the connection fails. */
export function connectionFault(kind: ConnectionFault): Response {
  const response = Response.error()
  faults.set(response, kind)
  return response
}

/** What the server should do with a response instead of sending it, if anything. */
export function connectionFaultOf(response: Response): ConnectionFault | undefined {
  if (response.type !== 'error') return undefined
  return faults.get(response) ?? 'network-error'
}

/**
 * malformed-body: the same status and headers, but the body stops halfway through its first JSON
 * document, as when a proxy cuts a response short. A streamed body (a watch) is cut in its first event.
 */
export function malformedBody(response: Response): Response {
  const headers = new Headers(response.headers)
  // The length no longer holds; a client reading exactly Content-Length bytes would wait forever.
  headers.delete('content-length')
  const source = response.body
  if (!source) return new Response('{"kind":', { status: response.status, headers })
  const reader = source.getReader()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) {
          controller.enqueue(new TextEncoder().encode('{"kind":'))
          controller.close()
          return
        }
        if (value.byteLength === 0) {
          // msw sends the head with the first chunk: pass empty chunks on so headers still go out at once.
          controller.enqueue(value)
          return
        }
        controller.enqueue(value.subarray(0, Math.max(1, Math.floor(value.byteLength / 2))))
        controller.close()
        await reader.cancel().catch(() => undefined)
        return
      }
    },
    cancel() {
      return reader.cancel().catch(() => undefined)
    },
  })
  return new Response(body, { status: response.status, statusText: response.statusText, headers })
}
