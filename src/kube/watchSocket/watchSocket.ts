// A Kubernetes watch over WebSocket, as kube-apiserver serves one (endpoints/handlers/watch.go:
// serveWatchHandler hands a WebSocket request to WatchServer.HandleWS, on golang.org/x/net/websocket).
// The upgrade request is an ordinary watch request first: authentication (also from the bearer-token
// subprotocol), authorization, selectors, resourceVersion and timeoutSeconds go through the same
// filters and the same watch handler as an HTTP watch, and a refusal there (401, 403, 404, a bad
// selector) is that HTTP answer, so the handshake fails. Only an accepted watch upgrades, and its
// stream — the hub's, unchanged — is written one event per message:
//
// - each message is a text frame holding one event exactly as the HTTP watch writes it (its JSON and
//   the `\n` Go's json.Encoder ends it with). Text framing follows the serializer (JSON encodes as
//   text), not the subprotocol: `base64.binary.k8s.io` and `binary.k8s.io` name wsstream's byte-stream
//   protocols (logs, exec), which the watch handler does not use; a watch that offers one gets it
//   echoed back and still reads JSON text, as Headlamp expects when it offers `base64.binary.k8s.io`.
// - x/net/websocket's Handler refuses a handshake without an Origin it can parse (403, as browsers
//   always send one) and a handshake offering more than one subprotocol once the token's is removed
//   (400): it echoes the single protocol it was offered.
// - the server never reads what the client sends (wsstream.IgnoreReceives); the watch ending (its
//   timeout, an ERROR such as 410 Expired, the server closing) closes the socket normally (1000), and
//   the client closing it releases the watch.
import type { Answer } from '../../http/answer.ts'
import { answer, isComplete } from '../../http/answer.ts'
import type { ApiRequest } from '../../http/apiRequest.ts'
import type { KubeApis } from '../kubeApis.ts'
import { statusAnswer, statusErrors } from '../status.ts'
import { readBearerProtocols } from './bearerTokenProtocol.ts'

/** What the WebSocket doors need of an emulator. */
export interface WatchSocketTarget {
  answer(request: ApiRequest): Promise<Answer>
  readonly kube: Pick<KubeApis, 'requestsWatch'>
}

export type WatchSocketOutcome =
  /** Upgrade, answering with `protocol` (when one was offered), and send `events` one per message. */
  | { accepted: true; protocol: string | undefined; events: ReadableStream<Uint8Array> }
  /** No upgrade: the handshake is answered with this HTTP answer instead. */
  | { accepted: false; answer: Answer }

export interface WatchSocketHandshake {
  /** The subprotocols the client offered, in order. */
  protocols: readonly string[]
  /** Whether the door sees the handshake's Origin header (the standalone server does; msw does not). */
  checkOrigin: boolean
}

/** x/net/websocket's Origin(): absent, `null` or not a request URI is no origin. */
function hasOrigin(origin: string | null): boolean {
  if (origin === null || origin === '' || origin === 'null') return false
  return origin.startsWith('/') || URL.canParse(origin)
}

/** Runs the upgrade request as a watch and decides the handshake. */
export async function openWatchSocket(target: WatchSocketTarget, request: ApiRequest, handshake: WatchSocketHandshake): Promise<WatchSocketOutcome> {
  const bearer = readBearerProtocols(handshake.protocols)
  if (!bearer.ok) return { accepted: false, answer: statusAnswer(statusErrors.unauthorized()) }
  // The Authorization header's authenticator runs before the subprotocol's: a header wins.
  if (bearer.token !== undefined && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${bearer.token}`)
  const answered = await target.answer(request)
  const { body } = answered
  if (answered.status !== 200 || isComplete(body) || !target.kube.requestsWatch(request.method, new URL(request.url))) {
    return { accepted: false, answer: answered }
  }
  const refuse = async (status: number): Promise<WatchSocketOutcome> => {
    await body.cancel().catch(() => undefined)
    return { accepted: false, answer: answer(status) }
  }
  if (handshake.checkOrigin && !hasOrigin(request.headers.get('origin'))) return refuse(403)
  if (bearer.protocols.length > 1) return refuse(400)
  return { accepted: true, protocol: bearer.protocols[0], events: body }
}

/** Where a watch's events go: one message each, then a close. */
export interface WatchSocketSink {
  /** Sends one event as a text message; a promise holds the next event until the socket takes more. */
  send(event: Uint8Array): void | Promise<void>
  /** The watch ended (timeout, ERROR, the server closing): a normal closure. */
  close(): void
  /** The watch was dropped (its client fell too far behind): the connection is cut. */
  fail(): void
}

/** Writes the watch to the sink event by event; the returned function (the client left) releases the watch. */
export function pumpWatch(events: ReadableStream<Uint8Array>, sink: WatchSocketSink): () => void {
  const reader = events.getReader()
  let stopped = false
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (stopped) return
        if (done) return sink.close()
        // The hub's first, empty chunk flushes an HTTP head; a socket has none to flush.
        if (value.byteLength > 0) await sink.send(value)
      }
    } catch {
      if (!stopped) sink.fail()
    }
  })()
  return () => {
    if (stopped) return
    stopped = true
    void reader.cancel().catch(() => undefined)
  }
}
