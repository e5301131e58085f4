// Glance answers with Python's json.dumps: ", " and ": " separators, and (for error bodies and the
// versions document) non-ASCII characters escaped as \uXXXX. Clients do not care, but a recorded
// Glance response and an emulator response then compare byte for byte.

// Characters json.dumps rewrites; a string without any is written as it is (the common case, and the
// per-character loop below is what a busy server would otherwise spend its time in).
// eslint-disable-next-line no-control-regex -- the control characters are what json.dumps escapes
const needsEscapeAscii = /["\\\x00-\x1f\x7f-\uffff]/
// eslint-disable-next-line no-control-regex -- the same, without the non-ASCII range
const needsEscape = /["\\\x00-\x1f]/

function escapeString(text: string, ensureAscii: boolean): string {
  if (!(ensureAscii ? needsEscapeAscii : needsEscape).test(text)) return `"${text}"`
  let out = '"'
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    const code = text.charCodeAt(i)
    if (char === '"') out += '\\"'
    else if (char === '\\') out += '\\\\'
    else if (char === '\n') out += '\\n'
    else if (char === '\r') out += '\\r'
    else if (char === '\t') out += '\\t'
    else if (char === '\b') out += '\\b'
    else if (char === '\f') out += '\\f'
    else if (code < 0x20 || (ensureAscii && code > 0x7e)) out += `\\u${code.toString(16).padStart(4, '0')}`
    else out += char
  }
  return `${out}"`
}

function dump(value: unknown, ensureAscii: boolean): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return escapeString(value, ensureAscii)
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (Array.isArray(value)) return `[${value.map((item) => dump(item, ensureAscii)).join(', ')}]`
  if (typeof value === 'object') {
    const parts: string[] = []
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key]
      if (item === undefined) continue
      parts.push(`${escapeString(key, ensureAscii)}: ${dump(item, ensureAscii)}`)
    }
    return `{${parts.join(', ')}}`
  }
  return 'null'
}

/** Python's `json.dumps(value, ensure_ascii=ensureAscii)`. */
export function pythonJsonDumps(value: unknown, options: { ensureAscii?: boolean } = {}): string {
  return dump(value, options.ensureAscii ?? true)
}
