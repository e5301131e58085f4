import { createHash } from 'node:crypto'
import { expect, test } from 'vitest'
import { createDataHasher, digest, readBodyWithin } from '../../../src/glance/imageData.ts'

// Glance records md5 as `checksum` and sha512 as `os_hash_value` (glance_store add_with_multihash):
// clients verify downloads against them, so both must be bit-exact, in Node and in the browser, however
// the upload arrives in chunks.
const utf8 = new TextEncoder()
const lengths = [0, 1, 3, 55, 56, 63, 64, 65, 111, 112, 119, 120, 127, 128, 129, 1000, 4097]
const bytesOf = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 131 + 7) & 0xff)
const reference = (data: Uint8Array) => ({
  size: data.byteLength,
  checksum: createHash('md5').update(data).digest('hex'),
  osHashAlgo: 'sha512',
  osHashValue: createHash('sha512').update(data).digest('hex'),
})

/** The data fed to a hasher in chunks of `size` bytes. */
function hashedInChunks(data: Uint8Array, size: number) {
  const hasher = createDataHasher()
  for (let at = 0; at < data.byteLength; at += size) hasher.update(data.subarray(at, at + size))
  return hasher.digest()
}

test('md5 and sha512 match the reference implementation across block boundaries, whole or in chunks', () => {
  for (const length of lengths) {
    const data = bytesOf(length)
    expect(digest(data)).toEqual(reference(data))
    for (const chunk of [1, 7, 64, 129]) expect(hashedInChunks(data, chunk)).toEqual(reference(data))
  }
  const text = utf8.encode('héllo wörld ✓ 😀')
  expect(digest(text)).toEqual(reference(text))
  const allOnes = new Uint8Array(300).fill(0xff)
  expect(digest(allOnes)).toEqual(reference(allOnes))
})

test('an upload is hashed as its chunks arrive, and recorded with the same digest as its bytes (G10.2, G10.7)', async () => {
  const data = bytesOf(70_000)
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < data.byteLength; at += 8_191) controller.enqueue(data.slice(at, at + 8_191))
      controller.close()
    },
  })
  const bytes = await readBodyWithin(body, 1 << 20)
  expect(bytes).toEqual(data)
  expect(digest(bytes)).toEqual(reference(data))
})

test('an image upload is recorded with its size, md5 checksum and sha512 os_hash_value (G10.2, G10.7)', () => {
  const data = utf8.encode('qcow2 image bytes\n')
  expect(digest(data)).toEqual(reference(data))
})
