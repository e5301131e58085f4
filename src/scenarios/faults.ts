// The malformed-body fault a scenario injects. (Connection faults are answers with no response in
// them, src/http/answer.ts: msw fails the request, the standalone server resets or drops the socket.)
import { answer, isComplete, type Answer } from '../http/answer.ts'

const cutShort = '{"kind":'

/**
 * malformed-body: the same status and headers, but the body stops halfway through its first JSON
 * document, as when a proxy cuts a response short. A streamed body (a watch) is cut in its first event.
 */
export function malformedBody(given: Answer): Answer {
  // The length no longer holds; a client reading exactly Content-Length bytes would wait forever.
  const { 'content-length': _length, ...headers } = given.headers
  const source = given.body
  if (source === null || isComplete(source)) {
    const bytes = typeof source === 'string' ? new TextEncoder().encode(source) : source
    return answer(given.status, bytes?.byteLength ? bytes.subarray(0, Math.max(1, Math.floor(bytes.byteLength / 2))) : cutShort, headers)
  }
  const reader = source.getReader()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) {
          controller.enqueue(new TextEncoder().encode(cutShort))
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
  return answer(given.status, body, headers)
}
