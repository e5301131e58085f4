// A node:http request as the APIs read one (src/http/apiRequest.ts), built only as far as it is read:
// headers straight from the raw header list, the body as a web stream only when something reads it,
// and an abort signal only when something listens. A fetch Request costs more to build than most
// answers cost to compute, so the standalone server does without.
import type { IncomingMessage } from 'node:http'
import type { ApiRequest } from '../http/apiRequest.ts'

/** Whether `field` is `lower` (already lower-case), letters compared case-insensitively, without allocating. */
function sameName(field: string, lower: string): boolean {
  if (field.length !== lower.length) return false
  for (let i = 0; i < field.length; i++) {
    const code = field.charCodeAt(i)
    if ((code >= 65 && code <= 90 ? code + 32 : code) !== lower.charCodeAt(i)) return false
  }
  return true
}

/**
 * Request headers over node's raw list: lower-cased names, repeated fields joined as fetch joins them.
 * Reads scan the raw list (a request has a handful of fields); a table is built only when something
 * changes or lists them. The journal keeps these for every request, so they hold no more than node's list.
 */
export class NodeHeaders implements Headers {
  readonly #raw: readonly string[]
  #fields: Map<string, string> | undefined
  #cookies: string[] | undefined
  /** The iteration order, kept until the next change. */
  #sorted: Array<[string, string]> | undefined

  constructor(raw: readonly string[]) {
    this.#raw = raw
  }

