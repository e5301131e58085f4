// The page's requests to the emulated APIs, answered by one emulator from the test's process. A browser
// context's route sees every request its pages make; a request the emulator claims (the same handlers,
// origins and navigation rule as in the browser runtime) is answered in the test's process and handed
// to the page with route.fulfill. A watch cannot go that way: route.fulfill takes a whole body, and a
// watch is a body that never ends. So a watch is sent on, unchanged but for its URL, to a standalone
// server (node:http, src/runtimes/server.ts) in front of the same emulator, and Chromium streams that
// answer into the page event by event. The page sees neither: its watch answers from its own URL.
// The control API goes there too (its inspector follows the emulator's state as a stream), and a
// navigation to the inspector's page is redirected there, so the page and its stream share an origin.
// A watch over WebSocket needs no server: Playwright's routeWebSocket hands the test each message to
// send, so the emulator's WebSocket watch (src/kube/watchSocket/) is pumped into the page from here,
// one event per message, as msw's ws door does in the browser runtime.
import type { BrowserContext, Request as PlaywrightRequest, Route, WebSocketRoute } from '@playwright/test'
import { RequestHandler } from 'msw'
import type { Emulator } from '../emulator.ts'
import { discardBody, isComplete, type Answer } from '../http/answer.ts'
import { originMatches } from '../http/mswHandlers.ts'
import { openWatchSocket, pumpWatch } from '../kube/watchSocket/watchSocket.ts'
import { isControlPath } from '../control/controlApi.ts'
import { listen, type RunningServer } from './server.ts'

export interface EmulatorRoute {
  /**
   * The standalone server the page's watches and control API requests go to, once the first one has
   * been made (its URL is also where a Node client reaches the same emulator).
   */
  readonly server: Promise<RunningServer> | undefined
  /**
   * Stops answering: the requests the emulator would have answered fail from then on (they never reach
   * the network, where a real cluster may be), and the server closes, ending its watches.
   */
  stop(): Promise<void>
}

const httpUrl = (url: URL) => new URL(url.href.replace(/^ws/, 'http'))

/** The page's request as the emulator reads one: a fetch Request (HTTP/2 pseudo-headers left out). */
async function fetchRequest(request: PlaywrightRequest): Promise<Request> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(await request.allHeaders())) if (!name.startsWith(':')) headers.append(name, value)
  const method = request.method()
  const body = method === 'GET' || method === 'HEAD' ? null : request.postDataBuffer()
  return new Request(request.url(), { method, headers, body: body as Uint8Array<ArrayBuffer> | null })
}

/** The answer's body as route.fulfill takes it: whole (a finite stream, such as a download, is read to its end). */
async function wholeBody(answer: Answer): Promise<Buffer | undefined> {
  const { body } = answer
  if (body === null) return undefined
  if (!isComplete(body)) return Buffer.from(await new Response(body).arrayBuffer())
  return typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
}

/**
 * Playwright refuses to handle a route twice, and a route whose page has navigated away or closed is
 * already gone: neither is an error of the test's (as in msw's own Playwright binding).
 */
async function settle(handling: () => Promise<void>): Promise<void> {
  try {
    await handling()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (/route is already handled|has been closed|Target closed/i.test(message)) return
    throw error
  }
}

