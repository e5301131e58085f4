// Server-side apply (kube-apiserver's patch.go applyPatcher, K-19): the configuration is merged into
// the live object with field ownership, and creates the object when it is missing (K-16).
import type { Answer } from '../../../http/answer.ts'
import { isJsonObject } from '../../../json/jsonObject.ts'
import type { KubeObject } from '../../resource.ts'
import { statusErrors } from '../../status.ts'
import type { WriteOptions } from '../../requestOptions.ts'
import { serverSideApply } from '../../apply.ts'
import { requestContext, type RequestScope } from './requestScope.ts'
import { checkDecodes, checkTypeMeta, validateFields } from './decode.ts'
import { answerOutcome } from './response.ts'
import { encoded } from './wireForm.ts'

/** The text as JSON, when it is JSON: duplicate fields are read from it (K-20). */
function jsonTextOf(text: string): string | undefined {
  try {
    JSON.parse(text)
    return text
  } catch {
    return undefined
  }
}

/** `document` is the parsed apply patch and `text` its YAML or JSON text. */
export async function applyResource(scope: RequestScope, document: unknown, text: string, options: WriteOptions): Promise<Answer> {
  const { served } = scope
  const { endpoint, registry, core } = served
  const name = scope.name!
  if (!isJsonObject(document)) throw statusErrors.badRequest('error decoding YAML: the patch must be an object')
  // internal/structuredmerge.go: the configuration must name the version it is written in.
  const version = typeof document.apiVersion === 'string' ? document.apiVersion : ''
  if (version !== endpoint.groupVersion) {
    throw statusErrors.badRequest(`Incorrect version specified in apply patch. Specified patch version: ${version}, expected: ${endpoint.groupVersion}`)
  }
  checkTypeMeta(endpoint, document)
  if (document.metadata !== undefined && !isJsonObject(document.metadata)) throw statusErrors.badRequest('metadata must be an object')
  const metadata = isJsonObject(document.metadata) ? document.metadata : {}
  if (metadata.managedFields !== undefined && metadata.managedFields !== null) throw statusErrors.badRequest('metadata.managedFields must be nil')
  const bodyName = typeof metadata.name === 'string' ? metadata.name : ''
  if (bodyName && bodyName !== name) throw statusErrors.badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`)
  const { object: config, warnings } = validateFields(endpoint, { ...document, metadata: { ...metadata, name } } as KubeObject, options, jsonTextOf(text))
  checkDecodes(endpoint, config)
  const context = requestContext(scope, options, 'Apply')
  const applyTo = (live: KubeObject | undefined) =>
    serverSideApply({ live, config, manager: options.fieldManager!, apiVersion: endpoint.groupVersion, force: options.force === true, now: core.clock.iso(), schema: endpoint.resource.openapiSchema })
  if (!registry.get(name)) return answerOutcome(scope, await registry.create(applyTo(undefined), options, context), warnings)
  // Apply reads ownership from the stored managedFields, whether or not responses show them.
  const outcome = await registry.patch(name, (current) => applyTo(encoded(endpoint, current)), options, context)
  return answerOutcome(scope, outcome, warnings)
}
