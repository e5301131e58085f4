// What a user can set about the emulated Glance.
import type { GlanceFixture } from './fixtures.ts'
import type { GlanceLifecycleOptions } from './lifecycle.ts'
import type { Duration } from '../duration.ts'
import type { ImportMethod } from './imageImport.ts'

/** Bytes web-download serves for a URL: literal bytes or text, or generated ones. */
export type WebDownloadSource = Uint8Array | string | { size: number; seed?: number }

/** One store of a multi-store deployment (glance-api.conf [DEFAULT] enabled_backends). */
export interface GlanceStore {
  id: string
  description?: string
  default?: boolean
  /** A read-only store (an http store): listed, never written to. */
  readOnly?: boolean
}

export interface GlanceOptions {
  /** Largest image upload accepted, in bytes (413 above it). Upstream's image_size_cap: 1 TiB. */
  maxImageSize?: number
  /** How long uploads stay `saving` and imports `importing`, on the emulator clock. Default 0. */
  lifecycle?: GlanceLifecycleOptions
  /** Where the 401's WWW-Authenticate sends clients for a token. */
  identityUri?: string
  /**
   * Whether members of the owning project may deactivate/reactivate (upstream policy: yes; the
   * api-ref: admin only). Default true.
   */
  deactivateByOwner?: boolean
  /**
   * What web-download may fetch: URL → bytes (strings are UTF-8), or `{ size, seed }` for that many
   * seeded pseudo-random bytes. Any other URL fails the import as an unreachable one does.
   */
  webDownloads?: Record<string, WebDownloadSource>
  /**
   * The image cache API (/v2/cache), as a Glance with `image_cache_dir` set: `true`, or how long a
   * queued image takes to be cached on the emulator clock (default 1s). Off by default.
   */
  imageCache?: boolean | { cachingFor?: Duration }
  /**
   * `show_multiple_locations`: images show `locations`, and PATCH adds, replaces and removes them
   * (needs http among the store schemes, as Glance's http store). Off by default.
   */
  locations?: boolean
  /**
   * `enabled_backends`: several stores (/v2/info/stores, `stores` and `all_stores` on import,
   * copy-image, X-Image-Meta-Store on upload, the `stores` property). Ids, or descriptions; the
   * first is the default unless one says `default: true`. Off by default (one unnamed store).
   */
  stores?: Array<string | GlanceStore>
  /**
   * `enabled_import_methods` (default glance-direct, web-download, copy-image). `glance-download`
   * fetches an image from the Glance of another region; the emulated one reaches its own region only.
   */
  importMethods?: ImportMethod[]
  /**
   * How many deleted images keep their id taken (a create with it is 409), newest first: older ones are
   * purged, as `glance-manage db purge --max_rows` purges deleted rows. Default 100,000 (about 10 MB).
   */
  deletedImagesKept?: number
  /** The Keystone region this Glance serves, as glance-download names it (default RegionOne). */
  region?: string
  /** Images (and data, members) present at start and after every reset. */
  fixtures?: GlanceFixture[]
}

export const defaultMaxImageSize = 1024 ** 4
export const defaultIdentityUri = 'http://keystone.test/identity'
