// jsonschema (Python) words its messages with repr(): `'qcow3' is not one of [None, 'ami', ...]`,
// `1 is not of type 'string'`. Glance passes them to the client verbatim, so the emulator renders
// JSON values the way Python's repr() renders the objects json.loads made of them.

function reprString(text: string): string {
  // repr() picks single quotes unless the text has a single quote and no double quote.
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'"
  let out = quote
  for (const char of text) {
    const code = char.codePointAt(0)!
    if (char === quote || char === '\\') out += `\\${char}`
    else if (char === '\n') out += '\\n'
    else if (char === '\r') out += '\\r'
    else if (char === '\t') out += '\\t'
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else out += char
  }
  return out + quote
}

export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None'
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return reprString(value)
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`
  if (typeof value === 'object') {
    const entries = Object.keys(value).map((key) => `${reprString(key)}: ${pythonRepr((value as Record<string, unknown>)[key])}`)
    return `{${entries.join(', ')}}`
  }
  return String(value)
}
