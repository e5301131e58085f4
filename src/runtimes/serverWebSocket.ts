// The standalone server's WebSocket door: node:http hands over an upgrade request with its socket;
// the request is answered as a watch (src/kube/watchSocket/watchSocket.ts) and either upgraded — the
// `ws` library does the handshake and the framing — or answered over the raw socket with the HTTP
// answer that refused it, as a Go server answers a request it does not upgrade.
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Socket } from 'node:net'
import type { WebSocket, WebSocketServer } from 'ws'
import { hasContent, isComplete, type Answer } from '../http/answer.ts'
import { offeredProtocols } from '../kube/watchSocket/bearerTokenProtocol.ts'
import { openWatchSocket, pumpWatch, type WatchSocketTarget } from '../kube/watchSocket/watchSocket.ts'
import { NodeRequest } from './nodeRequest.ts'

// Not an import of node:http: server.ts says why.
const { STATUS_CODES, validateHeaderName, validateHeaderValue } = process.getBuiltinModule('node:http')

/**
 * A watch socket whose client reads slower than events come stops being read past this many bytes
 * queued: the watch then backs up in the hub, which drops it past its own limit, as the HTTP door does.
 */
const socketHighWaterBytes = 1 << 20

export interface WebSocketDoor {
  /** node:http's `upgrade` listener. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
  /** Cuts every connection still open (after the watches have been closed). */
  destroyAll(): void
}

export const isWebSocketUpgrade = (req: IncomingMessage) => req.headers.upgrade?.toLowerCase() === 'websocket'

/** What node's own response writer would accept (a scenario's headers could hold anything). */
function isValidHeader(name: string, value: string): boolean {
  try {
    validateHeaderName(name)
    validateHeaderValue(name, value)
    return true
  } catch {
    return false
  }
}

/** An answer written straight to the socket, then the connection closed. */
async function writeAnswer(socket: Duplex, given: Answer): Promise<void> {
  if (given.fault === 'connection-reset') return void (socket as Socket).resetAndDestroy()
  if (given.fault) return void socket.destroy()
  const { status, body } = given
  const headers: Record<string, string> = { ...given.headers, connection: 'close' }
  const bytes = isComplete(body) ? (typeof body === 'string' ? Buffer.from(body) : body) : undefined
  if (isComplete(body) && hasContent(status)) headers['content-length'] = String(bytes?.byteLength ?? 0)
  const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${Object.entries(headers)
    .filter(([name, value]) => isValidHeader(name, value))
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`
  if (!socket.writable) {
    if (!isComplete(body)) await body.cancel().catch(() => undefined)
    return void socket.destroy()
  }
  socket.write(head)
  if (isComplete(body)) {
    if (bytes && hasContent(status)) socket.write(bytes)
  } else {
    // A body still being produced (a download asked for with an upgrade): sent until it ends.
    const reader = body.getReader()
    socket.once('close', () => void reader.cancel().catch(() => undefined))
    try {
      for (let read = await reader.read(); !read.done; read = await reader.read()) socket.write(read.value)
    } catch {
      return void socket.destroy()
    }
  }
  socket.end()
}

export function createWebSocketDoor(target: WatchSocketTarget, origin: () => string): WebSocketDoor {
  // The protocol each accepted handshake answers with, read by handleProtocols during handleUpgrade.
  const chosen = new WeakMap<IncomingMessage, string | undefined>()
  // `ws` is loaded with the first WebSocket, not with the server: most servers never see one, and it
  // brings node:https and node:tls along (about 10 MB of memory at idle).
  let server: Promise<WebSocketServer> | undefined
  const webSocketServer = () =>
    (server ??= import('ws').then(
      ({ WebSocketServer }) =>
        new WebSocketServer({
          noServer: true,
          clientTracking: false,
          perMessageDeflate: false,
          handleProtocols: (_offered, req) => chosen.get(req) ?? false,
        }),
    ))
  const sockets = new Set<Duplex>()

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    const request = new NodeRequest(req, origin())
    socket.once('close', () => request.abort())
    if (!isWebSocketUpgrade(req)) return writeAnswer(socket, await target.answer(request))
    const outcome = await openWatchSocket(target, request, {
      protocols: offeredProtocols(req.headers['sec-websocket-protocol']),
      checkOrigin: true,
    })
    if (!outcome.accepted) return writeAnswer(socket, outcome.answer)
    const { events } = outcome
    // The client left while the watch was being opened, or the handshake itself is malformed (ws
    // answers 400 and closes): the watch is released either way.
    const release = () => void events.cancel().catch(() => undefined)
    socket.once('close', release)
    const upgrader = await webSocketServer()
    if (socket.destroyed) return release()
    chosen.set(req, outcome.protocol)
    upgrader.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      socket.off('close', release)
      const stop = pumpWatch(events, {
        send(event) {
          if (ws.readyState !== ws.OPEN) return
          if (ws.bufferedAmount < socketHighWaterBytes) return void ws.send(event, { binary: false })
          return new Promise<void>((resolve) => ws.send(event, { binary: false }, () => resolve()))
        },
        close: () => ws.close(1000),
        fail: () => ws.terminate(),
      })
      ws.once('close', stop)
      ws.on('error', () => ws.terminate())
    })
  }

  return {
    upgrade(req, socket, head) {
      upgrade(req, socket, head).catch(() => socket.destroy())
    },
    destroyAll() {
      for (const socket of sockets) socket.destroy()
    },
  }
}
