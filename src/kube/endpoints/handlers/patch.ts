// PATCH of one object (kube-apiserver's patch.go PatchResource): JSON patch, merge patch or strategic
// merge patch applied to the object as this endpoint shows it (IMG-36) inside the registry's commit,
// then handled as a PUT (K-16); an apply patch goes to server-side apply.
import type { Answer } from '../../../http/answer.ts'
import { isJsonObject } from '../../../json/jsonObject.ts'
import type { Endpoint, KubeObject } from '../../resource.ts'
import { failure, statusErrors } from '../../status.ts'
import { mediaTypeOf } from '../../../http/mediaType.ts'
import { parseWriteOptions } from '../../requestOptions.ts'
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PatchError } from '../../patch.ts'
import { requestContext, type RequestScope } from './requestScope.ts'
import { checkDecodes, checkTypeMeta, decodeText, parseDocument, readBody, validateFields } from './decode.ts'
import { answerOutcome } from './response.ts'
import { present } from './wireForm.ts'
import { applyResource } from './apply.ts'

const applyPatchType = 'application/apply-patch+yaml'
const jsonPatchType = 'application/json-patch+json'

function asObject(value: unknown): KubeObject {
  if (!isJsonObject(value)) throw statusErrors.badRequest('the patched object must be a JSON object')
  return value as KubeObject
}

/** The patch applied to `base`, with kube-apiserver's answers for patches that cannot apply. */
function patched(type: string, base: KubeObject, patch: unknown, endpoint: Endpoint): KubeObject {
  try {
    if (type === jsonPatchType) return asObject(applyJsonPatch(base, patch))
    if (type === 'application/merge-patch+json') return asObject(applyMergePatch(base, patch))
    return asObject(applyStrategicMergePatch(base, patch, endpoint.resource.strategicMerge ?? {}))
  } catch (error) {
    if (!(error instanceof PatchError)) throw error
    if (error.kind === 'tooLarge') throw statusErrors.requestEntityTooLarge(error.message)
    if (error.kind === 'undecodable') throw statusErrors.badRequest(error.message)
    // K-16: a failed JSON-patch operation is a 422 with no details.
    throw failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {})
  }
}

export async function patchResource(scope: RequestScope): Promise<Answer> {
  const { served, request, url } = scope
  const { endpoint, registry } = served
  const name = scope.name!
  const type = mediaTypeOf(request.headers.get('content-type'))
  const accepted = endpoint.patchTypes ?? endpoint.resource.patchTypes
  if (!accepted.includes(type)) throw statusErrors.unsupportedMediaType(accepted)
  const isApply = type === applyPatchType
  const options = parseWriteOptions(url.searchParams, 'PatchOptions', isApply)
  const text = decodeText(await readBody(request), endpoint.resource.kind)
  let document: unknown
  try {
    document = parseDocument(text, isApply)
  } catch (error) {
    throw statusErrors.badRequest(`error decoding patch: ${(error as Error).message}`)
  }
  if (isApply) return applyResource(scope, document, text, options)
  let warnings: string[] = []
  const outcome = await registry.patch(
    name,
    (current) => {
      const object = patched(type, present(served, current), document, endpoint)
      checkTypeMeta(endpoint, object)
      if (!isJsonObject(object.metadata)) throw statusErrors.badRequest('metadata must be an object')
      if (object.metadata.name !== name) {
        throw statusErrors.badRequest(`the name of the object (${String(object.metadata.name ?? '')}) does not match the name on the URL (${name})`)
      }
      checkDecodes(endpoint, object)
      // K-20 on the patched object; duplicates are the patch body's own (a JSON patch's ops are not fields).
      const checked = validateFields(endpoint, object, options, type === jsonPatchType ? undefined : text)
      warnings = checked.warnings
      return checked.object
    },
    options,
    requestContext(scope, options, 'Update'),
  )
  return answerOutcome(scope, outcome, warnings)
}
