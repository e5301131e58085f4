// GET of one object (kube-apiserver's get.go GetResource). Plain JSON is the stored version's bytes,
// encoded once; pretty JSON and Tables are built per request.
import { answer, type Answer } from '../../../http/answer.ts'
import type { KubeObject } from '../../resource.ts'
import { statusErrors } from '../../status.ts'
import { parseResourceVersion } from '../../requestOptions.ts'
import type { RequestScope } from './requestScope.ts'
import { answerObject, isPretty, responseHeaders } from './response.ts'
import { objectBytes } from './wireForm.ts'

export function getResource(scope: RequestScope): Answer {
  const { served, url } = scope
  const name = scope.name!
  parseResourceVersion(url.searchParams.get('resourceVersion') ?? undefined)
  const stored = served.registry.getJson(name)
  if (stored === undefined) throw statusErrors.notFound(served.endpoint, name)
  if (scope.representation === 'json' && !isPretty(scope)) return answer(200, objectBytes(served, stored), responseHeaders(scope))
  return answerObject(scope, 200, JSON.parse(stored) as KubeObject)
}
