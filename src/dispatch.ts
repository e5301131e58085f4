// The one router behind both doors: msw handlers (one coarse handler per API) and the standalone
// node:http server call dispatch(), so behaviour cannot differ between them.
import type { ApiModule } from './core.ts'
import type { Journal } from './journal.ts'
import type { Clock } from './clock.ts'
import type { ApiRequest } from './http/apiRequest.ts'
import type { Answer } from './http/answer.ts'

export type Interceptor = (request: ApiRequest, url: URL, api: ApiModule) => Promise<Answer | undefined> | Answer | undefined

export interface Dispatcher {
  apis: ApiModule[]
  /** The API that claims this URL, if any. */
  route(url: URL): ApiModule | undefined
  /** Answers a request (`url` is its URL, when the caller has parsed it already); undefined when no API claims it. */
  dispatch(request: ApiRequest, url?: URL): Promise<Answer | undefined>
  /** Runs before an API sees a request (scenario `respond` steps); the first answer wins. */
  intercept(interceptor: Interceptor): () => void
}

export function createDispatcher(apis: ApiModule[], deps: { journal: Journal; clock: Clock }): Dispatcher {
  const interceptors: Interceptor[] = []
  const route = (url: URL) => apis.find((api) => api.claims(url))

  return {
    apis,
    route,
    async dispatch(request, url = new URL(request.url)) {
      const api = route(url)
      if (!api) return undefined
      const time = deps.clock.iso()
      let answer: Answer | undefined
      for (const interceptor of interceptors) {
        answer = await interceptor(request, url, api)
        if (answer) break
      }
      answer ??= await api.handle(request, url)
      const entry = { time, api: api.name, method: request.method, url: url.pathname + url.search, status: answer.status }
      deps.journal.record(entry, request.headers)
      return answer
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
