// The standalone server: the emulator behind node:http, for clients msw cannot intercept (kubectl,
// python clients, @kubernetes/client-node's undici transport). The APIs read node's request as it is
// (nodeRequest.ts) and their answers go straight into node's response: a complete body in one write
// with its length, a body still being produced (a watch) as a chunked stream flushed event by event.
// A watch asked for with a WebSocket upgrade is sent one event per message (serverWebSocket.ts).
import '../supportedNode.ts'
import './scenarioFiles.ts'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator.ts'
import { hasContent, isComplete, type Answer } from '../http/answer.ts'
import { NodeRequest } from './nodeRequest.ts'
import { createWebSocketDoor, isWebSocketUpgrade } from './serverWebSocket.ts'

export interface ListenOptions {
  /** 0 (default) picks a free port. */
  port?: number
  host?: string
  /** The emulator to serve; one is created from `emulatorOptions` when absent. */
  emulator?: Emulator
  emulatorOptions?: EmulatorOptions
  /**
   * Serve https with this certificate and key (PEM). Clients that send credentials only over TLS need
   * it: kubectl (client-go) sends a bearer token to an https server only.
   */
  tls?: { cert: string | Buffer; key: string | Buffer }
  /**
   * How long a client may take to send a whole request, headers and body (default 60 s, kube-apiserver's
   * --request-timeout): past it the answer is 408 and the connection closes, so a client trickling a
   * body cannot hold a connection for long. Answers (a watch, a download) are not bounded by it.
   */
  requestTimeoutMs?: number
}

/**
 * kube-apiserver's http.Server: 1 MiB of request line and headers (a long labelSelector fits), 32 s to
 * send them (ReadHeaderTimeout), 90 s idle keep-alive (IdleTimeout).
 */
const maxHeaderBytes = 1 << 20
const headersTimeoutMs = 32_000
const keepAliveTimeoutMs = 90_000
const defaultRequestTimeoutMs = 60_000

export interface RunningServer {
  url: string
  port: number
  emulator: Emulator
  close(): Promise<void>
}

/** Sends an answer (each answer is sent once: its headers are written to as it goes). */
function send(answer: Answer, res: ServerResponse, signal: () => AbortSignal): Promise<void> | undefined {
  const { status, headers, body } = answer
  if (!isComplete(body)) return stream(status, headers, body, res, signal())
  // A complete body leaves in one write with its length: no chunked framing, no separate packet for the head.
  if (hasContent(status) && !Object.hasOwn(headers, 'content-length')) {
    headers['content-length'] = String(body === null ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength)
  }
  res.writeHead(status, headers)
  res.end(body ?? undefined)
}

/** A body still being produced (a watch): the head at once (K-28), then each chunk as it comes. */
async function stream(status: number, headers: Record<string, string>, body: ReadableStream<Uint8Array>, res: ServerResponse, aborted: AbortSignal): Promise<void> {
  const reader = body.getReader()
  res.writeHead(status, headers)
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
    for (;;) {
      if (aborted.aborted) break
      const { done, value } = await reader.read()
      if (done) break
      // The msw door's way of sending the head before the first event: nothing to write here.
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
  const answerRequest = async (req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res)
    const request = new NodeRequest(req, origin)
    res.once('close', () => {
      inFlight.delete(res)
      // Only a client that leaves before the answer is complete aborts the request.
      if (!res.writableFinished) request.abort()
    })
    try {
      const answer = await emulator.answer(request)
      // A scenario's connection fault: no response at all, the socket reset (RST) or just dropped.
      if (answer.fault === 'connection-reset') return void req.socket.resetAndDestroy()
      if (answer.fault) return void req.socket.destroy()
      request.discardUnreadBody()
      await send(answer, res, () => request.signal)
    } catch (error) {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
        res.end(`${error instanceof Error ? error.message : String(error)}\n`)
      } else res.destroy()
    }
  }
  const requestTimeout = options.requestTimeoutMs ?? defaultRequestTimeoutMs
  const limits = {
    maxHeaderSize: maxHeaderBytes,
    requestTimeout,
    headersTimeout: Math.min(headersTimeoutMs, requestTimeout),
    keepAliveTimeout: keepAliveTimeoutMs,
    // Node checks the two timeouts this often (default 30 s); a short timeout needs a closer look.
    connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(requestTimeout / 4))),
    // Only a WebSocket upgrade leaves the request path (Node ≥ 24.9; older Node's `upgrade` listener sees
    // every upgrade and answers the others as plain requests).
    shouldUpgradeCallback: isWebSocketUpgrade,
  }
  // node:http is taken from process.getBuiltinModule, not imported: an ES module import of node:http
  // reads every export, and its WebSocket, CloseEvent and MessageEvent getters load Node's bundled
  // undici (about 13 MB of an idle server's memory). node:https (and with it TLS) is loaded only for a
  // TLS server: it costs every other one about 7 MB of memory.
  const server = options.tls
    ? process.getBuiltinModule('node:https').createServer({ ...limits, cert: options.tls.cert, key: options.tls.key }, answerRequest)
    : process.getBuiltinModule('node:http').createServer(limits, answerRequest)
  // Watches over WebSocket (src/kube/watchSocket/): the same watch, one event per message.
  const webSockets = createWebSocketDoor(emulator, () => origin)
  server.on('upgrade', webSockets.upgrade)
  // A request node's parser refuses (a method it does not know, a malformed line) never reaches
  // dispatch; answer it as Go's net/http does in front of kube-apiserver, not with an empty reply.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy()
    // A request not received within requestTimeout: 408, unless its answer has begun (then the cut says it).
    const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
    if (timedOut && (socket as { _httpMessage?: ServerResponse })._httpMessage?.headersSent) return void socket.destroy()
    const status = timedOut ? '408 Request Timeout' : error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request'
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
  origin = `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`
  return {
    url: origin,
    port,
    emulator,
    async close() {
      // As kube-apiserver's graceful termination: stop accepting, end the watches (clients re-watch
      // elsewhere), let the requests being answered finish, then drop what is left.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      emulator.kube.hub.closeAll()
      emulator.inspector.closeStreams()
      server.closeIdleConnections()
      const deadline = Date.now() + closeGraceMs
      while (inFlight.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
      server.closeAllConnections()
      webSockets.destroyAll()
      await closed
    },
  }
}
