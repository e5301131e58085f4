// Go's base64.StdEncoding, as encoding/json applies it to []byte fields (IMG-14: dockerImageSignatures[],
// signatures[].content). Decoding reproduces Go's error offsets (`illegal base64 data at input byte N`),
// its tolerance of '\r' and '\n' anywhere, and its insistence on '=' padding; encoding is canonical,
// so the server echoes a re-encoded value, as the real one does.

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const decodeMap = new Int16Array(256).fill(-1)
for (let i = 0; i < alphabet.length; i++) decodeMap[alphabet.charCodeAt(i)] = i

const CR = 0x0d
const LF = 0x0a
const PAD = 0x3d

export type Base64Decoded = { ok: true; bytes: Uint8Array } | { ok: false; error: string }

const corrupt = (offset: number): Base64Decoded => ({ ok: false, error: `illegal base64 data at input byte ${offset}` })

/** Decodes like Go's base64.StdEncoding.Decode over the UTF-8 bytes of `text`. */
export function decodeGoBase64(text: string): Base64Decoded {
  const src = new TextEncoder().encode(text)
  const out: number[] = []
  let si = 0
  // One iteration is Go's decodeQuantum: up to four symbols, skipping newlines, handling padding.
  while (si < src.length) {
    const quantum = [0, 0, 0, 0]
    let dlen = 4
    let trailingGarbageAt = -1
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return { ok: true, bytes: Uint8Array.from(out) }
        // Missing symbols or padding at the end of the input.
        return corrupt(si - j)
      }
      const symbol = src[si]!
      si++
      const value = decodeMap[symbol]!
      if (value >= 0) {
        quantum[j] = value
        continue
      }
      if (symbol === LF || symbol === CR) {
        j--
        continue
      }
      if (symbol !== PAD) return corrupt(si - 1)
      // Padding: only after two or three symbols.
      if (j === 0 || j === 1) return corrupt(si - 1)
      if (j === 2) {
        // "==" is expected; the first '=' is consumed.
        while (si < src.length && (src[si] === LF || src[si] === CR)) si++
        if (si === src.length) return corrupt(src.length)
        if (src[si] !== PAD) return corrupt(si - 1)
        si++
      }
      while (si < src.length && (src[si] === LF || src[si] === CR)) si++
      if (si < src.length) trailingGarbageAt = si
      dlen = j
      break
    }
    const value = (quantum[0]! << 18) | (quantum[1]! << 12) | (quantum[2]! << 6) | quantum[3]!
    const decoded = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]
    out.push(...decoded.slice(0, dlen - 1))
    if (trailingGarbageAt >= 0) return corrupt(trailingGarbageAt)
  }
  return { ok: true, bytes: Uint8Array.from(out) }
}

/** Go's base64.StdEncoding.EncodeToString. */
export function encodeGoBase64(bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!
    const b1 = bytes[i + 1]
    const b2 = bytes[i + 2]
    const value = (b0 << 16) | ((b1 ?? 0) << 8) | (b2 ?? 0)
    text += alphabet[(value >> 18) & 63]! + alphabet[(value >> 12) & 63]!
    text += b1 === undefined ? '=' : alphabet[(value >> 6) & 63]!
    text += b2 === undefined ? '=' : alphabet[value & 63]!
  }
  return text
}
