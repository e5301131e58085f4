// Seeded identifiers: uids, generateName suffixes, Glance ids, digests. Each purpose draws from its
// own stream, so asking for one kind of id never shifts another (a lifecycle digest does not change
// the next uid), and the same seed with the same requests gives the same ids on every run.
import { customRandom } from 'nanoid'

export interface Ids {
  /** RFC 4122 version 4 uuid (K-5). */
  uuid(stream?: string): string
  /** K-10: 5 characters from apimachinery's alphabet, for generateName. */
  nameSuffix(): string
  /** `length` lowercase hex characters (digests, request ids). */
  hex(length: number, stream?: string): string
  /** A number in [0, 1) from a named stream, for seeded choices (watch timeouts...). */
  random(stream?: string): number
  reset(): void
  /** Where every stream stands, for restore(): the same ids come next. */
  snapshot(): IdsState
  restore(state: IdsState): void
}

/** The position of each named stream (its generator's four words). */
export type IdsState = ReadonlyMap<string, readonly number[]>

// apimachinery pkg/util/rand: vowels and confusable digits removed so names never spell words.
export const nameSuffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789'

/** sfc32's state: four 32-bit words, seeded through splitmix32. */
function sfc32State(seed: number): Uint32Array {
  let s = seed >>> 0
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
  return Uint32Array.of(splitmix(), splitmix(), splitmix(), splitmix())
}

/** A small, fast, well-distributed 32-bit generator (sfc32) over its state words, which it advances. */
function sfc32(state: Uint32Array): () => number {
  return () => {
    const a = state[0]!
    const b = state[1]!
    const c = state[2]!
    const d = state[3]!
    const t = (((a + b) >>> 0) + d) >>> 0
    state[3] = d + 1
    state[0] = b ^ (b >>> 9)
    state[1] = c + (c << 3)
    const rotated = (c << 21) | (c >>> 11)
    state[2] = rotated + t
    return t
  }
}

function hashString(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}

const hexByte = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

export function createIds(seed: number | string = 1): Ids {
  const base = typeof seed === 'number' ? seed >>> 0 : hashString(seed)
  let streams = new Map<string, { state: Uint32Array; next: () => number }>()

  const stream = (name: string) => {
    let found = streams.get(name)
    if (!found) {
      const state = sfc32State(base ^ hashString(name))
      found = { state, next: sfc32(state) }
      streams.set(name, found)
    }
    return found.next
  }
  const bytes = (name: string) => (size: number) => {
    const next = stream(name)
    const out = new Uint8Array(size)
    for (let i = 0; i < size; i++) out[i] = next() & 0xff
    return out
  }
  const suffix = customRandom(nameSuffixAlphabet, 5, bytes('generateName'))
  const hexBy = new Map<string, () => string>()

  return {
    uuid(name = 'uid') {
      // One draw per byte, version 4 and variant bits set: a request's audit id is drawn on every answer.
      const next = stream(name)
      let out = ''
      for (let i = 0; i < 16; i++) {
        let byte = next() & 0xff
        if (i === 6) byte = (byte & 0x0f) | 0x40
        else if (i === 8) byte = (byte & 0x3f) | 0x80
        out += i === 4 || i === 6 || i === 8 || i === 10 ? `-${hexByte[byte]}` : hexByte[byte]
      }
      return out
    },
    nameSuffix: () => suffix(),
    hex(length, name = 'hex') {
      const key = `${name}:${length}`
      let make = hexBy.get(key)
      if (!make) {
        make = customRandom('0123456789abcdef', length, bytes(name))
        hexBy.set(key, make)
      }
      return make()
    },
    random: (name = 'random') => stream(name)() / 4294967296,
    reset() {
      streams = new Map()
    },
    snapshot: () => new Map([...streams].map(([name, { state }]) => [name, [...state]])),
    restore(saved) {
      streams = new Map()
      for (const [name, words] of saved) {
        const state = Uint32Array.from(words)
        streams.set(name, { state, next: sfc32(state) })
      }
    },
  }
}
