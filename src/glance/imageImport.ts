// Interoperable image import (glance/api/v2/images.py import_image and _validate_import_body,
// glance/api/v2/discovery.py, glance/common/utils.py validate_import_uri): which methods exist,
// which image states each accepts, and which URLs web-download may fetch.
import type { Principal } from '../auth.ts'
import { isJsonObject } from '../json/jsonObject.ts'
import { pythonRepr } from './pythonRepr.ts'
import { badRequest, conflict, policyDenied } from './errors.ts'
import type { GlanceImage } from './image.ts'
import { isOwner } from './visibility.ts'

// The import methods Glance knows; glance/common/config.py enabled_import_methods enables the first three.
const knownImportMethods = ['glance-direct', 'web-download', 'copy-image', 'glance-download'] as const
export type ImportMethod = (typeof knownImportMethods)[number]
export const defaultImportMethods: readonly ImportMethod[] = ['glance-direct', 'web-download', 'copy-image']

export function isImportMethod(name: unknown): name is ImportMethod {
  return (knownImportMethods as readonly unknown[]).includes(name)
}

export function importInfo(enabled: readonly ImportMethod[]): Record<string, unknown> {
  return { 'import-methods': { description: 'Import methods available.', type: 'array', value: [...enabled] } }
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
  /** glance-download: the image to fetch from the Glance of `region` (found through `serviceInterface`). */
  remote?: { region: string; imageId: string; serviceInterface: string; principal?: Principal }
}

/** RequestDeserializer._validate_import_body. */
export function parseImportBody(body: unknown, multiStore = false, enabled: readonly ImportMethod[] = defaultImportMethods): Omit<ImportRequest, 'stores'> {
  const record = isJsonObject(body) ? body : {}
  if (!Object.hasOwn(record, 'method')) throw badRequest("Import request requires a 'method' field.")
  const method = isJsonObject(record.method) ? record.method : {}
  if (!Object.hasOwn(method, 'name')) throw badRequest("Import request requires a 'name' field.")
  const name = method.name
  if (!isImportMethod(name) || !enabled.includes(name)) throw badRequest(`Unknown import method name '${String(name)}'.`)
  if (Object.hasOwn(record, 'all_stores_must_succeed') && typeof record.all_stores_must_succeed !== 'boolean') {
    throw badRequest("'all_stores_must_succeed' must be boolean value only")
  }
  if (Object.hasOwn(record, 'all_stores') && typeof record.all_stores !== 'boolean') throw badRequest("'all_stores' must be boolean value only")
  if (record.all_stores_must_succeed === false && !multiStore) {
    throw badRequest(`All_stores_must_succeed can only be set with enabled_backends ${typeof method.uri === 'string' ? method.uri : 'None'}`)
  }
  return { method: name, uri: typeof method.uri === 'string' ? method.uri : undefined, allStoresMustSucceed: record.all_stores_must_succeed !== false }
}

/** The status checks of import_image, in upstream's order, then its policy check. */
export function assertMayImport(image: GlanceImage, request: Pick<ImportRequest, 'method'>, principal: Principal, taskRunning: boolean): void {
  const { method } = request
  if (image.status === 'active' && method !== 'copy-image') throw conflict('Image with status active cannot be target for import')
  if (image.status !== 'active' && method === 'copy-image') throw conflict('Only images with status active can be targeted for copying')
  if (image.status !== 'queued' && (method === 'web-download' || method === 'glance-download')) throw conflict(`Image needs to be in 'queued' state to use '${method}' method`)
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

/** Python's uuid.UUID(text): 32 hex digits once braces, a urn:uuid: prefix and hyphens are dropped. */
function looksLikeUuid(text: string): boolean {
  return /^[0-9a-f]{32}$/i.test(text.replace(/^urn:/, '').replace(/^uuid:/, '').replace(/^\{|\}$/g, '').replaceAll('-', ''))
}

/** import_image's glance-download checks: region and image id given, the id a UUID; interface defaults to public. */
export function remoteImport(body: unknown): NonNullable<ImportRequest['remote']> {
  const method = (body as { method: Record<string, unknown> }).method
  if (!Object.hasOwn(method, 'glance_region')) throw badRequest("'glance_region' needs to be set for glance-download import method")
  if (!Object.hasOwn(method, 'glance_image_id')) throw badRequest("'glance_image_id' needs to be set for glance-download import method")
  const text = (value: unknown) => (typeof value === 'string' ? value : pythonRepr(value))
  const imageId = text(method.glance_image_id)
  if (typeof method.glance_image_id !== 'string' || !looksLikeUuid(imageId)) {
    throw badRequest(`Remote image id does not look like a UUID: ${imageId}`)
  }
  return { region: text(method.glance_region), imageId, serviceInterface: Object.hasOwn(method, 'glance_service_interface') ? text(method.glance_service_interface) : 'public' }
}
