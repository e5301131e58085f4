import { afterEach, describe, expect, test } from 'vitest'
import { applyStrategicMergePatch, PatchError, type PatchErrorKind } from '../../../src/kube/patch.ts'
import type { StrategicMergeSchema } from '../../../src/kube/resource.ts'

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
    Object.freeze(value)
  }
  return value
}

// The OpenShift Image directives of IMG-37.
const imageSchema: StrategicMergeSchema = {
  signatures: { strategy: 'merge', mergeKey: 'metadata.name' },
  'signatures[].conditions': { strategy: 'merge', mergeKey: 'type' },
  dockerImageMetadata: { strategy: 'replace' },
}

const patch = (doc: unknown, body: unknown, schema: StrategicMergeSchema = imageSchema): unknown =>
  applyStrategicMergePatch(deepFreeze(doc), deepFreeze(body), schema)

function failure(doc: unknown, body: unknown, schema: StrategicMergeSchema = imageSchema): { kind: PatchErrorKind; message: string } {
  try {
    applyStrategicMergePatch(doc, body, schema)
  } catch (error) {
    expect(error).toBeInstanceOf(PatchError)
    return { kind: (error as PatchError).kind, message: (error as PatchError).message }
  }
  throw new Error('the patch applied')
}

afterEach(() => {
  expect(Object.keys(Object.prototype)).toEqual([])
})

describe('K-16 strategic merge: maps and plain lists', () => {
  test('maps merge recursively and null deletes', () => {
    expect(
      patch(
        { metadata: { name: 'a', labels: { x: '1', y: '2' }, annotations: { n: 'v' } } },
        { metadata: { labels: { y: null, z: '3' }, annotations: { m: 'w' } } },
      ),
    ).toEqual({ metadata: { name: 'a', labels: { x: '1', z: '3' }, annotations: { n: 'v', m: 'w' } } })
  })

  test('nulls for absent keys are dropped, also inside new subtrees', () => {
    expect(patch({ a: 1 }, { b: null, c: { d: null, e: 1 } })).toEqual({ a: 1, c: { e: 1 } })
  })

  test('lists without a schema entry are replaced whole', () => {
    expect(
      patch(
        { dockerImageLayers: [{ name: 'l1', size: 1 }, { name: 'l2', size: 2 }] },
        { dockerImageLayers: [{ name: 'l3', size: 3 }] },
      ),
    ).toEqual({ dockerImageLayers: [{ name: 'l3', size: 3 }] })
  })

  test('a field with strategy replace is replaced as a whole (dockerImageMetadata)', () => {
    expect(patch({ dockerImageMetadata: { a: 1, b: { c: 2 } } }, { dockerImageMetadata: { b: { d: 3 } } })).toEqual({
      dockerImageMetadata: { b: { d: 3 } },
    })
  })

  test('a value of another JSON type replaces the live one', () => {
    expect(patch({ a: 'text', b: [1], c: { d: 1 } }, { a: { x: 1 }, b: 'now text', c: [1] })).toEqual({
      a: { x: 1 },
      b: 'now text',
      c: [1],
    })
  })

  test('$patch: replace on a map makes the patch the whole map', () => {
    expect(patch({ spec: { a: 1, b: 2 } }, { spec: { $patch: 'replace', c: 3 } })).toEqual({ spec: { c: 3 } })
  })

  test('$patch: delete on a map empties it', () => {
    expect(patch({ spec: { a: 1 }, keep: 1 }, { spec: { $patch: 'delete' } })).toEqual({ spec: {}, keep: 1 })
  })

  test('$retainKeys keeps only the listed keys', () => {
    expect(patch({ spec: { a: 1, b: 2, c: 3 } }, { spec: { $retainKeys: ['a', 'b'], b: 20 } })).toEqual({ spec: { a: 1, b: 20 } })
  })

  test('a null patch body changes nothing', () => {
    expect(patch({ a: 1 }, null)).toEqual({ a: 1 })
  })
})

