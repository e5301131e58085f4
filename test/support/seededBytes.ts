// Deterministic pseudo-random bytes for test data, as a Buffer (the library's own generator).
import { seededBytes as generate } from '../../src/bytes/seededBytes.ts'

export function seededBytes(size: number, seed: number): Buffer {
  return Buffer.from(generate(size, seed))
}
