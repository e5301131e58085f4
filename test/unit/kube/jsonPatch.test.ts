import { afterEach, describe, expect, test } from 'vitest'
import { applyJsonPatch, PatchError, type PatchErrorKind } from '../../../src/kube/patch.ts'

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
    Object.freeze(value)
  }
  return value
}

function failure(doc: unknown, ops: unknown): { kind: PatchErrorKind; message: string } {
  try {
    applyJsonPatch(doc, ops)
  } catch (error) {
    expect(error).toBeInstanceOf(PatchError)
    return { kind: (error as PatchError).kind, message: (error as PatchError).message }
  }
  throw new Error('the patch applied')
}

afterEach(() => {
  // No operation may ever reach a prototype.
  expect(Object.prototype).not.toHaveProperty('polluted')
  expect(Object.keys(Object.prototype)).toEqual([])
})

describe('K-16 JSON patch: the RFC 6902 appendix A examples', () => {
  test.each([
    ['A.1 add an object member', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { baz: 'qux', foo: 'bar' }],
    ['A.2 add an array element', { foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }], { foo: ['bar', 'qux', 'baz'] }],
    ['A.3 remove an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
    ['A.4 remove an array element', { foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }], { foo: ['bar', 'baz'] }],
    ['A.5 replace a value', { baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }], { baz: 'boo', foo: 'bar' }],
    [
      'A.6 move a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      'A.7 move an array element',
      { foo: ['all', 'grass', 'cows', 'eat'] },
      [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] },
    ],
    [
      'A.8 test a value: success',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    ['A.10 add a nested member object', { foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }], { foo: 'bar', child: { grandchild: {} } }],
    ['A.11 ignore unrecognized elements', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }], { foo: 'bar', baz: 'qux' }],
    ['A.14 ~ escape ordering', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }], { '/': 9, '~1': 10 }],
    ['A.16 add an array value', { foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], { foo: ['bar', ['abc', 'def']] }],
  ])('%s', (_name, doc, ops, expected) => {
    expect(applyJsonPatch(deepFreeze(doc), deepFreeze(ops))).toEqual(expected)
  })

  test.each([
    ['A.9 test a value: error', { baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]],
    ['A.12 add to a nonexistent target', { foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]],
    ['A.15 comparing strings and numbers', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }]],
  ])('%s fails as invalid (422)', (_name, doc, ops) => {
    expect(failure(doc, ops).kind).toBe('invalid')
  })
})

