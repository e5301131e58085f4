// The page's requests to the emulated APIs, answered by one emulator from the test's process. A browser
// context's route sees every request its pages make; a request the emulator claims (the same handlers,
// origins and navigation rule as in the browser runtime) is answered in the test's process and handed
// to the page with route.fulfill. A watch cannot go that way: route.fulfill takes a whole body, and a
// watch is a body that never ends. So a watch is sent on, unchanged but for its URL, to a standalone
// server (node:http, src/runtimes/server.ts) in front of the same emulator, and Chromium streams that
// answer into the page event by event. The page sees neither: its watch answers from its own URL.
import type { BrowserContext, Request as PlaywrightRequest, Route } from '@playwright/test'
import { RequestHandler } from 'msw'
import type { Emulator } from '../emulator.ts'
import { isComplete, type Answer } from '../http/answer.ts'
import { listen, type RunningServer } from './server.ts'

export interface EmulatorRoute {
  /**
   * The standalone server the page's watches go to, once the first one has been opened (its URL is
   * also where a Node client reaches the same emulator).
   */
  readonly server: Promise<RunningServer> | undefined
  /**
   * Stops answering: the requests the emulator would have answered fail from then on (they never reach
   * the network, where a real cluster may be), and the server closes, ending its watches.
   */
  stop(): Promise<void>
}

/**
 * A Kubernetes watch: `?watch=` with any value but `0` or `false` (kube-apiserver's parameter codec), or
 * the legacy `/watch/` path. Whether the emulator serves the path is the handlers' business.
 */
function isWatch(method: string, url: URL): boolean {
  if (method !== 'GET') return false
  const watch = url.searchParams.get('watch')
  if (watch !== null && watch !== '0' && watch.toLowerCase() !== 'false') return true
  return url.pathname.includes('/watch/')
}

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

  const handle = async (route: Route, request: PlaywrightRequest) => {
    // A navigation is never an API call: with `origins: '*'` Glance would answer the app's `/`.
    if (request.isNavigationRequest() || !(await claims(request))) return settle(() => route.fallback())
    if (stopped) return settle(() => route.abort('failed'))
    const apiRequest = await fetchRequest(request)
    const url = new URL(apiRequest.url)
    if (isWatch(apiRequest.method, url)) {
      const pageOrigin = apiRequest.headers.get('origin')
      if (url.protocol !== 'http:' || (pageOrigin !== null && pageOrigin !== url.origin)) {
        await settle(() => route.abort('failed'))
        throw new Error(
          `image-api-emulator/playwright: the page opened a watch on ${url.origin}${pageOrigin && pageOrigin !== url.origin ? `, another origin than its own (${pageOrigin})` : ''}. ` +
            "A watch streams to the page only on the page's own http origin: it is sent on to the emulator's server, which keeps its protocol and sends no CORS headers. " +
            'In tests, let the app call its API on its own origin (a relative base URL, or a dev-server proxy path).',
        )
      }
      server ??= listen({ emulator })
      const { url: serverUrl } = await server
      return settle(() => route.continue({ url: `${serverUrl}${url.pathname}${url.search}` }))
    }
    const answer = await emulator.answer(apiRequest)
    if (answer.fault) return settle(() => route.abort(answer.fault === 'connection-reset' ? 'connectionreset' : 'failed'))
    const body = await wholeBody(answer)
    return settle(() => route.fulfill({ status: answer.status, headers: answer.headers, body }))
  }

  await context.route('**/*', handle)
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
