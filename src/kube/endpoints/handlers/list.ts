// LIST (kube-apiserver's get.go ListResource): a page of the selected objects at a resourceVersion,
// with continue tokens (K-24..K-26); a request that asks to watch is handed to serveWatch, as
// ListResource does. Plain JSON pages are assembled from list items encoded once per stored version.
import { answer, type Answer } from '../../../http/answer.ts'
import { joinBytes } from '../../../http/joinBytes.ts'
import type { KubeObject } from '../../resource.ts'
import { statusErrors } from '../../status.ts'
import { parseListOptions, parseResourceVersion } from '../../requestOptions.ts'
import { decodeContinue, encodeContinueFrom } from '../../continueToken.ts'
import { renderTable } from '../../table.ts'
import { strategyContext, type RequestScope } from './requestScope.ts'
import { includeObject, isPretty, responseHeaders, writeJson } from './response.ts'
import { itemBytes, listBody, present } from './wireForm.ts'
import { listSelection } from './listSelection.ts'
import { serveWatch } from './watch.ts'

const utf8 = new TextEncoder()
const comma = utf8.encode(',')
const listTail = utf8.encode(']}\n')

const continueTooOld =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.'

/** Where a page starts: the resourceVersion it is read at (latest when undefined), the key after which, and its size. */
interface PageRequest {
  at: number | undefined
  from: string | undefined
  limit: number
}

function pageRequest(scope: RequestScope, options: ReturnType<typeof parseListOptions>, rv: number | undefined): PageRequest {
  const { core } = scope.served
  const latest = core.store.resourceVersion()
  if (options.continueToken) {
    if (rv !== undefined && rv !== 0) throw statusErrors.badRequest('specifying resource version is not allowed when using continue')
    const point = decodeContinue(options.continueToken)
    const at = point.resourceVersion === -1 ? undefined : point.resourceVersion
    if (at !== undefined && at > latest) throw statusErrors.badRequest('invalid continue token: continue key is not valid: resource version is in the future')
    if (at !== undefined && at < core.store.events.compactedThrough()) {
      // K-26: 410 with a fresh token that resumes at the same key on the latest state.
      const error = statusErrors.expired(continueTooOld)
      error.status.metadata = { continue: encodeContinueFrom(-1, point.from) }
      throw error
    }
    return { at, from: point.from, limit: options.limit }
  }
  // K-24: resourceVersion=0 serves the latest state from cache and ignores limit.
  if (rv === 0) return { at: undefined, from: undefined, limit: 0 }
  if (rv === undefined) return { at: undefined, from: undefined, limit: options.limit }
  if (rv > latest) {
    throw statusErrors.timeout(`Timeout: Too large resource version: ${rv}, current: ${latest}`, {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    })
  }
  const exact = options.resourceVersionMatch === 'Exact' || (options.resourceVersionMatch === undefined && options.limit > 0)
  return { at: exact ? rv : undefined, from: undefined, limit: options.limit }
}

export function listResource(scope: RequestScope): Answer {
  const { served, url } = scope
  const { endpoint, registry } = served
  const options = parseListOptions(url.searchParams, scope.watchPath)
  const selection = listSelection(url)
  const rv = parseResourceVersion(options.resourceVersion)
  if (options.watch) return serveWatch(scope, options, selection, rv)
  const { at, from, limit } = pageRequest(scope, options, rv)
  const raw = registry.listRaw(selection, { resourceVersion: at, from, limit })
  const metadata: Record<string, unknown> = { resourceVersion: String(raw.resourceVersion) }
  if (raw.continueToken) metadata.continue = raw.continueToken
  if (raw.remainingItemCount !== undefined) metadata.remainingItemCount = raw.remainingItemCount
  if (scope.representation === 'json' && !isPretty(scope)) {
    // The same bytes JSON.stringify(listBody(...)) would give, from already-encoded items.
    const head = JSON.stringify({ kind: endpoint.resource.listKind, apiVersion: endpoint.groupVersion, metadata }).slice(0, -1)
    const items = raw.entries.map((entry) => itemBytes(served, entry.json))
    return answer(200, joinBytes(utf8.encode(`${head},"items":[`), items, comma, listTail), responseHeaders(scope))
  }
  const items = raw.entries.map((entry) => JSON.parse(entry.json) as KubeObject)
  if (scope.representation === 'table') {
    const rows = items.map((object) => ({ object, wire: present(served, structuredClone(object)) }))
    return writeJson(scope, 200, renderTable(endpoint.resource, rows, strategyContext(scope), {
      includeObject: includeObject(url),
      withColumns: true,
      resourceVersion: String(raw.resourceVersion),
      continueToken: raw.continueToken,
      remainingItemCount: raw.remainingItemCount,
    }))
  }
  return writeJson(scope, 200, listBody(served, items, metadata))
}
