// The one router behind both doors: msw handlers (one coarse handler per API) and the standalone
// node:http server call dispatch(), so behaviour cannot differ between them.
import type { ApiModule } from './core.ts'
import type { Journal } from './journal.ts'
import type { Clock } from './clock.ts'

export type Interceptor = (request: Request, url: URL, api: ApiModule) => Promise<Response | undefined> | Response | undefined

export interface Dispatcher {
  apis: ApiModule[]
  /** The API that claims this URL, if any. */
  route(url: URL): ApiModule | undefined
  /** Answers a request; undefined when no API claims it. */
  dispatch(request: Request): Promise<Response | undefined>
  /** Runs before an API sees a request (scenario `respond` steps); the first answer wins. */
  intercept(interceptor: Interceptor): () => void
}

export function createDispatcher(apis: ApiModule[], deps: { journal: Journal; clock: Clock }): Dispatcher {
  const interceptors: Interceptor[] = []
  const route = (url: URL) => apis.find((api) => api.claims(url))

  return {
    apis,
    route,
    async dispatch(request) {
      const url = new URL(request.url)
      const api = route(url)
      if (!api) return undefined
      const time = deps.clock.iso()
      let response: Response | undefined
      for (const interceptor of interceptors) {
        response = await interceptor(request, url, api)
        if (response) break
      }
      response ??= await api.handle(request, url)
      deps.journal.record({
        time,
        api: api.name,
        method: request.method,
        url: url.pathname + url.search,
        status: response.status,
        requestHeaders: Object.fromEntries(request.headers),
      })
      return response
    },
    intercept(interceptor) {
      interceptors.push(interceptor)
      return () => {
        const at = interceptors.indexOf(interceptor)
        if (at >= 0) interceptors.splice(at, 1)
      }
    },
  }
}
