// The control API's inspector routes: the page (GET /_emulator/ui), the state it shows, as one
// document or as a stream of documents, and one object as stored. All read-only.
import type { Inspector } from '../inspector/inspector.ts'
import { inspectorPage, inspectorPagePolicy } from '../inspector/ui/inspectorPage.ts'
import { answer, type Answer } from '../http/answer.ts'
import { failure, statusErrors } from '../kube/status.ts'

export const inspectorPagePath = '/_emulator/ui'

export const inspectorEndpoints = [
  { method: 'GET', path: inspectorPagePath, does: 'the inspector: objects, watches, journal, clock and scenarios, live (an HTML page)' },
  { method: 'GET', path: '/_emulator/state', does: "what the inspector shows: the clock, each API's objects, open watches and what they sent, scenario steps, the latest requests" },
  { method: 'GET', path: '/_emulator/state/stream', does: 'the same state as server-sent events: at once, then whenever it changes' },
  { method: 'GET', path: '/_emulator/objects/{api}/{resource}/{key}', does: 'one object as stored (resource and key as /_emulator/state lists them)' },
]

const json = (body: unknown): Answer => answer(200, `${JSON.stringify(body)}\n`, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' })

/** The page holds no state (it asks for it with the credentials it is given), so it is sent to anyone. */
export function inspectorPageAnswer(method: string): Answer {
  if (method !== 'GET') throw statusErrors.methodNotAllowed()
  return answer(200, inspectorPage(), {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-cache',
    'content-security-policy': inspectorPagePolicy,
    'x-content-type-options': 'nosniff',
  })
}

/** Answers the state and object paths; undefined for any other path. */
export function inspectorRoute(inspector: Inspector, path: string, method: string): Answer | undefined {
  const get = () => {
    if (method !== 'GET') throw statusErrors.methodNotAllowed()
  }
  if (path === '/_emulator/state') {
    get()
    return json(inspector.state())
  }
  if (path === '/_emulator/state/stream') {
    get()
    return answer(200, inspector.openStream(), { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, private', 'x-accel-buffering': 'no' })
  }
  const object = /^\/_emulator\/objects\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path)
  if (!object) return undefined
  get()
  let api: string, resource: string, key: string
  try {
    ;[api, resource, key] = object.slice(1).map(decodeURIComponent) as [string, string, string]
  } catch {
    throw statusErrors.badRequest('the object path is not valid percent-encoding')
  }
  const found = inspector.object(api, resource, key)
  if (found === undefined) throw failure(404, 'NotFound', `no ${resource} ${JSON.stringify(key)} in the ${api} API`, {})
  return json(found)
}
