// The msw door: one coarse request handler per API module. Each claims the requests its module
// claims (on the origins the emulator answers) and hands them to the same dispatch the node:http
// server calls, so the two doors cannot differ.
import { http, type RequestHandler } from 'msw'
import type { ApiModule } from '../core.ts'
import type { Answer } from './answer.ts'
import { toResponse } from './answer.ts'

export type Origins = '*' | string[]

export function originMatches(origins: Origins, url: URL): boolean {
  return origins === '*' || origins.some((origin) => new URL(origin).origin === url.origin)
}

/**
 * A handler per module: `answer` answers the requests `module` claims. `route` is the URL the modules
 * read (the Kubernetes paths without a console's path prefix).
 */
export function mswHandlers(
  modules: ApiModule[],
  origins: Origins,
  answer: (module: ApiModule, request: Request, url: URL) => Promise<Answer>,
  route: (url: URL) => URL = (url) => url,
): RequestHandler[] {
  return modules.map((module) =>
    http.all(
      ({ request }) => {
        const url = new URL(request.url)
        return originMatches(origins, url) && module.claims(route(url))
      },
      async ({ request }) => toResponse(await answer(module, request, route(new URL(request.url)))),
    ),
  )
}
