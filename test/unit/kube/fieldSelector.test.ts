import { describe, expect, test } from 'vitest'
import { escapeFieldSelectorValue, nameFromFieldSelector, parseFieldSelector } from '../../../src/kube/fieldSelector.ts'
import { SelectorError } from '../../../src/kube/labelSelector.ts'

function parseError(text: string, known?: string[]): string {
  try {
    parseFieldSelector(text, known)
  } catch (error) {
    expect(error).toBeInstanceOf(SelectorError)
    return (error as Error).message
  }
  throw new Error(`selector ${JSON.stringify(text)} parsed`)
}

describe('K-27 field selectors', () => {
  test.each([
    ['metadata.name=foo', [{ field: 'metadata.name', operator: '=', value: 'foo' }]],
    ['metadata.name==foo', [{ field: 'metadata.name', operator: '=', value: 'foo' }]],
    ['metadata.name!=foo', [{ field: 'metadata.name', operator: '!=', value: 'foo' }]],
    ['metadata.name=', [{ field: 'metadata.name', operator: '=', value: '' }]],
    // Terms are evaluated in sorted order, as fields.ParseSelector sorts them.
    [
      'metadata.namespace=,metadata.name=a',
      [
        { field: 'metadata.name', operator: '=', value: 'a' },
        { field: 'metadata.namespace', operator: '=', value: '' },
      ],
    ],
    ['metadata.name=a\\,b', [{ field: 'metadata.name', operator: '=', value: 'a,b' }]],
    ['metadata.name=a\\=b', [{ field: 'metadata.name', operator: '=', value: 'a=b' }]],
    ['metadata.name=a\\\\b', [{ field: 'metadata.name', operator: '=', value: 'a\\b' }]],
    ['metadata.name=sha256:ab!c', [{ field: 'metadata.name', operator: '=', value: 'sha256:ab!c' }]],
    ['metadata.name=a,,', [{ field: 'metadata.name', operator: '=', value: 'a' }]],
    ['metadata.name=!a', [{ field: 'metadata.name', operator: '=', value: '!a' }]],
  ])('%j parses', (text, requirements) => {
    const selector = parseFieldSelector(text)
    expect(selector.requirements).toEqual(requirements)
    expect(selector.empty).toBe(false)
  })

  test('an empty selector selects everything', () => {
    const selector = parseFieldSelector('')
    expect(selector.empty).toBe(true)
    expect(selector.requirements).toEqual([])
    expect(selector.matches({ 'metadata.name': 'x' })).toBe(true)
    expect(parseFieldSelector(',').empty).toBe(true)
  })

  test('matching: = and != against the object fields, a missing field reads as ""', () => {
    const fields = { 'metadata.name': 'img-1', 'metadata.namespace': '' }
    expect(parseFieldSelector('metadata.name=img-1').matches(fields)).toBe(true)
    expect(parseFieldSelector('metadata.name=img-2').matches(fields)).toBe(false)
    expect(parseFieldSelector('metadata.name!=img-2').matches(fields)).toBe(true)
    expect(parseFieldSelector('metadata.name!=img-1').matches(fields)).toBe(false)
    expect(parseFieldSelector('metadata.namespace=').matches({ 'metadata.name': 'x' })).toBe(true)
    expect(parseFieldSelector('metadata.name=img-1,metadata.namespace=x').matches(fields)).toBe(false)
  })

  test('field names are own data: constructor does not read Object.prototype', () => {
    expect(parseFieldSelector('constructor=', ['constructor']).matches({})).toBe(true)
    expect(parseFieldSelector('__proto__!=', ['__proto__']).matches({})).toBe(false)
  })

  test('a kind may declare more selectable fields', () => {
    const known = ['metadata.name', 'metadata.namespace', 'status.phase']
    expect(parseFieldSelector('status.phase=Available', known).matches({ 'status.phase': 'Available' })).toBe(true)
    expect(parseError('spec.x=1', known)).toBe('"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace", "status.phase"')
  })
})

describe('K-27 field selector errors carry the real texts', () => {
  test.each([
    ['spec.foo=bar', '"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    // No trimming: the field is "metadata.name ".
    ['metadata.name = x', '"metadata.name " is not a known field selector: only "metadata.name", "metadata.namespace"'],
    // The first unknown field in sorted order is the one reported.
    ['z=1,b=2,metadata.name=a', '"b" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['foo', "invalid selector: 'foo'; can't understand 'foo'"],
    ['metadata.name=a,bar', "invalid selector: 'metadata.name=a,bar'; can't understand 'bar'"],
    ['metadata.name=a=b', 'invalid field selector: unescaped character in value: 61'],
    ['metadata.name=a\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['metadata.name=a\\', 'invalid field selector: invalid escape sequence: \\'],
    ['metadata.name!=a=b', 'invalid field selector: unescaped character in value: 61'],
  ])('%j', (text, message) => {
    expect(parseError(text)).toBe(message)
  })
})

describe('K-28 the name a field selector requires', () => {
  test.each([
    ['metadata.name=a', 'a'],
    ['metadata.name==c', 'c'],
    ['metadata.namespace=x,metadata.name=b', 'b'],
    ['metadata.name!=a', undefined],
    ['metadata.namespace=x', undefined],
    ['', undefined],
  ])('%j → %j', (text, name) => {
    expect(nameFromFieldSelector(parseFieldSelector(text))).toBe(name)
  })

  test('escaping a literal name round-trips through the parser', () => {
    for (const name of ['plain', 'a,b', 'a=b', 'back\\slash', 'sha256:0a!b']) {
      const selector = parseFieldSelector(`metadata.name=${escapeFieldSelectorValue(name)}`)
      expect(nameFromFieldSelector(selector)).toBe(name)
    }
  })
})
