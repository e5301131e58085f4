import { createHash } from 'node:crypto'
import { expect, test } from 'vitest'
import { sha256Hex } from '../../../src/text/sha256Hex.ts'
import { imageFixtures } from './imageTestKit.ts'

// Image names are manifest digests (IMG-16, IMG-31): the hash must be bit-exact.
test('matches the reference implementation across block boundaries and non-ASCII text', () => {
  const inputs = ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'a'.repeat(1000), 'héllo wörld ✓ 😀']
  for (const input of inputs) expect(sha256Hex(input)).toBe(createHash('sha256').update(input, 'utf8').digest('hex'))
  expect(sha256Hex(new Uint8Array([0, 255, 128]))).toBe(createHash('sha256').update(Buffer.from([0, 255, 128])).digest('hex'))
})

test('fixture 1 is named after its manifest and identified by its config (§13)', () => {
  const [fixture] = imageFixtures()
  expect(`sha256:${sha256Hex(fixture.dockerImageManifest!)}`).toBe(fixture.metadata.name)
  expect(`sha256:${sha256Hex(fixture.dockerImageConfig!)}`).toBe(fixture.dockerImageMetadata!.Id)
})
