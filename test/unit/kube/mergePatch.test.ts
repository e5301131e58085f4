import { afterEach, describe, expect, test } from 'vitest'
import { applyMergePatch, PatchError } from '../../../src/kube/patch.ts'

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
    Object.freeze(value)
  }
  return value
}

afterEach(() => {
  expect(Object.keys(Object.prototype)).toEqual([])
})

describe('K-16 merge patch: the RFC 7386 appendix A examples', () => {
  test.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j → %j', (doc, patch, expected) => {
    expect(applyMergePatch(deepFreeze(doc), deepFreeze(patch))).toEqual(expected)
  })

  test('nulls inside arrays are values, not deletions', () => {
    expect(applyMergePatch({}, { a: [null, { b: null }] })).toEqual({ a: [null, { b: null }] })
  })

  test.each([[['c']], [null], ['bar'], [1]])('a patch body %j that is not an object → 400 "Invalid JSON Patch"', (patch) => {
    try {
      applyMergePatch({ a: 'foo' }, patch)
      throw new Error('applied')
    } catch (error) {
      expect(error).toBeInstanceOf(PatchError)
      expect((error as PatchError).kind).toBe('undecodable')
      expect((error as PatchError).message).toBe('Invalid JSON Patch')
    }
  })

  test('the result shares nothing with the inputs', () => {
    const doc = { keep: { list: [1] } }
    const patch = { added: { list: [1] } }
    const result = applyMergePatch(doc, patch) as { keep: { list: number[] }; added: { list: number[] } }
    result.keep.list.push(2)
    result.added.list.push(2)
    expect(doc.keep.list).toEqual([1])
    expect(patch.added.list).toEqual([1])
  })
})

describe('K-16 merge patch never touches a prototype', () => {
  test('__proto__ and constructor in the patch become own data members', () => {
    const patch = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"metadata":{"labels":{"__proto__":"x"}}}') as unknown
    const result = applyMergePatch({ metadata: { name: 'a' } }, patch) as Record<string, unknown>
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype)
    expect(Object.hasOwn(result, '__proto__')).toBe(true)
    expect(JSON.stringify(result)).toBe(
      '{"metadata":{"name":"a","labels":{"__proto__":"x"}},"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    )
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  test('an own __proto__ member of the document merges and deletes like any other', () => {
    const doc = JSON.parse('{"__proto__":{"a":1,"b":2}}') as unknown
    const merged = applyMergePatch(doc, JSON.parse('{"__proto__":{"a":null,"c":3}}'))
    expect(JSON.stringify(merged)).toBe('{"__proto__":{"b":2,"c":3}}')
    expect(JSON.stringify(applyMergePatch(doc, JSON.parse('{"__proto__":null}')))).toBe('{}')
  })

  test('deleting constructor does not touch the inherited one', () => {
    expect(applyMergePatch({ a: 1 }, { constructor: null })).toEqual({ a: 1 })
    expect(({}).constructor).toBe(Object)
  })
})
