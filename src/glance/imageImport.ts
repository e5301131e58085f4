// Interoperable image import (glance/api/v2/images.py import_image and _validate_import_body,
// glance/api/v2/discovery.py, glance/common/utils.py validate_import_uri): which methods exist,
// which image states each accepts, and which URLs web-download may fetch.
import type { Principal } from '../auth.ts'
import { isJsonObject } from '../json/jsonObject.ts'
import { badRequest, conflict, policyDenied } from './errors.ts'
import type { GlanceImage } from './image.ts'
import { isOwner } from './visibility.ts'

// glance/common/config.py enabled_import_methods (glance-download needs a second region).
export const importMethods = ['glance-direct', 'web-download', 'copy-image'] as const
export type ImportMethod = (typeof importMethods)[number]

export function importInfo(): Record<string, unknown> {
  return { 'import-methods': { description: 'Import methods available.', type: 'array', value: [...importMethods] } }
}

// Glance's own bookkeeping while an import runs (visible to clients as extra properties).
export const importTaskProperty = 'os_glance_import_task'
export const importProgressProperties = ['os_glance_importing_to_stores', 'os_glance_failed_import']

export interface ImportRequest {
  method: ImportMethod
  uri: string | undefined
  /** The stores to write (several-store deployments); [] with one unnamed store. */
  stores: string[]
  /** all_stores_must_succeed (default true): a failing store fails the whole import. */
  allStoresMustSucceed: boolean
}

/** RequestDeserializer._validate_import_body. */
export function parseImportBody(body: unknown, multiStore = false): Omit<ImportRequest, 'stores'> {
  const record = isJsonObject(body) ? body : {}
  if (!Object.hasOwn(record, 'method')) throw badRequest("Import request requires a 'method' field.")
  const method = isJsonObject(record.method) ? record.method : {}
  if (!Object.hasOwn(method, 'name')) throw badRequest("Import request requires a 'name' field.")
  const name = method.name
  if (!(importMethods as readonly unknown[]).includes(name)) throw badRequest(`Unknown import method name '${String(name)}'.`)
  if (Object.hasOwn(record, 'all_stores_must_succeed') && typeof record.all_stores_must_succeed !== 'boolean') {
    throw badRequest("'all_stores_must_succeed' must be boolean value only")
  }
  if (Object.hasOwn(record, 'all_stores') && typeof record.all_stores !== 'boolean') throw badRequest("'all_stores' must be boolean value only")
  if (record.all_stores_must_succeed === false && !multiStore) {
    throw badRequest(`All_stores_must_succeed can only be set with enabled_backends ${typeof method.uri === 'string' ? method.uri : 'None'}`)
  }
  return { method: name as ImportMethod, uri: typeof method.uri === 'string' ? method.uri : undefined, allStoresMustSucceed: record.all_stores_must_succeed !== false }
}

/** The status checks of import_image, in upstream's order, then its policy check. */
export function assertMayImport(image: GlanceImage, request: Pick<ImportRequest, 'method'>, principal: Principal, taskRunning: boolean): void {
  const { method } = request
  if (image.status === 'active' && method !== 'copy-image') throw conflict('Image with status active cannot be target for import')
  if (image.status !== 'active' && method === 'copy-image') throw conflict('Only images with status active can be targeted for copying')
  if (image.status !== 'queued' && method === 'web-download') throw conflict(`Image needs to be in 'queued' state to use '${method}' method`)
  if (image.status !== 'uploading' && method === 'glance-direct') throw conflict("Image needs to be staged before 'glance-direct' method can be used")
  if (!image.container_format) throw conflict("'container_format' needs to be set before import")
  if (!image.disk_format) throw conflict("'disk_format' needs to be set before import")
  if (method === 'copy-image') {
    if (!principal.admin) throw policyDenied('copy_image')
  } else if (!principal.admin && !isOwner(image, principal)) {
    throw policyDenied('modify_image')
  }
  if (taskRunning) throw conflict('Image has active task')
}

// [import_filtering_opts] defaults: http(s) on the standard ports, any host.
const allowedSchemes = ['http:', 'https:']
const allowedPorts = ['80', '443', '']

/** validate_import_uri: 400 for a URL web-download may not fetch. */
export function assertImportUri(uri: string | undefined): void {
  let url: URL | undefined
  try {
    url = uri === undefined ? undefined : new URL(uri)
  } catch {
    url = undefined
  }
  if (!url || !allowedSchemes.includes(url.protocol) || !allowedPorts.includes(url.port) || !url.hostname) {
    throw badRequest(`URI for web-download does not pass filtering: ${uri ?? 'None'}`)
  }
}
