// Glance bodies are written as Python's json.dumps writes them; the fast path for strings that need
// no escaping must give exactly what the character-by-character path gives.
import { describe, expect, test } from 'vitest'
import { pythonJsonDumps } from '../../src/glance/pythonJson.ts'

describe('pythonJsonDumps', () => {
  test.each([
    ['plain ASCII', { name: 'cirros-0.6.2', tags: ['a', 'b'] }, '{"name": "cirros-0.6.2", "tags": ["a", "b"]}', undefined],
    ['quotes, backslashes and controls', { s: 'a"b\\c\n\t\u0001' }, '{"s": "a\\"b\\\\c\\n\\t\\u0001"}', undefined],
    ['non-ASCII escaped by default (ensure_ascii)', { s: 'é😀\u007f' }, '{"s": "\\u00e9\\ud83d\\ude00\\u007f"}', undefined],
    ['non-ASCII kept with ensure_ascii=False', { s: 'é😀' }, '{"s": "é😀"}', false],
    ['a __proto__ key of a prototype-free record', Object.assign(Object.create(null), { ['__proto__']: 'x' }), '{"__proto__": "x"}', undefined],
  ])('%s', (_label, value, expected, ensureAscii) => {
    expect(pythonJsonDumps(value, ensureAscii === undefined ? {} : { ensureAscii })).toBe(expected)
  })
})
