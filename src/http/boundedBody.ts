// Reads a request body whole, but never more than a limit: reading stops at the limit, so an
// oversized body is refused without being held in memory. Each API supplies its own errors.

export interface BoundedBodyErrors {
  /** The body passed the limit (each API's 413). */
  tooLarge(): Error
  /** The stream failed, e.g. the client went away mid-body; rethrown as is when absent. */
  broken?(): Error
}

/** `onChunk` sees each chunk as it arrives (e.g. to hash it), once the chunk is known to fit the limit. */
export async function readBounded(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  errors: BoundedBodyErrors,
  onChunk?: (chunk: Uint8Array) => void,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0)
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    let read: ReadableStreamReadResult<Uint8Array>
    try {
      read = await reader.read()
    } catch (error) {
      throw errors.broken?.() ?? error
    }
    if (read.done) break
    total += read.value.byteLength
    if (total > limit) {
      await reader.cancel().catch(() => undefined)
      throw errors.tooLarge()
    }
    onChunk?.(read.value)
    chunks.push(read.value)
  }
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(total)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.byteLength
  }
  return out
}
