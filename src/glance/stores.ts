// Where image data lives: one unnamed store, or several (enabled_backends). glance/api/v2/discovery.py
// get_stores, glance/common/utils.py get_stores_from_request, and the locations an image gets when its
// data lands in a store (the `stores` property is read from their metadata).
import { isJsonObject } from '../json/jsonObject.ts'
import type { GlanceDeployment } from './deployment.ts'
import { badRequest, conflict, notFound } from './errors.ts'
import type { ImageLocation } from './image.ts'
import { pythonRepr } from './pythonRepr.ts'

/** GET /v2/info/stores. */
export function storesInfo(deployment: GlanceDeployment): { stores: Array<Record<string, string>> } {
  if (!deployment.stores) throw notFound('Multi backend is not supported at this site.')
  return {
    stores: deployment.stores.map((store) => {
      const shown: Record<string, string> = { id: store.id }
      if (store.description) shown.description = store.description
      if (store.id === deployment.defaultStore) shown.default = 'true'
      if (store.readOnly) shown['read-only'] = 'true'
      return shown
    }),
  }
}

/** glance_store.get_store_from_store_identifier: 409 (via import) / 400 (via upload) for an unknown id. */
function assertKnownStore(deployment: GlanceDeployment, id: unknown, refuse: (message: string) => Error): string {
  if (typeof id !== 'string' || !deployment.stores!.some((store) => store.id === id)) throw refuse(`Store for identifier ${typeof id === 'string' ? id : pythonRepr(id)} not found`)
  return id
}

const writableStores = (deployment: GlanceDeployment) => deployment.stores!.filter((store) => !store.readOnly).map((store) => store.id)

/**
 * The stores an import writes to: [] with one unnamed store; else `stores`, `all_stores` or the
 * X-Image-Meta-Store header, as get_stores_from_request reads them.
 */
export function importStores(deployment: GlanceDeployment, body: unknown, storeHeader: string | null): string[] {
  if (!deployment.stores) return []
  const record = isJsonObject(body) ? body : {}
  if (record.all_stores === true) {
    if (Object.hasOwn(record, 'stores') || storeHeader !== null) {
      throw badRequest("All_stores parameter can't be used with x-image-meta-store header or stores parameter")
    }
    return writableStores(deployment)
  }
  let stores: unknown[]
  if (Object.hasOwn(record, 'stores')) {
    if (storeHeader !== null) throw badRequest("Stores parameter and x-image-meta-store header can't be both specified")
    stores = Array.isArray(record.stores) ? record.stores : [record.stores]
  } else {
    stores = [storeHeader ?? deployment.defaultStore]
  }
  return stores.map((id) => assertKnownStore(deployment, id, conflict))
}

/** The store an upload (PUT /file) writes to: X-Image-Meta-Store, else the default; undefined with one store. */
export function uploadStore(deployment: GlanceDeployment, storeHeader: string | null): string | undefined {
  if (!deployment.stores) return undefined
  return assertKnownStore(deployment, storeHeader ?? deployment.defaultStore, badRequest)
}

/** The location data gets in `store` (undefined: the one unnamed file store). */
export function storeLocation(imageId: string, store: string | undefined): ImageLocation {
  return store === undefined
    ? { url: `file:///var/lib/glance/images/${imageId}`, metadata: {} }
    : { url: `file:///var/lib/glance/stores/${store}/${imageId}`, metadata: { store } }
}