describe('K-16 strategic merge: metadata directives supplied by the machinery', () => {
  test('finalizers merge as a set', () => {
    expect(patch({ metadata: { finalizers: ['a/x', 'a/y'] } }, { metadata: { finalizers: ['a/y', 'a/z'] } })).toEqual({
      metadata: { finalizers: ['a/x', 'a/y', 'a/z'] },
    })
  })

  test('without $setElementOrder a new finalizer lands before the untouched ones (normalizeElementOrder)', () => {
    expect(patch({ metadata: { finalizers: ['a/x'] } }, { metadata: { finalizers: ['a/z'] } })).toEqual({
      metadata: { finalizers: ['a/z', 'a/x'] },
    })
  })

  test('$deleteFromPrimitiveList/finalizers removes values', () => {
    expect(patch({ metadata: { finalizers: ['a/x', 'a/y', 'a/z'] } }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a/x', 'a/q'] } })).toEqual({
      metadata: { finalizers: ['a/y', 'a/z'] },
    })
    expect(patch({ metadata: {} }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a/x'] } })).toEqual({ metadata: {} })
  })

  test('$setElementOrder/finalizers fixes the order, together with additions and deletions', () => {
    expect(
      patch(
        { metadata: { finalizers: ['a/a', 'a/b', 'a/d'] } },
        {
          metadata: {
            '$setElementOrder/finalizers': ['a/b', 'a/a', 'a/c'],
            finalizers: ['a/c'],
            '$deleteFromPrimitiveList/finalizers': ['a/d'],
          },
        },
      ),
    ).toEqual({ metadata: { finalizers: ['a/b', 'a/a', 'a/c'] } })
  })

  test('ownerReferences merge by uid, and $patch: delete removes one', () => {
    const live = {
      metadata: {
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'one', uid: 'u1' },
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'two', uid: 'u2' },
        ],
      },
    }
    expect(patch(live, { metadata: { ownerReferences: [{ uid: 'u2', blockOwnerDeletion: true }] } })).toEqual({
      metadata: {
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'one', uid: 'u1' },
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'two', uid: 'u2', blockOwnerDeletion: true },
        ],
      },
    })
    expect(patch(live, { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'u1' }] } })).toEqual({
      metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'two', uid: 'u2' }] },
    })
  })

  test('managedFields (not listed) are atomic', () => {
    expect(patch({ metadata: { managedFields: [{ manager: 'a' }, { manager: 'b' }] } }, { metadata: { managedFields: [{ manager: 'c' }] } })).toEqual({
      metadata: { managedFields: [{ manager: 'c' }] },
    })
  })

  test("a kind's schema may override a metadata directive", () => {
    expect(
      applyStrategicMergePatch({ metadata: { finalizers: ['a/x'] } }, { metadata: { finalizers: ['a/y'] } }, {
        'metadata.finalizers': { strategy: 'replace' },
      }),
    ).toEqual({ metadata: { finalizers: ['a/y'] } })
  })
})

describe('IMG-37 strategic merge of Image signatures (merge key metadata.name)', () => {
  const live = {
    signatures: [
      { metadata: { name: 'sha256:abc@s1' }, type: 'AtomicImageV1', content: 'AA==', conditions: [{ type: 'Trusted', status: 'True' }] },
      { metadata: { name: 'sha256:abc@s2' }, type: 'AtomicImageV1', content: 'BB==' },
    ],
  }

  test('an element with the same metadata.name merges; its conditions merge by type', () => {
    const result = patch(live, {
      signatures: [{ metadata: { name: 'sha256:abc@s1' }, conditions: [{ type: 'Trusted', status: 'False' }, { type: 'Expired', status: 'False' }] }],
    })
    expect(result).toEqual({
      signatures: [
        {
          metadata: { name: 'sha256:abc@s1' },
          type: 'AtomicImageV1',
          content: 'AA==',
          conditions: [
            { type: 'Trusted', status: 'False' },
            { type: 'Expired', status: 'False' },
          ],
        },
        live.signatures[1],
      ],
    })
  })

  test('a new element is added (before the untouched ones, as apimachinery orders it)', () => {
    const added = { metadata: { name: 'sha256:abc@s3' }, type: 'AtomicImageV1', content: 'CC==' }
    expect(patch(live, { signatures: [added] })).toEqual({ signatures: [added, ...live.signatures] })
  })

  test('a modified element keeps its place', () => {
    const result = patch(live, { signatures: [{ metadata: { name: 'sha256:abc@s2' }, imageIdentity: 'x' }] }) as typeof live
    expect(result.signatures.map((s) => s.metadata.name)).toEqual(['sha256:abc@s1', 'sha256:abc@s2'])
  })

  test('$patch: delete removes the element with that metadata.name', () => {
    expect(patch(live, { signatures: [{ $patch: 'delete', metadata: { name: 'sha256:abc@s1' } }] })).toEqual({ signatures: [live.signatures[1]] })
  })

  test('$patch: replace makes the rest of the patch list the whole list', () => {
    const only = { metadata: { name: 'sha256:abc@s9' }, type: 'AtomicImageV1', content: 'ZZ==' }
    expect(patch(live, { signatures: [{ $patch: 'replace' }, only] })).toEqual({ signatures: [only] })
    expect(patch(live, { signatures: [{ $patch: 'replace' }] })).toEqual({ signatures: [] })
  })

  test('directives in a list that is not there yet are still interpreted', () => {
    expect(patch({}, { signatures: [{ $patch: 'delete', metadata: { name: 'x' } }, { metadata: { name: 'y' }, conditions: [{ type: 'A', gone: null }] }] })).toEqual({
      signatures: [{ metadata: { name: 'y' }, conditions: [{ type: 'A' }] }],
    })
  })

  test('$setElementOrder orders elements by merge key', () => {
    const result = patch(live, {
      '$setElementOrder/signatures': [{ metadata: { name: 'sha256:abc@s2' } }, { metadata: { name: 'sha256:abc@s1' } }],
    }) as typeof live
    expect(result.signatures.map((s) => s.metadata.name)).toEqual(['sha256:abc@s2', 'sha256:abc@s1'])
  })
})

