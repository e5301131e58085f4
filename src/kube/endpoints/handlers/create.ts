// POST to a collection (kube-apiserver's create.go): decode, validate fields, hand to the registry.
import type { Answer } from '../../../http/answer.ts'
import { parseWriteOptions } from '../../requestOptions.ts'
import { requestContext, type RequestScope } from './requestScope.ts'
import { decodeObject, validateFields } from './decode.ts'
import { answerOutcome } from './response.ts'

export async function createResource(scope: RequestScope): Promise<Answer> {
  const { endpoint, registry } = scope.served
  const options = parseWriteOptions(scope.url.searchParams, 'CreateOptions')
  const decoded = await decodeObject(scope.request, endpoint)
  const { object, warnings } = validateFields(endpoint, decoded.object, options, decoded.json)
  const outcome = await registry.create(object, options, requestContext(scope, options, 'Update'))
  return answerOutcome(scope, outcome, warnings)
}
