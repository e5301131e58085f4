// The part of the web that web-download (and the http store behind locations) can reach: URLs the
// emulator was told about, with their bytes. Those from the glance option (and the CLI's
// --web-download) stay for the emulator's life; those registered at run time (control API,
// scenarios, emulator.glance.registerWebDownload) are forgotten by reset, and scenarios replay theirs.
// A URL is fetched without its #fragment, as an HTTP client sends it.
import type { WebDownloadSource } from './options.ts'
import { seededBytes } from '../bytes/seededBytes.ts'

/** Generated sources are bounded: the bytes are held in memory. */
export const maxGeneratedSize = 256 * 1024 * 1024

function webDownloadBytes(source: WebDownloadSource): Uint8Array {
  if (typeof source === 'string') return new TextEncoder().encode(source)
  if (source instanceof Uint8Array) return source
  const { size, seed } = source
  if (!Number.isSafeInteger(size) || size < 0 || size > maxGeneratedSize) throw new RangeError(`size must be a whole number of bytes from 0 to ${maxGeneratedSize}`)
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new RangeError('seed must be a whole number')
  return seededBytes(size, seed)
}

/** A URL as web-download may name it: http(s), parsed, without its fragment. */
function webDownloadKey(uri: string): string {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    throw new RangeError(`not a URL: ${JSON.stringify(uri)}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RangeError(`web-download fetches http and https URLs only, not ${JSON.stringify(uri)}`)
  url.hash = ''
  return url.href
}

const keyOrUndefined = (uri: string) => {
  try {
    return webDownloadKey(uri)
  } catch {
    return undefined
  }
}

export interface WebDownloads {
  register(uri: string, source: WebDownloadSource): void
  /** The bytes behind `uri`, if known. */
  fetch(uri: string | undefined): Uint8Array | undefined
  reset(): void
  snapshot(): unknown
  restore(state: unknown): void
}

export function createWebDownloads(configured: Record<string, WebDownloadSource> = {}): WebDownloads {
  const lasting = new Map<string, Uint8Array>()
  for (const [uri, source] of Object.entries(configured)) lasting.set(webDownloadKey(uri), webDownloadBytes(source))
  let registered = new Map<string, Uint8Array>()
  return {
    register(uri, source) {
      registered.set(webDownloadKey(uri), webDownloadBytes(source))
    },
    fetch(uri) {
      const key = uri === undefined ? undefined : keyOrUndefined(uri)
      return key === undefined ? undefined : (registered.get(key) ?? lasting.get(key))
    },
    reset() {
      registered = new Map()
    },
    snapshot: () => new Map(registered),
    restore(state) {
      registered = new Map((state as Map<string, Uint8Array> | undefined) ?? [])
    },
  }
}
