// How `respond` steps answer a request. Steps that only slow a request down or add headers let the
// API answer it; a step with a status, a body or a fault answers it itself, in the API's dialect.
import type { ApiModule } from '../core.ts'
import type { ErrorRequest, ErrorSpec } from '../apiDescriptor.ts'
import { toMilliseconds } from '../duration.ts'
import { malformedBody } from './faults.ts'
import type { ApiRequest } from '../http/apiRequest.ts'
import { answer, connectionFault, withHeaders, type Answer } from '../http/answer.ts'
import type { HeldRequests } from './heldRequests.ts'
import type { RespondAction } from './scenario.ts'

/** Whether the step answers the request itself (rather than letting the API answer, later or with headers). */
export function answersItself(respond: RespondAction | undefined): boolean {
  return respond !== undefined && (respond.status !== undefined || respond.body !== undefined || respond.fault !== undefined)
}

/** Retry-After is whole seconds; a client must not be told 0 for a wait that is not over. */
function retryAfterSeconds(respond: RespondAction): number | undefined {
  return respond.retryAfter === undefined ? undefined : Math.max(1, Math.ceil(toMilliseconds(respond.retryAfter) / 1000))
}

export interface Answering {
  request: ApiRequest
  url: URL
  api: ApiModule
  /** The request's JSON body, if it was read. */
  body: unknown
  held: HeldRequests
  /** The API's own rendering of an error (a Kubernetes Status, Glance's WebOb body). */
  errorAnswer(spec: ErrorSpec, request: ErrorRequest): Answer
}

function customBody(status: number, body: unknown): Answer {
  if (typeof body === 'string') return answer(status, body, { 'content-type': 'text/plain; charset=utf-8' })
  return answer(status, `${JSON.stringify(body)}\n`, { 'content-type': 'application/json' })
}

/** Reads what is left of the request body, so the client has finished sending before it is answered. */
async function drain(request: ApiRequest): Promise<void> {
  if (!request.body || request.bodyUsed) return
  // Chunk by chunk, keeping none: a large upload must not be held in memory just to be discarded.
  const reader = request.body.getReader()
  try {
    while (!(await reader.read()).done);
  } catch {
    // The client went away: nothing left to wait for.
  }
}

/**
 * The answer to a request that `steps` (in order) fired on. Delays add up and run first, on the
 * emulator clock; if the hold ends because the client left or the emulator was reset, the connection
 * fails. Then the first step that answers itself decides the answer; the others' headers are added.
 */
export async function respondTo(steps: RespondAction[], answering: Answering): Promise<Answer | undefined> {
  const { request, url, api, held } = answering
  const delayMs = steps.reduce((total, respond) => total + (respond.delay === undefined ? 0 : toMilliseconds(respond.delay)), 0)
  const headers: Record<string, string> = Object.create(null)
  for (const respond of steps) Object.assign(headers, respond.headers ?? {})
  const own = steps.find(answersItself)
  if (!own && delayMs === 0 && Object.keys(headers).length === 0) return undefined

  if (delayMs > 0 && (await held.hold(delayMs, request.signal)) !== 'elapsed') return connectionFault('network-error')

  switch (own?.fault) {
    case 'connection-reset':
    case 'network-error':
      return connectionFault(own.fault)
    case 'hang':
      await held.hold(undefined, request.signal)
      return connectionFault('network-error')
  }

  let response: Answer
  if (own && (own.status !== undefined || own.body !== undefined)) {
    await drain(request)
    const status = own.status ?? 200
    const seconds = retryAfterSeconds(own)
    if (own.body !== undefined) {
      response = customBody(status, own.body)
      if (seconds) headers['retry-after'] ??= String(seconds)
    } else if (status >= 400) {
      response = answering.errorAnswer(
        { status, reason: own.reason, message: own.message, causes: own.causes, retryAfterSeconds: seconds },
        { request, url, body: answering.body },
      )
    } else {
      response = answer(status)
    }
  } else {
    response = await api.handle(request, url)
  }
  response = withHeaders(response, headers)
  return own?.fault === 'malformed-body' ? malformedBody(response) : response
}
