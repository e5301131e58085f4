// PUT of one object (kube-apiserver's update.go): the body must name the object the URL names (K-15).
import type { Answer } from '../../../http/answer.ts'
import { isJsonObject } from '../../../json/jsonObject.ts'
import { statusErrors } from '../../status.ts'
import { parseWriteOptions } from '../../requestOptions.ts'
import { requestContext, type RequestScope } from './requestScope.ts'
import { decodeObject, validateFields } from './decode.ts'
import { answerOutcome } from './response.ts'

export async function updateResource(scope: RequestScope): Promise<Answer> {
  const { endpoint, registry } = scope.served
  const name = scope.name!
  const options = parseWriteOptions(scope.url.searchParams, 'UpdateOptions')
  const decoded = await decodeObject(scope.request, endpoint)
  const metadata = decoded.object.metadata
  const bodyName = isJsonObject(metadata) && typeof metadata.name === 'string' ? metadata.name : ''
  if (bodyName !== name) throw statusErrors.badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`)
  const { object, warnings } = validateFields(endpoint, decoded.object, options, decoded.json)
  const outcome = await registry.update(name, object, options, requestContext(scope, options, 'Update'))
  return answerOutcome(scope, outcome, warnings)
}
