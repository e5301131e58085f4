// A path segment decoded as Python's urllib.parse.unquote decodes it for Glance: each run of %XX
// escapes becomes its bytes, read as UTF-8 with U+FFFD for what is not UTF-8; a `%` not followed by
// two hex digits stays as typed. decodeURIComponent would throw on `%E0%A4%A` instead.

const escapes = /(?:%[0-9A-Fa-f]{2})+/g
const utf8 = new TextDecoder('utf-8')

export function unquote(segment: string): string {
  if (!segment.includes('%')) return segment
  return segment.replace(escapes, (run) => {
    const bytes = new Uint8Array(run.length / 3)
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16)
    return utf8.decode(bytes)
  })
}
