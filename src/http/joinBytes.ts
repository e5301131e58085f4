// A large body assembled from parts already encoded (a page of list items, each encoded once): one
// allocation and a copy per part, instead of a string as long as the body that is then encoded again.

/** `head`, then `parts` separated by `separator`, then `tail`, as one byte array. */
export function joinBytes(head: Uint8Array, parts: readonly Uint8Array[], separator: Uint8Array, tail: Uint8Array): Uint8Array {
  let length = head.byteLength + tail.byteLength + Math.max(0, parts.length - 1) * separator.byteLength
  for (const part of parts) length += part.byteLength
  const out = new Uint8Array(length)
  out.set(head, 0)
  let at = head.byteLength
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) {
      out.set(separator, at)
      at += separator.byteLength
    }
    out.set(parts[i]!, at)
    at += parts[i]!.byteLength
  }
  out.set(tail, at)
  return out
}
