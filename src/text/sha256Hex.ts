// SHA-256 as image names and OpenAPI ETags spell it: 64 lowercase hex characters. The Image strategy checks
// digests synchronously inside a write (IMG-31, IMG-32), and WebCrypto's digest is asynchronous, so the hash
// comes from @noble/hashes, which is synchronous in Node and in the browser.
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

/** The SHA-256 of `data` (a string is hashed as its UTF-8 bytes), as 64 lowercase hex characters. */
export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data))
}
