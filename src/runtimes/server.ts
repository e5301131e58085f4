// The standalone server: the emulator's dispatch() behind node:http, for clients msw cannot
// intercept (kubectl, python clients, @kubernetes/client-node's undici transport). Responses are
// streamed as dispatch produces them, so a watch is a chunked response flushed event by event.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator.ts'
import { connectionFaultOf } from '../scenarios/faults.ts'

export interface ListenOptions {
  /** 0 (default) picks a free port. */
  port?: number
  host?: string
  /** The emulator to serve; one is created from `emulatorOptions` when absent. */
  emulator?: Emulator
  emulatorOptions?: EmulatorOptions
}

export interface RunningServer {
  url: string
  port: number
  emulator: Emulator
  close(): Promise<void>
}

/**
 * The request body as a web stream that reads from the socket only as fast as the handler reads
 * (backpressure), fails when the client goes away before sending all of it, and on cancel discards
 * the rest, as node does with a body nobody reads, so the connection stays usable for the next
 * request (keep-alive).
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let settled = false
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const settle = (finish: () => void) => {
          if (settled) return
          settled = true
          finish()
        }
        req.on('data', (chunk: Buffer) => {
          if (settled) return
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
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

function requestUrl(req: IncomingMessage, origin: string): URL {
  try {
    return new URL(req.url ?? '/', req.headers.host ? `http://${req.headers.host}` : origin)
  } catch {
    // A Host header no URL can be built on: answer as the server's own origin.
    return new URL(req.url ?? '/', origin)
  }
}

function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Request {
  const headers = new Headers()
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
  const method = req.method ?? 'GET'
  const hasBody = method !== 'GET' && method !== 'HEAD'
  return new Request(requestUrl(req, origin), {
    method,
    headers,
    body: hasBody ? bodyStream(req) : undefined,
    // @ts-expect-error undici needs duplex for streamed request bodies; the DOM type lacks it.
    duplex: hasBody ? 'half' : undefined,
    signal,
  })
}

function headersOf(response: Response): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, key) => {
    headers[key] = key === 'set-cookie' ? response.headers.getSetCookie() : value
  })
  return headers
}

type Chunk = ReadableStreamReadResult<Uint8Array>

/**
 * Settles with 'pending' when the event loop next turns: a body read that has not completed by then
 * belongs to a body still being produced (a watch), which is streamed rather than buffered.
 */
function nextTurn(): { pending: Promise<'pending'>; cancel(): void } {
  let timer: NodeJS.Immediate | undefined
  const pending = new Promise<'pending'>((resolve) => {
    timer = setImmediate(() => resolve('pending'))
  })
  return { pending, cancel: () => clearImmediate(timer) }
}

async function send(response: Response, res: ServerResponse, aborted: AbortSignal): Promise<void> {
  const headers = headersOf(response)
  if (!response.body) {
    res.writeHead(response.status, headers)
    return void res.end()
  }
  const reader = response.body.getReader()
  // A body that is complete at once (every answer but a watch or a slow stream) leaves in one write
  // with its length: no chunked framing, no separate packet for the head.
  const buffered: Uint8Array[] = []
  let next: Promise<Chunk> | undefined = reader.read()
  // One turn for the whole body: both reads of a complete body settle within it.
  const turn = nextTurn()
  for (let reads = 0; reads < 2 && next; reads++) {
    const chunk = await Promise.race([next, turn.pending])
    if (chunk === 'pending') break
    if (chunk.done) {
      next = undefined
      break
    }
    if (chunk.value.byteLength === 0) {
      // The emulator's signal that a stream follows (K-28): an empty first chunk.
      next = reader.read()
      break
    }
    buffered.push(chunk.value)
    next = reader.read()
  }
  turn.cancel()
  if (!next) {
    const body = buffered.length === 1 ? buffered[0]! : Buffer.concat(buffered)
    if (!Object.hasOwn(headers, 'content-length')) headers['content-length'] = String(body.byteLength)
    res.writeHead(response.status, headers)
    return void res.end(body)
  }
  res.writeHead(response.status, headers)
  // K-28: headers go out at once so a watch client sees the 200 before the first event.
  res.flushHeaders()
  aborted.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true })
  // A stream that fails (a watch dropped for falling behind) ends the connection at once, even while
  // the socket is full: waiting for a client that does not read would hold the connection forever.
  const failed = reader.closed.then(
    () => false,
    () => true,
  )
  const writeOrFail = async (chunk: Uint8Array): Promise<boolean> => {
    if (res.write(chunk)) return true
    return !(await Promise.race([drained(res).then(() => false), failed]))
  }
  try {
    for (const chunk of buffered) if (!(await writeOrFail(chunk))) return void res.destroy()
    for (;;) {
      if (aborted.aborted) break
      const { done, value } = await (next ?? reader.read())
      next = undefined
      if (done) break
      if (value.byteLength === 0) continue
      if (!(await writeOrFail(value))) return void res.destroy()
    }
  } catch {
    // The client went away, or the stream failed: close the connection rather than end the body
    // cleanly, so the client knows the stream was cut.
    return void res.destroy()
  }
  res.end()
}

/** Waits until the socket takes more, or closes. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.once('drain', done).once('close', done)
  })
}

/** How long close() waits for requests being answered (the CLI exits 5 s after SIGTERM regardless). */
const closeGraceMs = 3_000

export async function listen(options: ListenOptions = {}): Promise<RunningServer> {
  const emulator = options.emulator ?? createEmulator(options.emulatorOptions)
  const host = options.host ?? '127.0.0.1'
  let origin = ''
  // Answers being written: close() lets them finish, so no client sees half an answer.
  const inFlight = new Set<ServerResponse>()
  const server = createServer(async (req, res) => {
    inFlight.add(res)
    res.once('close', () => inFlight.delete(res))
    const controller = new AbortController()
    // Only a client that leaves before the answer is complete aborts the request (aborting costs a
    // DOMException and a stack trace, too much to pay on every response).
    res.once('close', () => {
      if (!res.writableFinished) controller.abort()
    })
    try {
      const request = toRequest(req, origin, controller.signal)
      const response = await emulator.dispatch(request)
      // A scenario's connection fault: no response at all, the socket reset (RST) or just dropped.
      const fault = connectionFaultOf(response)
      if (fault === 'connection-reset') return void req.socket.resetAndDestroy()
      if (fault) return void req.socket.destroy()
      // An answer given without reading the body (a 404, a 415...): the rest of the body is
      // discarded, or the next request on this keep-alive connection would wait behind it.
      if (request.body && !request.body.locked) void request.body.cancel().catch(() => undefined)
      await send(response, res, controller.signal)
    } catch (error) {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
        res.end(`${error instanceof Error ? error.message : String(error)}\n`)
      } else res.destroy()
    }
  })
  // A request node's parser refuses (a method it does not know, a malformed line) never reaches
  // dispatch; answer it as Go's net/http does in front of kube-apiserver, not with an empty reply.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy()
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request'
    socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${status}`)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const urlHost = host.includes(':') ? `[${host}]` : host
  origin = `http://${urlHost}:${port}`
  return {
    url: origin,
    port,
    emulator,
    async close() {
      // As kube-apiserver's graceful termination: stop accepting, end the watches (clients re-watch
      // elsewhere), let the requests being answered finish, then drop what is left.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      emulator.kube.hub.closeAll()
      server.closeIdleConnections()
      const deadline = Date.now() + closeGraceMs
      while (inFlight.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
      server.closeAllConnections()
      await closed
    },
  }
}
