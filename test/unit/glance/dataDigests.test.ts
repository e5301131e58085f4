import { createHash } from 'node:crypto'
import { expect, test } from 'vitest'
import { md5Hex } from '../../../src/md5.ts'
import { sha512Hex } from '../../../src/sha512.ts'
import { digest } from '../../../src/glance/imageData.ts'

// Glance records md5 as `checksum` and sha512 as `os_hash_value` (glance_store add_with_multihash):
// clients verify downloads against them, so both must be bit-exact, in Node and in the browser.
const utf8 = new TextEncoder()
const lengths = [0, 1, 3, 55, 56, 63, 64, 65, 111, 112, 119, 120, 127, 128, 129, 1000, 4097]
const bytesOf = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 131 + 7) & 0xff)

test('md5 matches the reference implementation across block boundaries', () => {
  for (const length of lengths) expect(md5Hex(bytesOf(length))).toBe(createHash('md5').update(bytesOf(length)).digest('hex'))
  expect(md5Hex(utf8.encode('héllo wörld ✓ 😀'))).toBe(createHash('md5').update('héllo wörld ✓ 😀', 'utf8').digest('hex'))
})

test('sha512 matches the reference implementation across block boundaries', () => {
  for (const length of lengths) expect(sha512Hex(bytesOf(length))).toBe(createHash('sha512').update(bytesOf(length)).digest('hex'))
  const allOnes = new Uint8Array(300).fill(0xff)
  expect(sha512Hex(allOnes)).toBe(createHash('sha512').update(allOnes).digest('hex'))
})

test('an image upload is recorded with its size, md5 checksum and sha512 os_hash_value (G10.2, G10.7)', () => {
  const data = utf8.encode('qcow2 image bytes\n')
  expect(digest(data)).toEqual({
    size: data.byteLength,
    checksum: createHash('md5').update(data).digest('hex'),
    osHashAlgo: 'sha512',
    osHashValue: createHash('sha512').update(data).digest('hex'),
  })
})
