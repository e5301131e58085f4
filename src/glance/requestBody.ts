// glance/common/wsgi.py JSONRequestDeserializer: a body is there when the request is chunked or
// has a positive Content-Length; it must be JSON.
import { badRequest, entityTooLarge } from './errors.ts'
import { nestsDeeperThan } from '../jsonNesting.ts'
import { readBounded } from '../http/boundedBody.ts'
import type { ApiRequest } from '../http/apiRequest.ts'

/**
 * oslo.middleware's sizelimit default (max_request_body_size, 112 KiB): the bound OpenStack puts on API
 * bodies in front of the service. Image data has its own bound (image_size_cap) and never comes here.
 */
const maxRequestBodyBytes = 114_688

/**
 * A JSON API body, read whole but never past the limit, as oslo's RequestBodySizeLimiter reads it: a
 * declared Content-Length over the limit is refused before a byte is read; a body without one
 * (chunked) is refused once it passes the limit.
 */
export async function readRequestBody(request: ApiRequest): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0)
  const declared = request.headers.get('content-length')
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxRequestBodyBytes) {
    throw entityTooLarge(`Request is too large. Larger than max_request_body_size (${maxRequestBodyBytes}).`)
  }
  return readBounded(request.body, maxRequestBodyBytes, {
    tooLarge: () => entityTooLarge(`Request is too large. Larger than ${maxRequestBodyBytes}.`),
    broken: () => badRequest('The request body ended before it was complete.'),
  })
}

export type JsonBody = { present: false } | { present: true; value: unknown }

// Python's json decoder gives up past its recursion limit (1000) with a RecursionError, which upstream
// lets through as a 500; the emulator answers such a body as the malformed JSON it is for Glance.
function parseJsonBody(bytes: Uint8Array): JsonBody {
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