describe('K-16 strategic merge errors', () => {
  test.each([
    ['an element without the merge key', { signatures: [{ type: 'x' }] }, 'invalid', 'map: map[type:x] does not contain declared merge key: metadata.name'],
    ['a $patch: delete element without the merge key', { signatures: [{ $patch: 'delete' }] }, 'invalid', 'map: map[$patch:delete] does not contain declared merge key: metadata.name'],
    ['an unknown $patch on a map', { spec: { $patch: 'explode' } }, 'invalid', 'unknown patch type: explode in map: map[$patch:explode]'],
    ['$patch: merge in a list', { signatures: [{ $patch: 'merge' }] }, 'invalid', 'merging lists cannot yet be specified in the patch'],
    ['mixed element types in a merged list', { signatures: [{ metadata: { name: 'a' } }, 'b'] }, 'invalid', 'list element types are not identical: [[map[metadata:map[name:a]]] [map[metadata:map[name:a]] b]]'],
    ['lists of lists', { signatures: [[1]] }, 'invalid', 'lists of lists are not supported'],
    ['$retainKeys that is not a list', { spec: { $retainKeys: 'a' } }, 'undecodable', 'invalid patch format of retainKeys'],
    ['a patch key outside $retainKeys', { spec: { $retainKeys: ['a'], b: 1 } }, 'invalid', "patch content doesn't match retainKeys list"],
    ['a malformed $deleteFromPrimitiveList key', { '$deleteFromPrimitiveListfinalizers': ['a'] }, 'undecodable', 'invalid patch format of primitive list'],
    ['a malformed $setElementOrder key', { $setElementOrder: [] }, 'undecodable', 'invalid patch format of setElementOrder list'],
  ])('%s', (_name, body, kind, message) => {
    const live = { spec: { a: 1 }, signatures: [{ metadata: { name: 'a' } }] }
    expect(failure(live, body)).toEqual({ kind, message })
  })

  test('a list of maps declared merge without a merge key cannot be merged', () => {
    expect(failure({ items: [{ a: 1 }] }, { items: [{ a: 2 }] }, { items: { strategy: 'merge' } })).toEqual({
      kind: 'invalid',
      message: 'cannot merge lists without merge key for items',
    })
  })

  test.each([
    [[{ a: 1 }], 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ['x', 'json: cannot unmarshal string into Go value of type map[string]interface {}'],
    [1, 'json: cannot unmarshal number into Go value of type map[string]interface {}'],
  ])('a body %j that is not an object → 400', (body, message) => {
    expect(failure({}, body)).toEqual({ kind: 'undecodable', message })
  })
})

describe('K-16 strategic merge never mutates its inputs or touches a prototype', () => {
  test('frozen inputs, independent output', () => {
    const live = deepFreeze({ metadata: { finalizers: ['a/x'], labels: { a: 'b' } }, signatures: [{ metadata: { name: 's' }, conditions: [] }] })
    const body = deepFreeze({ metadata: { finalizers: ['a/y'], labels: { c: 'd' } }, signatures: [{ metadata: { name: 's' }, conditions: [{ type: 'T' }] }] })
    const result = applyStrategicMergePatch(live, body, imageSchema) as typeof live
    expect(result).not.toBe(live)
    expect(result.signatures[0]).not.toBe(live.signatures[0])
    expect(live.metadata.finalizers).toEqual(['a/x'])
  })

  test('__proto__, constructor and prototype are own data keys at every level', () => {
    const body = JSON.parse(
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"metadata":{"labels":{"__proto__":"x"},"__proto__":{"polluted":true}},"prototype":[1]}',
    ) as unknown
    const result = applyStrategicMergePatch({ metadata: { name: 'a' } }, body, imageSchema) as Record<string, unknown>
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype)
    expect(Object.getPrototypeOf(result.metadata)).toBe(Object.prototype)
    expect(JSON.stringify(result)).toBe(
      '{"metadata":{"name":"a","labels":{"__proto__":"x"},"__proto__":{"polluted":true}},"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":[1]}',
    )
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  test('a list under a key named like a prototype member is a plain atomic list', () => {
    const live = JSON.parse('{"constructor":[1,2],"__proto__":[3]}') as unknown
    expect(JSON.stringify(applyStrategicMergePatch(live, JSON.parse('{"constructor":[9],"__proto__":[8]}'), {}))).toBe('{"constructor":[9],"__proto__":[8]}')
  })
})
