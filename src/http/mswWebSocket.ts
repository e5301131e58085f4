// The msw door for watches over WebSocket: msw's `ws` API intercepts `new WebSocket(...)` in the page
// (setupWorker; no Service Worker is involved) and in Node (setupServer), and the emulator answers a
// Kubernetes watch URL as the standalone server does (src/kube/watchSocket/watchSocket.ts): one event
// per text message. msw opens the socket before the emulator has answered, so a refused watch (401,
// 403, a bad selector, a scenario's error) shows as an error and a close with 1006 — the code a browser
// reports for a failed handshake — its reason the HTTP status. Any WebSocket that is not a watch of a
// served kind goes to the network untouched.
import { ws, type WebSocketHandler } from 'msw'
import type { KubeApis } from '../kube/kubeApis.ts'
import { openWatchSocket, pumpWatch, type WatchSocketTarget } from '../kube/watchSocket/watchSocket.ts'
import { originMatches, type Origins } from './mswHandlers.ts'
import { discardBody } from './answer.ts'

/** What the msw door needs of an emulator (an Emulator is one). */
export interface MswWatchSocketTarget extends WatchSocketTarget {
  readonly options: { readonly origins?: Origins }
  readonly kube: Pick<KubeApis, 'requestsWatch'>
}

/** WebSocket URLs whose path has an `api`, `apis` or `oapi` segment: the only ones worth a look. */
const kubeLikeUrl = /^wss?:\/\/[^/]+(?:\/[^/]*)*?\/(?:api|apis|oapi)(?:\/|$)/

// One link for every emulator: each link keeps a client registry on msw's shared BroadcastChannel,
// so a link per emulator would add a listener there for every emulator ever created.
let link: ReturnType<typeof ws.link> | undefined

const httpUrl = (url: URL) => new URL(url.href.replace(/^ws/, 'http'))

function protocolList(protocols: unknown): string[] {
  if (typeof protocols === 'string') return [protocols]
  if (Array.isArray(protocols)) return protocols.map(String)
  // undici's `new WebSocket(url, { protocols })` form.
  if (typeof protocols === 'object' && protocols !== null && 'protocols' in protocols) return protocolList(protocols.protocols)
  return []
}

/** The page's WebSocket behind msw's client handle (a connection in this runtime has one). */
const socketOf = (client: object) => (client as { socket?: WebSocket }).socket

/** msw opens the socket a turn after the connection event; messages sent before it would wait anyway. */
function opened(client: object): Promise<void> {
  const socket = socketOf(client)
  if (!socket || socket.readyState !== socket.CONNECTING) return Promise.resolve()
  return new Promise((resolve) => {
    socket.addEventListener('open', () => resolve(), { once: true })
    socket.addEventListener('close', () => resolve(), { once: true })
  })
}

/** An msw handler answering the Kubernetes watches of whichever emulator `current` returns. */
export function mswWatchSocketHandler(current: () => MswWatchSocketTarget | undefined): WebSocketHandler {
  link ??= ws.link(kubeLikeUrl)
  return link.addEventListener('connection', ({ client, server, info }) => {
    const emulator = current()
    const url = httpUrl(client.url)
    if (!emulator || !originMatches(emulator.options.origins ?? '*', url) || !emulator.kube.requestsWatch('GET', url)) return server.connect()
    let stop: (() => void) | undefined
    let gone = false
    client.addEventListener('close', () => {
      gone = true
      stop?.()
    })
    const decoder = new TextDecoder()
    const request = new Request(url, { method: 'GET' })
    // msw delivers a message on a later microtask and drops it once the socket is closing: a close
    // waits its turn behind the messages sent before it (an ERROR 410 and then the close).
    const closeAfterSent = (code: number, reason?: string) => queueMicrotask(() => client.close(code, reason))
    void Promise.all([openWatchSocket(emulator, request, { protocols: protocolList(info.protocols), checkOrigin: false }), opened(client)]).then(
      ([outcome]) => {
        if (!outcome.accepted) {
          discardBody(outcome.answer)
          if (gone) return
          socketOf(client)?.dispatchEvent(new Event('error'))
          const { status } = outcome.answer
          return closeAfterSent(1006, status ? `${status}` : 'connection failed')
        }
        if (gone) return void outcome.events.cancel().catch(() => undefined)
        // msw's socket took the first protocol offered; the server's answer is the one left after the token's.
        const socket = socketOf(client) as { protocol: string } | undefined
        if (socket) socket.protocol = outcome.protocol ?? ''
        stop = pumpWatch(outcome.events, {
          send: (event) => client.send(decoder.decode(event)),
          close: () => closeAfterSent(1000),
          fail: () => closeAfterSent(1006),
        })
      },
      () => closeAfterSent(1011),
    )
  })
}
