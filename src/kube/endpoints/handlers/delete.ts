// DELETE of one object and of a collection (kube-apiserver's delete.go DeleteResource and
// DeleteCollection), with DeleteOptions from the body or the query (K-21, K-22).
import type { Answer } from '../../../http/answer.ts'
import { statusErrors, StatusError } from '../../status.ts'
import { parseDeleteOptions } from '../../requestOptions.ts'
import { requestContext, type RequestScope } from './requestScope.ts'
import { decodeText, readBody } from './decode.ts'
import { answerOutcome, writeJson } from './response.ts'
import { listBody } from './wireForm.ts'
import { listSelection } from './listSelection.ts'

/** The DeleteOptions body as JSON, or undefined when there is none. */
async function readDeleteBody(scope: RequestScope): Promise<unknown> {
  const bytes = await readBody(scope.request)
  if (bytes.byteLength === 0) return undefined
  const text = decodeText(bytes, 'DeleteOptions').trim()
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch (error) {
    throw statusErrors.badRequest(`the object provided is unrecognized (must be of type DeleteOptions): ${(error as Error).message}`)
  }
}

export async function deleteResource(scope: RequestScope): Promise<Answer> {
  const options = parseDeleteOptions(scope.url.searchParams, await readDeleteBody(scope))
  return answerOutcome(scope, await scope.served.registry.delete(scope.name!, options, requestContext(scope)))
}

export async function deleteCollection(scope: RequestScope): Promise<Answer> {
  const { served, url } = scope
  const options = parseDeleteOptions(url.searchParams, await readDeleteBody(scope))
  const { items } = served.registry.list(listSelection(url), {})
  // K-22: each selected object is deleted as a single DELETE would; the answer lists them as they were.
  for (const item of items) {
    try {
      await served.registry.delete(item.metadata.name!, { ...options, preconditions: {} }, requestContext(scope))
    } catch (error) {
      // Deleted concurrently: a collection delete carries on, as the apiserver's does.
      if (!(error instanceof StatusError && error.code === 404)) throw error
    }
  }
  return writeJson(scope, 200, listBody(served, items, { resourceVersion: String(served.core.store.resourceVersion()) }))
}
