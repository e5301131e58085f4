// The image cache API (glance/api/v2/cached_images.py, Glance with image_cache_dir set): images
// queued for caching are fetched by the cache worker, which the emulator models as `cachingFor` on
// its clock; a download of an active image caches it too (the cache middleware) and counts a hit.
// State is kept beside the store and emptied by reset, as a node's cache directory would be.
import { badRequest } from './errors.ts'

export interface CachedImage {
  image_id: string
  last_accessed: number
  last_modified: number
  size: number
  hits: number
  checksum: string | null
}

export interface ImageCache {
  /** GET /v2/cache: the cached images and the ids still queued. */
  state(nowMs: number): { cached_images: CachedImage[]; queued_images: string[] }
  queue(id: string, nowMs: number, size: number, checksum: string | null): void
  /** A download served: cached on first read, a hit on the next ones. */
  served(id: string, nowMs: number, size: number, checksum: string | null): void
  /** Whether `id` is cached or queued (delete_cache_entry's check for an image gone from the store). */
  holds(id: string, nowMs: number): boolean
  /** DELETE /v2/cache/{id}: gone from both lists. */
  forget(id: string): void
  /** DELETE /v2/cache with x-image-cache-clear-target. */
  clear(target: string): void
  reset(): void
  snapshot(): unknown
  restore(state: unknown): void
}

interface Queued {
  at: number
  size: number
  checksum: string | null
}

export function createImageCache(cachingForMs: number): ImageCache {
  let queued = new Map<string, Queued>()
  let cached = new Map<string, CachedImage>()
  const seconds = (ms: number) => ms / 1000

  /** The cache worker's progress by `nowMs`: queued images whose fetch is over are cached. */
  function settle(nowMs: number) {
    for (const [id, entry] of queued) {
      const done = entry.at + cachingForMs
      if (done > nowMs) continue
      queued.delete(id)
      cached.set(id, { image_id: id, last_accessed: seconds(done), last_modified: seconds(done), size: entry.size, hits: 0, checksum: entry.checksum })
    }
  }

  return {
    state(nowMs) {
      settle(nowMs)
      return { cached_images: [...cached.values()].map((entry) => ({ ...entry })), queued_images: [...queued.keys()] }
    },
    queue(id, nowMs, size, checksum) {
      settle(nowMs)
      if (!cached.has(id) && !queued.has(id)) queued.set(id, { at: nowMs, size, checksum })
      settle(nowMs)
    },
    served(id, nowMs, size, checksum) {
      settle(nowMs)
      const entry = cached.get(id)
      if (entry) {
        entry.hits += 1
        entry.last_accessed = seconds(nowMs)
        return
      }
      queued.delete(id)
      cached.set(id, { image_id: id, last_accessed: seconds(nowMs), last_modified: seconds(nowMs), size, hits: 0, checksum })
    },
    holds(id, nowMs) {
      settle(nowMs)
      return queued.has(id) || cached.has(id)
    },
    forget(id) {
      queued.delete(id)
      cached.delete(id)
    },
    clear(target) {
      const which = target.toLowerCase()
      if (which !== '' && which !== 'cache' && which !== 'queue') {
        throw badRequest("If provided 'x-image-cache-clear-target' must be 'cache', 'queue' or empty string.")
      }
      if (which !== 'queue') cached.clear()
      if (which !== 'cache') queued.clear()
    },
    reset() {
      queued = new Map()
      cached = new Map()
    },
    snapshot: () => ({ queued: structuredClone(queued), cached: structuredClone(cached) }),
    restore(state) {
      const saved = state as { queued?: Map<string, Queued>; cached?: Map<string, CachedImage> } | undefined
      queued = structuredClone(saved?.queued ?? new Map())
      cached = structuredClone(saved?.cached ?? new Map())
    },
  }
}
