// The encoded bytes of stored versions, keyed by the store's own JSON text (whose hash V8 keeps): a
// stored version is encoded once, so a GET or a page of a large list is a copy of bytes ready to
// send. A version the store replaces or deletes is forgotten (forget()), so the cache mirrors the store
// rather than its history; emptied when it outgrows even that.

/** How many encodings a cache keeps (about two stores' worth of a 10,000-object bench). */
const maxEncodings = 50_000

export class EncodingCache {
  readonly #bytes = new Map<string, Uint8Array>()

  get(json: string): Uint8Array | undefined {
    return this.#bytes.get(json)
  }

  /** A version that is no longer stored: the next read of it (from history) encodes it again. */
  forget(json: string): void {
    this.#bytes.delete(json)
  }

  set(json: string, bytes: Uint8Array): Uint8Array {
    if (this.#bytes.size >= maxEncodings) this.#bytes.clear()
    this.#bytes.set(json, bytes)
    return bytes
  }
}