describe('K-16 JSON patch: operation details', () => {
  test.each([
    ['add at the end of an array by index', { a: [1] }, [{ op: 'add', path: '/a/1', value: 2 }], { a: [1, 2] }],
    ['add replaces an existing member', { a: 1 }, [{ op: 'add', path: '/a', value: 2 }], { a: 2 }],
    ['add with a null value', { a: 1 }, [{ op: 'add', path: '/b', value: null }], { a: 1, b: null }],
    ['replace the whole document', { a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }], { b: 2 }],
    ['add at the root replaces the document', { a: 1 }, [{ op: 'add', path: '', value: { c: 3 } }], { c: 3 }],
    ['the empty key is a member', { '': 1 }, [{ op: 'replace', path: '/', value: 2 }], { '': 2 }],
    ['a key with a slash', { 'a/b': 1 }, [{ op: 'remove', path: '/a~1b' }], {}],
    ['a key with a tilde', { 'm~n': 1 }, [{ op: 'replace', path: '/m~0n', value: 2 }], { 'm~n': 2 }],
    ['move to the same place is a no-op', { a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a' }], { a: { b: 1 } }],
    ['move to a sibling prefix is fine', { a: 1 }, [{ op: 'move', from: '/a', path: '/ab' }], { ab: 1 }],
    ['copy', { a: { b: [1] } }, [{ op: 'copy', from: '/a', path: '/c' }], { a: { b: [1] }, c: { b: [1] } }],
    [
      'a copy is independent of its source',
      { a: { b: [1] } },
      [
        { op: 'copy', from: '/a', path: '/c' },
        { op: 'add', path: '/c/b/-', value: 2 },
      ],
      { a: { b: [1] }, c: { b: [1, 2] } },
    ],
    ['test compares objects regardless of member order', { a: { x: 1, y: [1, { z: null }] } }, [{ op: 'test', path: '/a', value: { y: [1, { z: null }], x: 1 } }], { a: { x: 1, y: [1, { z: null }] } }],
    ['ops apply in sequence', { n: 1 }, [{ op: 'replace', path: '/n', value: 2 }, { op: 'test', path: '/n', value: 2 }], { n: 2 }],
    ['an empty patch changes nothing', { a: 1 }, [], { a: 1 }],
    ['a null body decodes as an empty patch', { a: 1 }, null, { a: 1 }],
  ])('%s', (_name, doc, ops, expected) => {
    expect(applyJsonPatch(deepFreeze(doc), deepFreeze(ops))).toEqual(expected)
  })

  test.each([
    ['test on a missing path', { a: 1 }, [{ op: 'test', path: '/b', value: null }]],
    ['remove a missing member', { a: 1 }, [{ op: 'remove', path: '/b' }]],
    ['replace a missing member', { a: 1 }, [{ op: 'replace', path: '/b', value: 1 }]],
    ['remove the whole document', { a: 1 }, [{ op: 'remove', path: '' }]],
    ['an index past the end', { a: [1] }, [{ op: 'add', path: '/a/2', value: 1 }]],
    ['an index with a leading zero', { a: [1, 2] }, [{ op: 'replace', path: '/a/01', value: 1 }]],
    ['a negative index', { a: [1, 2] }, [{ op: 'remove', path: '/a/-1' }]],
    ['"-" outside add', { a: [1] }, [{ op: 'remove', path: '/a/-' }]],
    ['a path through a scalar', { a: 1 }, [{ op: 'add', path: '/a/b', value: 1 }]],
    ['a pointer without a leading slash', { a: 1 }, [{ op: 'replace', path: 'a', value: 1 }]],
    ['a bad ~ escape', { a: 1 }, [{ op: 'replace', path: '/a~2', value: 1 }]],
    ['move into its own child', { a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a/b/c' }]],
    ['move from a missing path', { a: 1 }, [{ op: 'move', from: '/x', path: '/y' }]],
    ['copy without from', { a: 1 }, [{ op: 'copy', path: '/y' }]],
    ['add without value', { a: 1 }, [{ op: 'add', path: '/b' }]],
    ['replace without path', { a: 1 }, [{ op: 'replace', value: 1 }]],
    // kube-apiserver only notices a bad op while applying, so it answers 422, not 400.
    ['an unknown op', { a: 1 }, [{ op: 'increment', path: '/a' }]],
    ['an op that is missing', { a: 1 }, [{ path: '/a' }]],
    ['a null operation', { a: 1 }, [null]],
  ])('%s → invalid (422)', (_name, doc, ops) => {
    expect(failure(deepFreeze(doc), deepFreeze(ops)).kind).toBe('invalid')
  })

  test('one failing op fails the whole patch, the document is untouched', () => {
    const doc = deepFreeze({ a: 1 })
    expect(failure(doc, [{ op: 'replace', path: '/a', value: 2 }, { op: 'test', path: '/a', value: 1 }]).kind).toBe('invalid')
    expect(doc).toEqual({ a: 1 })
  })

  test('an unknown or missing op is found while applying: invalid (422), as kube-apiserver answers', () => {
    expect(failure({}, [{ op: 'increment', path: '/a' }]).kind).toBe('invalid')
    expect(failure({}, [{ path: '/a' }]).kind).toBe('invalid')
  })

  test('the result shares nothing with the inputs', () => {
    const value = { deep: { list: [1] } }
    const result = applyJsonPatch({ a: {} }, [{ op: 'add', path: '/a/v', value }]) as { a: { v: typeof value } }
    result.a.v.deep.list.push(2)
    expect(value.deep.list).toEqual([1])
  })
})

describe('K-16 JSON patch: undecodable and too large bodies', () => {
  test.each([
    [{ op: 'add' }, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch'],
    ['[]', 'json: cannot unmarshal string into Go value of type jsonpatch.Patch'],
    [3, 'json: cannot unmarshal number into Go value of type jsonpatch.Patch'],
    [true, 'json: cannot unmarshal bool into Go value of type jsonpatch.Patch'],
    [['add'], 'json: cannot unmarshal string into Go value of type jsonpatch.Operation'],
    [[{ op: 'add', path: '/a', value: 1 }, [1]], 'json: cannot unmarshal array into Go value of type jsonpatch.Operation'],
  ])('%j → 400 %j', (ops, message) => {
    expect(failure({}, ops)).toEqual({ kind: 'undecodable', message })
  })

  test('more than 10000 operations → 413, checked before any operation runs', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/nothing', value: 1 }))
    expect(failure({}, ops)).toEqual({ kind: 'tooLarge', message: 'The allowed maximum operations in a JSON patch is 10000, got 10001' })
    const fine = Array.from({ length: 10000 }, (_, i) => ({ op: 'add', path: '/n', value: i }))
    expect(applyJsonPatch({}, fine)).toEqual({ n: 9999 })
  })

  test('an undecodable element wins over the size limit (decoding comes first)', () => {
    const ops: unknown[] = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/a', value: 1 }))
    ops[5000] = 'x'
    expect(failure({}, ops).kind).toBe('undecodable')
  })
})

describe('K-16 JSON patch never touches a prototype', () => {
  test.each([
    [[{ op: 'add', path: '/__proto__/polluted', value: true }]],
    [[{ op: 'add', path: '/constructor/prototype/polluted', value: true }]],
    [[{ op: 'replace', path: '/__proto__', value: { polluted: true } }]],
    [[{ op: 'copy', from: '/__proto__', path: '/x' }]],
    [[{ op: 'test', path: '/constructor', value: {} }]],
  ])('%j is refused: the path does not exist as own data', (ops) => {
    expect(failure({}, ops).kind).toBe('invalid')
  })

  test.each([
    ['/__proto__', { polluted: true }],
    ['/__proto__/polluted', true],
    ['/constructor/prototype/polluted', true],
    ['/a/__proto__/polluted', true],
  ])('a path through %s is refused (invalid), and no prototype changes', (path, value) => {
    expect(failure({ a: {} }, [{ op: 'add', path, value }]).kind).toBe('invalid')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  test('a value carrying __proto__, constructor and prototype keys is stored as plain data', () => {
    const value = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":1}') as unknown
    const result = applyJsonPatch({}, [{ op: 'add', path: '/v', value }]) as { v: object }
    expect(Object.getPrototypeOf(result.v)).toBe(Object.prototype)
    expect(JSON.stringify(result.v)).toBe('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":1}')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
