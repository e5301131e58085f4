// WATCH (kube-apiserver's watch.go serveWatch): a stream of events from the watch hub (K-28..K-34),
// each object in this endpoint's wire form or as a one-row Table (K-37).
import { answer, type Answer } from '../../../http/answer.ts'
import type { KubeObject } from '../../resource.ts'
import type { ListSelection } from '../../registryStore.ts'
import type { ListOptions } from '../../requestOptions.ts'
import { statusErrors } from '../../status.ts'
import { escapeFieldSelectorValue, nameFromFieldSelector, parseFieldSelector } from '../../fieldSelector.ts'
import { renderTable } from '../../table.ts'
import { strategyContext, type RequestScope } from './requestScope.ts'
import { includeObject, responseHeaders } from './response.ts'
import { present } from './wireForm.ts'

/** K-28: /watch/<plural>/<name> is a field selector on the name. */
function namedSelection(selection: ListSelection, name: string): ListSelection {
  const named = nameFromFieldSelector(selection.fieldSelector!)
  if (selection.fieldSelector && !selection.fieldSelector.empty && named !== name) {
    throw statusErrors.badRequest("fieldSelector metadata.name doesn't match requested name")
  }
  return { ...selection, fieldSelector: parseFieldSelector(`metadata.name=${escapeFieldSelectorValue(name)}`) }
}

export function serveWatch(scope: RequestScope, options: ListOptions, selection: ListSelection, rv: number | undefined): Answer {
  const { served, url } = scope
  const { endpoint, registry } = served
  if (scope.name !== undefined) selection = namedSelection(selection, scope.name)
  const table = scope.representation === 'table'
  const ctx = strategyContext(scope)
  let firstRow = true
  const stream = served.hub.open({
    registry,
    selection,
    resourceVersion: rv,
    sendInitialEvents: options.sendInitialEvents,
    bookmarks: options.allowWatchBookmarks,
    timeoutSeconds: options.timeoutSeconds,
    initialEventsEndBookmark: served.options.initialEventsEndBookmark ?? true,
    bookmarkType: { kind: endpoint.resource.kind, apiVersion: endpoint.groupVersion },
    path: url.pathname + url.search,
    // Plain JSON depends only on the endpoint: watches of one endpoint share each event's bytes.
    sharedEncoding: table ? undefined : `${endpoint.prefix}/${endpoint.resource.plural}`,
    encode(type, object) {
      if (type === 'ERROR' || type === 'BOOKMARK') return object
      const kubeObject = object as KubeObject
      if (!table) return present(served, kubeObject)
      const wire = present(served, structuredClone(kubeObject))
      // K-37: Table watches send one-row Tables, only the first with column definitions.
      const rows = renderTable(endpoint.resource, [{ object: kubeObject, wire }], ctx, {
        includeObject: includeObject(url),
        withColumns: firstRow,
        resourceVersion: kubeObject.metadata.resourceVersion,
      })
      firstRow = false
      return rows
    },
  })
  return answer(200, stream, responseHeaders(scope))
}
