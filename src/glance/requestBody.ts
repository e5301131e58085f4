// glance/common/wsgi.py JSONRequestDeserializer: a body is there when the request is chunked or
// has a positive Content-Length; it must be JSON.
import { badRequest } from './errors.ts'
import { nestsDeeperThan } from '../jsonNesting.ts'

export type JsonBody = { present: false } | { present: true; value: unknown }

// Python's json decoder gives up past its recursion limit (1000) with a RecursionError, which upstream
// lets through as a 500; the emulator answers such a body as the malformed JSON it is for Glance.
export function parseJsonBody(bytes: Uint8Array): JsonBody {
  if (bytes.byteLength === 0) return { present: false }
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder().decode(bytes)) as unknown
  } catch {
    throw badRequest('Malformed JSON in request body.')
  }
  if (nestsDeeperThan(value)) throw badRequest('Malformed JSON in request body.')
  return { present: true, value }
}

/** The body a create/update/import/member call needs, or 400 `Body expected in request.` */
export function requiredJsonBody(bytes: Uint8Array): unknown {
  const body = parseJsonBody(bytes)
  if (!body.present) throw badRequest('Body expected in request.')
  return body.value
}

/** Routes that take no body refuse one (router `body_reject=True`). */
export function assertNoBody(bytes: Uint8Array): void {
  if (bytes.byteLength > 0) throw badRequest('A body is not expected with this request.')
}
