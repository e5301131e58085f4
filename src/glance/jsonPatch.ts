// Glance's own JSON-patch dialect (glance/api/v2/images.py RequestDeserializer.update): two media
// types, one-level paths (two for /locations), and its own error words. Parsing only: the changes
// are applied by images.ts.
import { badRequest, unsupportedMediaType } from './errors.ts'
import { mediaTypeOf } from '../http/mediaType.ts'
import { isJsonObject } from '../json/jsonObject.ts'

const patchMediaTypes = {
  'application/openstack-images-v2.0-json-patch': 4,
  'application/openstack-images-v2.1-json-patch': 10,
} as const

export type PatchOperation = 'add' | 'remove' | 'replace'
const supportedOperations: readonly PatchOperation[] = ['add', 'remove', 'replace']

export interface PatchChange {
  op: PatchOperation
  /** Decoded JSON-pointer segments. */
  path: string[]
  value?: unknown
  /** 4: v2.0 (draft 4, `add` on an existing property conflicts); 10: v2.1. */
  draft: 4 | 10
}

/** The JSON-schema draft of a PATCH media type; 415 with Accept-Patch for any other. */
export function patchDraft(contentType: string | null): 4 | 10 {
  const mediaType = mediaTypeOf(contentType)
  if (mediaType === 'application/openstack-images-v2.0-json-patch') return 4
  if (mediaType === 'application/openstack-images-v2.1-json-patch') return 10
  throw unsupportedMediaType({ 'accept-patch': Object.keys(patchMediaTypes).sort().join(', ') })
}

function validatePointer(pointer: string): void {
  if (!pointer.startsWith('/')) throw badRequest(`Pointer \`${pointer}\` does not start with "/".`)
  if (/\/\s*?\//.test(pointer.slice(1))) throw badRequest(`Pointer \`${pointer}\` contains adjacent "/".`)
  if (pointer.length > 1 && pointer.endsWith('/')) throw badRequest(`Pointer \`${pointer}\` end with "/".`)
  if (pointer.slice(1).trim() === '/') throw badRequest(`Pointer \`${pointer}\` does not contains valid token.`)
  if (/~[^01]/.test(pointer) || pointer.endsWith('~')) {
    throw badRequest(`Pointer \`${pointer}\` contains "~" not part of a recognized escape sequence.`)
  }
}

function decodePointer(pointer: unknown): string[] {
  const text = String(pointer)
  validatePointer(text)
  return text
    .replace(/^\/+/, '')
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~').trim())
}

function operationOf(raw: Record<string, unknown>, draft: 4 | 10): PatchOperation {
  if (draft === 10) {
    if (!Object.hasOwn(raw, 'op')) {
      throw badRequest(`Unable to find \`op\` in JSON Schema change. It must be one of the following: ${supportedOperations.join(', ')}.`)
    }
    const op = raw.op
    if (!supportedOperations.includes(op as PatchOperation)) {
      throw badRequest(`Invalid operation: \`${String(op)}\`. It must be one of the following: ${supportedOperations.join(', ')}.`)
    }
    return op as PatchOperation
  }
  let found: PatchOperation | undefined
  for (const op of supportedOperations) {
    if (!Object.hasOwn(raw, op)) continue
    if (found) throw badRequest('Operation objects must contain only one member named "add", "remove", or "replace".')
    found = op
  }
  if (!found) throw badRequest('Operation objects must contain exactly one member named "add", "remove", or "replace".')
  return found
}

// _path_depth_limits: only /locations takes a second segment (its position).
function validateDepth(op: PatchOperation, path: string[]): void {
  const limit = path[0] === 'locations' ? (op === 'replace' ? 1 : 2) : 1
  if (path.length !== limit) throw badRequest(`Invalid JSON pointer for this resource: '/${path.join('/')}'`)
}

/**
 * The changes a PATCH body asks for. `validate` runs on each change as soon as it is parsed, as
 * upstream's deserializer does, so the first bad change decides the error.
 */
export function parsePatch(body: unknown, draft: 4 | 10, validate: (change: PatchChange) => void = () => {}): PatchChange[] {
  if (!Array.isArray(body)) throw badRequest('Request body must be a JSON array of operation objects.')
  return body.map((raw) => {
    if (!isJsonObject(raw)) throw badRequest('Operations must be JSON objects.')
    const op = operationOf(raw, draft)
    let pointer: unknown
    if (draft === 10) {
      if (!Object.hasOwn(raw, 'path')) throw badRequest("Unable to find 'path' in JSON Schema change")
      pointer = raw.path
    } else {
      pointer = raw[op]
    }
    const path = decodePointer(pointer)
    validateDepth(op, path)
    const change: PatchChange = { op, path, draft }
    if (op !== 'remove') {
      if (!Object.hasOwn(raw, 'value')) throw badRequest(`Operation "${op}" requires a member named "value".`)
      change.value = raw.value
    }
    validate(change)
    return change
  })
}