  get(name: string): string | null {
    const lower = name.toLowerCase()
    if (this.#fields) return this.#fields.get(lower) ?? null
    let found: string | null = null
    for (let i = 0; i < this.#raw.length; i += 2) {
      if (sameName(this.#raw[i]!, lower)) found = found === null ? this.#raw[i + 1]! : `${found}, ${this.#raw[i + 1]!}`
    }
    return found
  }

  has(name: string): boolean {
    return this.get(name) !== null
  }

  set(name: string, value: string): void {
    const key = name.toLowerCase()
    const fields = this.#table()
    if (key === 'set-cookie') this.#cookies = [value]
    fields.set(key, value)
    this.#sorted = undefined
  }

  append(name: string, value: string): void {
    this.#append(this.#table(), name, value)
    this.#sorted = undefined
  }

  delete(name: string): void {
    const key = name.toLowerCase()
    if (key === 'set-cookie') this.#cookies = undefined
    this.#table().delete(key)
    this.#sorted = undefined
  }

  getSetCookie(): string[] {
    this.#table()
    return [...(this.#cookies ?? [])]
  }

  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this)
  }

  /** Sorted by name, as fetch's Headers iterate. */
  entries(): HeadersIterator<[string, string]> {
    if (!this.#sorted) {
      const fields = this.#table()
      this.#sorted = []
      for (const key of [...fields.keys()].sort()) {
        if (key === 'set-cookie') for (const cookie of this.#cookies ?? []) this.#sorted.push([key, cookie])
        else this.#sorted.push([key, fields.get(key)!])
      }
    }
    return this.#sorted.values()
  }

  *keys(): HeadersIterator<string> {
    for (const [key] of this.entries()) yield key
  }

  *values(): HeadersIterator<string> {
    for (const [, value] of this.entries()) yield value
  }

  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.entries()
  }

  #table(): Map<string, string> {
    if (!this.#fields) {
      const fields = new Map<string, string>()
      for (let i = 0; i < this.#raw.length; i += 2) this.#append(fields, this.#raw[i]!, this.#raw[i + 1]!)
      this.#fields = fields
    }
    return this.#fields
  }

  #append(fields: Map<string, string>, name: string, value: string): void {
    const key = name.toLowerCase()
    if (key === 'set-cookie') (this.#cookies ??= []).push(value)
    const present = fields.get(key)
    fields.set(key, present === undefined ? value : `${present}, ${value}`)
  }
}

/**
 * The request body as a web stream that reads from the socket only as fast as the handler reads
 * (backpressure), fails when the client goes away before sending all of it, and on cancel discards
 * the rest, as node does with a body nobody reads, so the connection stays usable for the next
 * request (keep-alive).
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array<ArrayBuffer>> {
  let settled = false
  return new ReadableStream<Uint8Array<ArrayBuffer>>(
    {
      start(controller) {
        const settle = (finish: () => void) => {
          if (settled) return
          settled = true
          finish()
        }
        req.on('data', (chunk: Buffer) => {
          if (settled) return
          controller.enqueue(new Uint8Array(chunk.buffer as ArrayBuffer, chunk.byteOffset, chunk.byteLength))
          if ((controller.desiredSize ?? 0) <= 0) req.pause()
        })
        req.once('end', () => settle(() => controller.close()))
        req.once('error', (error) => settle(() => controller.error(error)))
        req.once('close', () => {
          if (!req.complete) settle(() => controller.error(new Error('the client closed the connection before the request body was complete')))
        })
        req.pause()
      },
      pull() {
        req.resume()
      },
      cancel() {
        settled = true
        req.resume()
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  )
}

/**
 * The first Host header, as `req.headers.host` is, read from the raw headers: reading `req.headers`
 * makes node build the whole headers object, which nothing else here needs.
 */
function hostOf(raw: readonly string[]): string | undefined {
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.length === 4 && raw[i]!.toLowerCase() === 'host') return raw[i + 1]
  return undefined
}

/** The request's URL; `origin` is the server's own (its scheme is the request's). */
function requestUrl(req: IncomingMessage, origin: string): string {
  const path = req.url ?? '/'
  const scheme = origin.startsWith('https:') ? 'https' : 'http'
  const host = hostOf(req.rawHeaders)
  if (host) {
    // The common case needs no parse: an origin-form target on a plain host[:port].
    if (path.startsWith('/') && !path.startsWith('//') && /^[\w.-]+(?::\d{1,5})?$/.test(host)) return `${scheme}://${host}${path}`
    try {
      return new URL(path, `${scheme}://${host}`).href
    } catch {
      // A Host header no URL can be built on: answer as the server's own origin.
    }
  }
  return new URL(path, origin).href
}

export class NodeRequest implements ApiRequest {
  readonly method: string
  readonly url: string
  readonly headers: NodeHeaders
  readonly #req: IncomingMessage
  #body: ReadableStream<Uint8Array<ArrayBuffer>> | null | undefined
  #aborter: AbortController | undefined
  #aborted = false

  constructor(req: IncomingMessage, origin: string) {
    this.#req = req
    this.method = req.method ?? 'GET'
    this.url = requestUrl(req, origin)
    this.headers = new NodeHeaders(req.rawHeaders)
  }

  get signal(): AbortSignal {
    if (!this.#aborter) {
      this.#aborter = new AbortController()
      if (this.#aborted) this.#aborter.abort()
    }
    return this.#aborter.signal
  }

  /** The client left before its answer was complete. */
  abort(): void {
    this.#aborted = true
    this.#aborter?.abort()
  }

  /** As fetch: GET and HEAD have no body; every other method has one, empty or not. */
  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#body === undefined) this.#body = this.method === 'GET' || this.method === 'HEAD' ? null : bodyStream(this.#req)
    return this.#body
  }

  get bodyUsed(): boolean {
    return this.#body ? this.#body.locked : false
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return new Response(this.#unread()).arrayBuffer()
  }

  async text(): Promise<string> {
    return new Response(this.#unread()).text()
  }

  /** A fetch Request with its own copy of the body; this request keeps reading the other copy. */
  clone(): Request {
    const body = this.#unread()
    let copy: ReadableStream<Uint8Array<ArrayBuffer>> | null = null
    if (body) [this.#body, copy] = body.tee()
    // @ts-expect-error undici needs duplex for streamed request bodies; the DOM type lacks it.
    return new Request(this.url, { method: this.method, headers: [...this.headers], body: copy, duplex: copy ? 'half' : undefined, signal: this.signal })
  }

  /**
   * An answer given without reading the body (a 404, a 415...): the rest is discarded, or the next
   * request on this keep-alive connection would wait behind it.
   */
  discardUnreadBody(): void {
    if (this.#body === undefined) this.#req.resume()
    else if (this.#body && !this.#body.locked) void this.#body.cancel().catch(() => undefined)
  }

  #unread(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    const body = this.body
    if (body?.locked) throw new TypeError('Body is unusable: Body has already been read')
    return body
  }
}
