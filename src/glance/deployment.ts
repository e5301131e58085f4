// The glance-api.conf switches a deployment may turn on, each off by default as in Glance:
// `enabled_backends` (several stores), `show_multiple_locations` (locations on images) and
// `image_cache_dir` (the cache API). Read once from the options; every other module asks this.
import { toMilliseconds } from '../duration.ts'
import type { GlanceOptions, GlanceStore } from './options.ts'
import { defaultImportMethods, isImportMethod, type ImportMethod } from './imageImport.ts'

export interface GlanceDeployment {
  /** enabled_backends, in their configured order; undefined: one unnamed store. */
  stores: readonly GlanceStore[] | undefined
  /** glance_store.default_backend (multi-store only). */
  defaultStore: string | undefined
  /** show_multiple_locations. */
  showLocations: boolean
  /** image_cache_dir set: how long a queued image takes to be cached; undefined: no cache API. */
  cachingForMs: number | undefined
  /** enabled_import_methods. */
  importMethods: readonly ImportMethod[]
  /** The region glance-download reaches (this Glance's own). */
  region: string
}

const defaultCachingFor = '1s'
const storeId = /^[A-Za-z0-9_-]+$/

function importMethodsOf(given: readonly unknown[] | undefined): readonly ImportMethod[] {
  if (given === undefined) return defaultImportMethods
  for (const method of given) if (!isImportMethod(method)) throw new Error(`glance.importMethods: ${JSON.stringify(method)} is not an import method (glance-direct, web-download, copy-image, glance-download)`)
  return [...new Set(given as ImportMethod[])]
}

export function glanceDeployment(options: GlanceOptions): GlanceDeployment {
  const stores = options.stores?.map((store) => (typeof store === 'string' ? { id: store } : { ...store }))
  if (stores) {
    if (!stores.length) throw new Error('glance.stores: name at least one store')
    const seen = new Set<string>()
    for (const store of stores) {
      if (!storeId.test(store.id) || store.id.startsWith('os_glance_')) throw new Error(`glance.stores: ${JSON.stringify(store.id)} is not a store id (letters, digits, _ and -; not os_glance_*)`)
      if (seen.has(store.id)) throw new Error(`glance.stores: ${store.id} is named twice`)
      seen.add(store.id)
    }
    if (stores.filter((store) => store.default).length > 1) throw new Error('glance.stores: only one store can be the default')
  }
  const cache = options.imageCache
  return {
    stores,
    defaultStore: stores ? (stores.find((store) => store.default) ?? stores.find((store) => !store.readOnly) ?? stores[0])!.id : undefined,
    showLocations: options.locations === true,
    cachingForMs: cache ? toMilliseconds((cache === true ? undefined : cache.cachingFor) ?? defaultCachingFor) : undefined,
    importMethods: importMethodsOf(options.importMethods),
    region: options.region ?? 'RegionOne',
  }
}

/** Whether images keep where their data lives: shown as `locations`, or as `stores`. */
export function recordsLocations(deployment: GlanceDeployment): boolean {
  return deployment.showLocations || deployment.stores !== undefined
}

/** The versions an image cache adds to the versions document (2.14–2.16 are the cache API's). */
export function versionsEnabled(deployment: GlanceDeployment): { cache: boolean; multiStore: boolean } {
  return { cache: deployment.cachingForMs !== undefined, multiStore: deployment.stores !== undefined }
}
