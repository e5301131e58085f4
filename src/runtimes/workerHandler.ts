// The one msw handler a page's Service Worker gets: it hands each request to the handlers of the
// emulator in charge at that moment, so Storybook can give every story a fresh emulator without
// touching the worker, and a story's own `parameters.msw` handlers (added later, so tried first)
// still win over the emulator.
import { getResponse, http, RequestHandler } from 'msw'
import type { Emulator } from '../emulator.ts'

/**
 * A page navigation (reload, link, iframe) is never an API call: with `origins: '*'` the emulator
 * would otherwise answer a reload of the app's `/` with Glance's version document.
 */
function isNavigation(request: Request): boolean {
  if (request.mode === 'navigate') return true
  const destination = request.headers.get('sec-fetch-dest')
  return request.headers.get('sec-fetch-mode') === 'navigate' || destination === 'document' || destination === 'iframe'
}

export function emulatorWorkerHandler(current: () => Emulator | undefined): RequestHandler {
  return http.all('*', async ({ request }) => {
    const emulator = current()
    if (!emulator || isNavigation(request)) return undefined
    // The emulator's WebSocket handler is not a request handler: the page's ws link serves it (browser.ts).
    return getResponse(
      emulator.handlers.filter((handler) => handler instanceof RequestHandler),
      request,
    )
  })
}
