// What a user can set about the emulated Glance.
import type { GlanceFixture } from './fixtures.ts'
import type { GlanceLifecycleOptions } from './lifecycle.ts'

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
  /** What web-download may fetch: URL → bytes (strings are UTF-8). Any other URL fails the import. */
  webDownloads?: Record<string, Uint8Array | string>
  /** Images (and data, members) present at start and after every reset. */
  fixtures?: GlanceFixture[]
}

export const defaultMaxImageSize = 1024 ** 4
export const defaultIdentityUri = 'http://keystone.test/identity'
