// Writing answers, as kube-apiserver's writers.go and response.go do: JSON (indented for `pretty` and
// for curl-like clients), or a Table when the client negotiated one (K-37); the headers every answer
// carries (K-36).
import type { EmulatorCore } from '../../../core.ts'
import type { ApiRequest } from '../../../http/apiRequest.ts'
import { answer, type Answer } from '../../../http/answer.ts'
import type { KubeObject } from '../../resource.ts'
import type { WriteOutcome } from '../../registryStore.ts'
import { statusErrors } from '../../status.ts'
import { renderTable, type IncludeObject } from '../../table.ts'
import { strategyContext, type RequestScope } from './requestScope.ts'
import { present } from './wireForm.ts'

const curlLike = /^(curl|Wget|Mozilla\/5\.0)/

/** K-36: the caller's audit id echoed, or a seeded one. */
export function auditId(core: EmulatorCore, request: ApiRequest): string {
  return request.headers.get('audit-id') ?? core.ids.uuid('audit-id')
}

export function isPretty(scope: RequestScope): boolean {
  return scope.url.searchParams.get('pretty') === 'true' || curlLike.test(scope.request.headers.get('user-agent') ?? '')
}

export function responseHeaders(scope: RequestScope, warnings: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {
    'content-type': 'application/json',
    'cache-control': 'no-cache, private',
    'audit-id': auditId(scope.served.core, scope.request),
  }
  // K-36: one `299 - "<text>"` per warning, quotes and backslashes escaped; several join as one
  // header does when it is sent more than once.
  if (warnings.length) out.warning = warnings.map((warning) => `299 - ${JSON.stringify(warning)}`).join(', ')
  return out
}

export function writeJson(scope: RequestScope, code: number, body: unknown, warnings: readonly string[] = []): Answer {
  const text = isPretty(scope) ? JSON.stringify(body, null, 2) : JSON.stringify(body)
  return answer(code, `${text}\n`, responseHeaders(scope, warnings))
}

/** The `includeObject` option of Table answers (K-37). */
export function includeObject(url: URL): IncludeObject {
  const value = url.searchParams.get('includeObject') ?? 'Metadata'
  if (value !== 'None' && value !== 'Metadata' && value !== 'Object') {
    throw statusErrors.badRequest(`includeObject: Unsupported value: "${value}": supported values: "Metadata", "None", "Object"`)
  }
  return value
}

/** One object, as JSON or as a one-row Table. */
export function answerObject(scope: RequestScope, code: number, object: KubeObject, warnings: readonly string[] = []): Answer {
  const { served } = scope
  if (scope.representation !== 'table') return writeJson(scope, code, present(served, object), warnings)
  const wire = present(served, structuredClone(object))
  const table = renderTable(served.endpoint.resource, [{ object, wire }], strategyContext(scope), {
    includeObject: includeObject(scope.url),
    withColumns: true,
    resourceVersion: object.metadata.resourceVersion,
  })
  return writeJson(scope, code, table, warnings)
}

/** A write's outcome: the object written, or a Status (a delete that finished). */
export function answerOutcome(scope: RequestScope, outcome: WriteOutcome, warnings: readonly string[] = []): Answer {
  if (outcome.kind === 'status') return writeJson(scope, outcome.code, outcome.status, warnings)
  return answerObject(scope, outcome.code, outcome.object, warnings)
}
