// Image data: the bytes live here, outside the store (only their size and hashes go into the image
// record). Hashes as Glance computes them while storing (glance_store add_with_multihash): md5 for
// `checksum`, sha512 for `os_hash_value` (hashing_algorithm default), as the data arrives. Both through
// @noble/hashes, synchronous and incremental, so the same code runs in the browser.
import { md5 } from '@noble/hashes/legacy.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { badRequest, entityTooLarge, GlanceError, rangeNotSatisfiable } from './errors.ts'
import { readBounded } from '../http/boundedBody.ts'
import { mediaTypeOf } from '../http/mediaType.ts'

export interface DataDigest {
  size: number
  checksum: string
  osHashAlgo: 'sha512'
  osHashValue: string
}

/** Hashes image data chunk by chunk, as glance_store does while it writes (add_with_multihash). */
export interface DataHasher {
  update(chunk: Uint8Array): void
  digest(): DataDigest
}

export function createDataHasher(): DataHasher {
  const checksum = md5.create()
  const osHash = sha512.create()
  let size = 0
  return {
    update(chunk) {
      checksum.update(chunk)
      osHash.update(chunk)
      size += chunk.byteLength
    },
    digest: () => ({ size, checksum: bytesToHex(checksum.digest()), osHashAlgo: 'sha512', osHashValue: bytesToHex(osHash.digest()) }),
  }
}

/**
 * The digests of bodies read by readBodyWithin, hashed while they arrived. Stored bytes are never written in
 * place, so a digest stays true for its bytes for as long as they live.
 */
const digestsWhileRead = new WeakMap<Uint8Array, DataDigest>()

export function digest(data: Uint8Array): DataDigest {
  const known = digestsWhileRead.get(data)
  if (known) return known
  const hasher = createDataHasher()
  hasher.update(data)
  return hasher.digest()
}

/** ImageSizeLimitExceeded as the upload answers it (glance/api/v2/image_data.py). */
function imageTooLarge(): GlanceError {
  return entityTooLarge('The incoming image is too large: The provided image is too large.')
}

/**
 * The whole request body, refused with 413 once it passes `limit` bytes (glance's LimitingReader
 * over image_size_cap): reading stops there, so an oversized upload is never held in memory.
 */
export async function readBodyWithin(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  const hasher = createDataHasher()
  const bytes = await readBounded(
    body,
    limit,
    {
      tooLarge: imageTooLarge,
      // The client went away mid-upload: a failed request, not a fault of the emulator.
      broken: () => badRequest('The image data could not be read: the request body ended before it was complete.'),
    },
    (chunk) => hasher.update(chunk),
  )
  digestsWhileRead.set(bytes, hasher.digest())
  return bytes
}

/** `Content-Type: application/octet-stream` (parameters allowed) or Glance's 415. */
export function isOctetStream(contentType: string | null): boolean {
  return mediaTypeOf(contentType) === 'application/octet-stream'
}

/**
 * virtual_size as Glance's format inspector finds it: a raw disk is as large as its data; a qcow2
 * header states its virtual size (big-endian u64 at byte 24); anything else stays unknown.
 */
export function virtualSize(data: Uint8Array, diskFormat: string | null, containerFormat: string | null): number | null {
  if (containerFormat !== 'bare') return null
  if (diskFormat === 'raw') return data.byteLength
  if (diskFormat === 'qcow2' && data.byteLength >= 32 && data[0] === 0x51 && data[1] === 0x46 && data[2] === 0x49 && data[3] === 0xfb) {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
    return Number(view.getBigUint64(24))
  }
  return null
}

export interface ByteRange {
  start: number
  /** Inclusive. */
  end: number
}

/**
 * The slice a `Range` header asks for (glance/common/wsgi.py get_range_from_request, webob
 * Range.parse, ResponseSerializer.download), or undefined for the whole data.
 */
export function requestedRange(header: string | null, size: number): ByteRange | undefined {
  if (header === null) return undefined
  if (header.includes(',')) {
    throw badRequest('Requests with multiple ranges are not supported in Glance. You may make multiple single-range requests instead.')
  }
  const match = /^bytes *= *(\d*) *- *(\d*)/i.exec(header)
  if (!match || (match[1] === '' && match[2] === '')) throw rangeNotSatisfiable('Invalid Range header.')
  let start: number
  let endExclusive: number | undefined
  if (match[1] === '') {
    start = -Number(match[2])
  } else {
    start = Number(match[1])
    if (match[2] !== '') {
      endExclusive = Number(match[2]) + 1
      if (start >= endExclusive) throw rangeNotSatisfiable('Invalid Range header.')
    }
  }
  if (start >= size) {
    throw rangeNotSatisfiable(`Invalid start position in Range header. Start position MUST be in the inclusive range [0, ${size - 1}].`)
  }
  // A suffix longer than the data means all of it.
  const offset = start >= 0 ? start : Math.abs(start) < size ? size + start : 0
  const end = endExclusive !== undefined && endExclusive < size ? endExclusive - 1 : size - 1
  return { start: offset, end }
}

/** The bytes of every image that has them, and what is staged for import; kept with the emulator state. */
export interface ImageDataStore {
  get(id: string): Uint8Array | undefined
  set(id: string, data: Uint8Array): void
  delete(id: string): void
  getStaged(id: string): Uint8Array | undefined
  setStaged(id: string, data: Uint8Array): void
  deleteStaged(id: string): void
  clear(): void
  snapshot(): unknown
  restore(state: unknown): void
}

export function createImageDataStore(): ImageDataStore {
  let data = new Map<string, Uint8Array>()
  let staged = new Map<string, Uint8Array>()
  return {
    get: (id) => data.get(id),
    set: (id, bytes) => void data.set(id, bytes),
    delete: (id) => void data.delete(id),
    getStaged: (id) => staged.get(id),
    setStaged: (id, bytes) => void staged.set(id, bytes),
    deleteStaged: (id) => void staged.delete(id),
    clear() {
      data = new Map()
      staged = new Map()
    },
    // Stored bytes are never written in place, so a snapshot can share them.
    snapshot: () => ({ data: new Map(data), staged: new Map(staged) }),
    restore(state) {
      const saved = state as { data?: Map<string, Uint8Array>; staged?: Map<string, Uint8Array> } | undefined
      data = new Map(saved?.data ?? [])
      staged = new Map(saved?.staged ?? [])
    },
  }
}