/** Answers the requests `context`'s pages make to the emulated APIs with `emulator`, until stop(). */
export async function routeToEmulator(context: BrowserContext, emulator: Emulator): Promise<EmulatorRoute> {
  let server: Promise<RunningServer> | undefined
  let stopped = false
  const handlers = emulator.handlers.filter((handler) => handler instanceof RequestHandler)
  // Whether the emulator answers this method and URL (its origins, its paths): asked before the
  // request is copied, since most of a page's requests (scripts, styles, images) are not for it.
  const claims = async (request: PlaywrightRequest) => {
    let probe: Request
    try {
      probe = new Request(request.url(), { method: request.method() })
    } catch {
      return false
    }
    for (const handler of handlers) if (await handler.test({ request: probe })) return true
    return false
  }

  // What goes to the server: a watch, and the control API, whose inspector follows the emulator's state
  // as a stream.
  const forServer = (method: string, url: URL) => isControlPath(url) || emulator.kube.requestsWatch(method, url)
  let serverOrigin: string | undefined
  const serverUrl = async () => (serverOrigin = (await (server ??= listen({ emulator }))).url)

  const handle = async (route: Route, request: PlaywrightRequest) => {
    const target = new URL(request.url())
    // What is sent to the emulator's server itself reaches it as it is.
    if (target.origin === serverOrigin) return settle(() => route.fallback())
    const navigation = request.isNavigationRequest()
    // A navigation is not an API call (with `origins: '*'` Glance would answer the app's `/`), except to
    // the control API: the inspector (/_emulator/ui) opens on the emulator's server, where its page, its
    // content security policy ('self') and its stream of the emulator's state agree on one origin.
    if ((navigation && !isControlPath(target)) || !(await claims(request))) return settle(() => route.fallback())
    if (stopped) return settle(() => route.abort('failed'))
    if (navigation) {
      const location = `${await serverUrl()}${target.pathname}${target.search}`
      return settle(() => route.fulfill({ status: 302, headers: { location } }))
    }
    const apiRequest = await fetchRequest(request)
    const url = new URL(apiRequest.url)
    if (forServer(apiRequest.method, url)) {
      const pageOrigin = apiRequest.headers.get('origin')
      if (url.protocol !== 'http:' || (pageOrigin !== null && pageOrigin !== url.origin)) {
        await settle(() => route.abort('failed'))
        throw new Error(
          `image-api-emulator/playwright: the page asked for ${url.pathname} on ${url.origin}${pageOrigin && pageOrigin !== url.origin ? `, another origin than its own (${pageOrigin})` : ''}. ` +
            "A watch (and the control API, /_emulator) reaches the page only on the page's own http origin: it is sent on to the emulator's server, which keeps its protocol and sends no CORS headers. " +
            'In tests, let the app call its API on its own origin (a relative base URL, or a dev-server proxy path), or watch over WebSocket, which works on any origin.',
        )
      }
      const target = `${await serverUrl()}${url.pathname}${url.search}`
      return settle(() => route.continue({ url: target }))
    }
    const answer = await emulator.answer(apiRequest)
    if (answer.fault) return settle(() => route.abort(answer.fault === 'connection-reset' ? 'connectionreset' : 'failed'))
    const body = await wholeBody(answer)
    return settle(() => route.fulfill({ status: answer.status, headers: answer.headers, body }))
  }

  // A WebSocket the emulator answers: a Kubernetes watch URL on one of its origins (ws: and wss: read as
  // http: and https:). Any other WebSocket (a dev server's, the app's own) is not routed at all.
  const answersSocket = (url: URL) => {
    const http = httpUrl(url)
    return originMatches(emulator.options.origins ?? '*', http) && emulator.kube.requestsWatch('GET', http)
  }
  const handleSocket = (socket: WebSocketRoute) => {
    if (stopped) return void socket.close()
    let release: (() => void) | undefined
    let gone = false
    socket.onClose(() => {
      gone = true
      release?.()
    })
    // The server never reads what the client sends (wsstream.IgnoreReceives); handling it keeps it here.
    socket.onMessage(() => undefined)
    const decoder = new TextDecoder()
    const request = new Request(httpUrl(new URL(socket.url())))
    openWatchSocket(emulator, request, { protocols: socket.protocols(), checkOrigin: false }).then(
      (outcome) => {
        // A refused watch (401, 404, a bad selector): Playwright has opened the page's socket already,
        // so the refusal is a close whose reason is the HTTP status.
        // 1006 is the code a browser reports for a failed handshake (as msw's ws door does).
        if (!outcome.accepted) {
          discardBody(outcome.answer)
          return void (gone || socket.close({ code: 1006, reason: String(outcome.answer.status) }))
        }
        if (gone) return void outcome.events.cancel().catch(() => undefined)
        release = pumpWatch(outcome.events, {
          send: (event) => socket.send(decoder.decode(event)),
          close: () => socket.close({ code: 1000 }),
          fail: () => socket.close({ code: 1011 }),
        })
      },
      () => socket.close({ code: 1011 }),
    )
  }

  await context.route('**/*', handle)
  await context.routeWebSocket(answersSocket, handleSocket)
  return {
    get server() {
      return server
    },
    async stop() {
      stopped = true
      if (server) await (await server).close()
    },
  }
}
