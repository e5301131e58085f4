import { describe, expect, test } from 'vitest'
import { fieldErrorText, toCause, type FieldError } from '../../../src/kube/fieldErrors.ts'
import {
  validateName,
  validateObjectMetaCreate,
  validateObjectMetaUpdate,
} from '../../../src/kube/objectMetaValidation.ts'

const texts = (errors: FieldError[]): string[] => errors.map(fieldErrorText)

// Exact apimachinery texts (K-12, K-13); the double spaces are real.
const dnsRule =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
const keyNameRule =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
const valueRule =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

describe('K-12 names', () => {
  test('no name and no generateName', () => {
    for (const meta of [{}, undefined, null, { name: '' }]) {
      expect(texts(validateObjectMetaCreate(meta, 'dns1123Subdomain'))).toEqual([
        'metadata.name: Required value: name or generateName is required',
      ])
    }
    expect(toCause(validateObjectMetaCreate({}, 'pathSegment')[0]!)).toEqual({
      reason: 'FieldValueRequired',
      message: 'Required value: name or generateName is required',
      field: 'metadata.name',
    })
  })

  test('generateName alone is enough (the store generates the name)', () => {
    expect(validateObjectMetaCreate({ generateName: 'snap-' }, 'dns1123Subdomain')).toEqual([])
  })

  test.each([
    ['dns1123Subdomain', 'my-image.v1', []],
    ['dns1123Subdomain', 'Bad_Name', [`metadata.name: Invalid value: "Bad_Name": ${dnsRule}`]],
    ['dns1123Subdomain', 'sha256:abc', [`metadata.name: Invalid value: "sha256:abc": ${dnsRule}`]],
    ['dns1123Subdomain', '-a', [`metadata.name: Invalid value: "-a": ${dnsRule}`]],
    ['pathSegment', 'sha256:0a1b2c', []],
    ['pathSegment', 'UPPER_and spaces!', []],
    ['pathSegment', '.', [`metadata.name: Invalid value: ".": may not be '.'`]],
    ['pathSegment', '..', [`metadata.name: Invalid value: "..": may not be '..'`]],
    ['pathSegment', '...', []],
    ['pathSegment', 'a/b', [`metadata.name: Invalid value: "a/b": may not contain '/'`]],
    ['pathSegment', 'a%2F', [`metadata.name: Invalid value: "a%2F": may not contain '%'`]],
    [
      'pathSegment',
      '%/',
      [`metadata.name: Invalid value: "%/": may not contain '/'`, `metadata.name: Invalid value: "%/": may not contain '%'`],
    ],
  ] as const)('%s rule, name %j', (rule, name, expected) => {
    expect(texts(validateObjectMetaCreate({ name }, rule))).toEqual(expected)
  })

  test('a DNS name over 253 bytes reports length and, if also malformed, the pattern', () => {
    const long = 'a'.repeat(254)
    expect(validateName(long, 'dns1123Subdomain')).toEqual(['must be no more than 253 characters'])
    expect(validateName('a'.repeat(253), 'dns1123Subdomain')).toEqual([])
    expect(validateName(`${long}-`, 'dns1123Subdomain')).toEqual(['must be no more than 253 characters', dnsRule])
  })

  test('validateName gives the bare messages', () => {
    expect(validateName('x/y', 'pathSegment')).toEqual(["may not contain '/'"])
    expect(validateName('', 'pathSegment')).toEqual([])
    expect(validateName('', 'dns1123Subdomain')).toEqual([dnsRule])
  })

  test.each([
    ['dns1123Subdomain', 'snap-', []],
    ['dns1123Subdomain', 'a-', []],
    // Go masks a trailing dash by replacing the last two bytes with `a`: "Fo-" is checked as "Fa"…
    ['dns1123Subdomain', 'Fo-', [`metadata.generateName: Invalid value: "Fo-": ${dnsRule}`]],
    // …so "A-" passes (it is checked as "a").
    ['dns1123Subdomain', 'A-', []],
    ['dns1123Subdomain', '-', [`metadata.generateName: Invalid value: "-": ${dnsRule}`]],
    ['pathSegment', '.', []],
    ['pathSegment', 'a/', [`metadata.generateName: Invalid value: "a/": may not contain '/'`]],
  ] as const)('generateName under the %s rule: %j', (rule, generateName, expected) => {
    expect(texts(validateObjectMetaCreate({ generateName }, rule))).toEqual(expected)
  })

  test('generateName and name are both checked when both are given', () => {
    expect(texts(validateObjectMetaCreate({ generateName: 'AB-', name: 'AB-x1234' }, 'dns1123Subdomain'))).toEqual([
      `metadata.generateName: Invalid value: "AB-": ${dnsRule}`,
      `metadata.name: Invalid value: "AB-x1234": ${dnsRule}`,
    ])
  })
})

describe('K-13 labels', () => {
  const create = (labels: unknown): string[] => texts(validateObjectMetaCreate({ name: 'x', labels }, 'dns1123Subdomain'))

  test('the value error quoted in K-13', () => {
    expect(create({ a: 'a b' })).toEqual([`metadata.labels: Invalid value: "a b": ${valueRule}`])
  })

  test('key errors are reported on metadata.labels too, not per key', () => {
    expect(create({ 'a b': 'x' })).toEqual([`metadata.labels: Invalid value: "a b": ${keyNameRule}`])
  })

  test.each([
    [{ app: 'web', 'example.com/tier': 'front', empty: '' }, []],
    [{ k: 'v'.repeat(63) }, []],
    [{ k: 'v'.repeat(64) }, [`metadata.labels: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`]],
    [{ ['k'.repeat(64)]: 'v' }, [`metadata.labels: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`]],
    [{ '/k': 'v' }, ['metadata.labels: Invalid value: "/k": prefix part must be non-empty']],
    [{ 'a/': 'v' }, ['metadata.labels: Invalid value: "a/": name part must be non-empty', `metadata.labels: Invalid value: "a/": ${keyNameRule}`]],
    [{ 'Example.com/k': 'v' }, [`metadata.labels: Invalid value: "Example.com/k": prefix part ${dnsRule}`]],
    [
      { 'a/b/c': 'v' },
      [
        "metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    ],
    [{ k: '-v' }, [`metadata.labels: Invalid value: "-v": ${valueRule}`]],
  ])('%j', (labels, expected) => {
    expect(create(labels)).toEqual(expected)
  })

  test('a key and its value are both checked', () => {
    expect(create({ 'b@d': 'v@l' })).toEqual([
      `metadata.labels: Invalid value: "b@d": ${keyNameRule}`,
      `metadata.labels: Invalid value: "v@l": ${valueRule}`,
    ])
  })

  test('malformed label maps are reported, not thrown', () => {
    expect(create('x')).toEqual(['metadata.labels: Invalid value: "x": must be a map of string keys to string values'])
    expect(create(['a'])).toEqual(['metadata.labels: Invalid value: []string{"a"}: must be a map of string keys to string values'])
    expect(create({ a: 1 })).toEqual(['metadata.labels: Invalid value: 1: must be a string'])
    expect(create(null)).toEqual([])
  })

  test('keys named like Object.prototype members are plain data', () => {
    const labels = JSON.parse('{"constructor":"x","toString":"y","__proto__":"z"}') as unknown
    expect(create(labels)).toEqual([`metadata.labels: Invalid value: "__proto__": ${keyNameRule}`])
    expect(({} as Record<string, unknown>).z).toBeUndefined()
  })
})

describe('K-13 annotations', () => {
  const create = (annotations: unknown): string[] => texts(validateObjectMetaCreate({ name: 'x', annotations }, 'pathSegment'))

  test('keys are qualified names compared case-insensitively; values are free text', () => {
    expect(create({ 'Example.COM/Some-Key': 'any value at all: {"json": true}' })).toEqual([])
    expect(create({ 'a b': '' })).toEqual([`metadata.annotations: Invalid value: "a b": ${keyNameRule}`])
  })

  test('the total size of keys and values is capped at 262144 bytes', () => {
    expect(create({ a: 'x'.repeat(262143) })).toEqual([])
    expect(create({ a: 'x'.repeat(262144) })).toEqual(['metadata.annotations: Too long: may not be more than 262144 bytes'])
    expect(toCause(validateObjectMetaCreate({ name: 'x', annotations: { a: 'x'.repeat(262144) } }, 'pathSegment')[0]!)).toEqual({
      reason: 'FieldValueTooLong',
      message: 'Too long: may not be more than 262144 bytes',
      field: 'metadata.annotations',
    })
  })

  test('sizes are UTF-8 bytes, as Go counts them', () => {
    // 'é' is two bytes: 131072 of them plus the key make 262145 bytes.
    expect(create({ a: 'é'.repeat(131072) })).toEqual(['metadata.annotations: Too long: may not be more than 262144 bytes'])
    expect(create({ a: 'é'.repeat(131071) })).toEqual([])
  })
})

describe('finalizers, generation, ownerReferences and shapes', () => {
  const create = (meta: Record<string, unknown>): string[] => texts(validateObjectMetaCreate({ name: 'x', ...meta }, 'dns1123Subdomain'))

  test('finalizers are qualified names', () => {
    expect(create({ finalizers: ['example.com/cleanup', 'orphan'] })).toEqual([])
    expect(create({ finalizers: ['bad finalizer'] })).toEqual([`metadata.finalizers: Invalid value: "bad finalizer": ${keyNameRule}`])
    expect(create({ finalizers: ['orphan', 'foregroundDeletion'] })).toEqual([
      'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
    ])
    expect(create({ finalizers: 'a' })).toEqual(['metadata.finalizers: Invalid value: "a": must be a list of strings'])
    expect(create({ finalizers: [3] })).toEqual(['metadata.finalizers: Invalid value: 3: must be a string'])
  })

  test('generation may not be negative', () => {
    expect(create({ generation: -1 })).toEqual(['metadata.generation: Invalid value: -1: must be greater than or equal to 0'])
    expect(create({ generation: 0 })).toEqual([])
  })

  test('owner references need apiVersion, kind, name and uid, and one controller at most', () => {
    expect(create({ ownerReferences: [{}] })).toEqual([
      'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
      'metadata.ownerReferences.name: Invalid value: "": must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    ])
    expect(create({ ownerReferences: [{ apiVersion: 'apps/', kind: 'K', name: 'n', uid: 'u' }] })).toEqual([
      'metadata.ownerReferences.apiVersion: Invalid value: "apps/": version must not be empty',
    ])
    const owner = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', name, uid: name, controller: true })
    const errors = validateObjectMetaCreate({ name: 'x', ownerReferences: [owner('a'), owner('b')] }, 'pathSegment')
    expect(errors.map((e) => `${e.field}: ${e.detail}`)).toEqual([
      'metadata.ownerReferences: Only one reference can have Controller set to true. Found "true" in references for ConfigMap/a and ConfigMap/b',
    ])
  })

  test('malformed metadata is reported as Invalid causes, never thrown', () => {
    expect(texts(validateObjectMetaCreate('meta', 'pathSegment'))).toEqual(['metadata: Invalid value: "meta": must be an object'])
    expect(texts(validateObjectMetaCreate([], 'pathSegment'))).toEqual(['metadata: Invalid value: []string{}: must be an object'])
    expect(texts(validateObjectMetaCreate({ name: 5 }, 'pathSegment'))).toEqual(['metadata.name: Invalid value: 5: must be a string'])
    expect(create({ generation: 'one' })).toEqual(['metadata.generation: Invalid value: "one": must be an integer'])
    expect(create({ ownerReferences: 'x' })).toEqual(['metadata.ownerReferences: Invalid value: "x": must be a list of owner references'])
  })

  test('validation never mutates the metadata', () => {
    const meta = Object.freeze({ name: 'x', labels: Object.freeze({ a: 'b' }), finalizers: Object.freeze(['a/b']) })
    expect(validateObjectMetaCreate(meta, 'dns1123Subdomain')).toEqual([])
    expect(validateObjectMetaUpdate(meta, meta, 'dns1123Subdomain')).toEqual([])
  })
})

describe('updates (K-8, K-9)', () => {
  const stored = {
    name: 'img',
    uid: '6a8f7c43-4c1f-4f1e-9a57-2b8d8f0f1a11',
    resourceVersion: '7',
    creationTimestamp: '2026-01-01T00:00:00Z',
    finalizers: ['example.com/keep'],
  }
  const update = (changes: Record<string, unknown>, old: Record<string, unknown> = stored): string[] =>
    texts(validateObjectMetaUpdate({ ...old, ...changes }, old, 'pathSegment'))

  test('an unchanged object passes', () => {
    expect(update({})).toEqual([])
    expect(update({ creationTimestamp: '2026-01-01T00:00:00.000Z' })).toEqual([])
  })

  test('K-9: no new finalizer while the object is being deleted', () => {
    const deleting = { ...stored, deletionTimestamp: '2026-01-02T00:00:00Z', deletionGracePeriodSeconds: 0 }
    expect(update({ finalizers: ['example.com/keep', 'a/b'] }, deleting)).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"a/b"}',
    ])
    expect(update({ finalizers: ['z/z', 'a/b'] }, deleting)[0]).toBe(
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"a/b", "z/z"}',
    )
    expect(update({ finalizers: [] }, deleting)).toEqual([])
    // Not being deleted: adding is fine.
    expect(update({ finalizers: ['example.com/keep', 'a/b'] })).toEqual([])
  })

  test('immutable fields answer "field is immutable"', () => {
    expect(update({ name: 'other' })).toEqual(['metadata.name: Invalid value: "other": field is immutable'])
    expect(update({ uid: 'u2' })).toEqual(['metadata.uid: Invalid value: "u2": field is immutable'])
    expect(update({ namespace: 'ns' })).toEqual(['metadata.namespace: Invalid value: "ns": field is immutable'])
    expect(update({ creationTimestamp: '2026-01-02T03:04:05Z' })).toEqual([
      'metadata.creationTimestamp: Invalid value: "2026-01-02 03:04:05 +0000 UTC": field is immutable',
    ])
    expect(update({ deletionTimestamp: '2026-01-02T00:00:00Z' })).toEqual([
      'metadata.deletionTimestamp: Invalid value: "2026-01-02 00:00:00 +0000 UTC": field is immutable',
    ])
    expect(update({ deletionGracePeriodSeconds: 30 })).toEqual(['metadata.deletionGracePeriodSeconds: Invalid value: 30: field is immutable'])
    const deleting = { ...stored, deletionTimestamp: '2026-01-02T00:00:00Z', deletionGracePeriodSeconds: 0 }
    expect(update({ deletionTimestamp: undefined, deletionGracePeriodSeconds: undefined }, deleting)).toEqual([
      'metadata.deletionTimestamp: Invalid value: "null": field is immutable',
      'metadata.deletionGracePeriodSeconds: Invalid value: "null": field is immutable',
    ])
  })

  test('generation may not go down', () => {
    expect(update({ generation: 1 }, { ...stored, generation: 2 })).toEqual(['metadata.generation: Invalid value: 1: must not be decremented'])
  })

  test('the create rules apply to the new metadata, each cause once', () => {
    expect(update({ labels: { a: 'a b' } })).toEqual([`metadata.labels: Invalid value: "a b": ${valueRule}`])
    expect(texts(validateObjectMetaUpdate({ name: 'a/b' }, { name: 'a/b' }, 'pathSegment'))).toEqual([
      `metadata.name: Invalid value: "a/b": may not contain '/'`,
    ])
  })

  test('malformed metadata on update is reported, not thrown', () => {
    expect(texts(validateObjectMetaUpdate(7, stored, 'pathSegment'))).toEqual(['metadata: Invalid value: 7: must be an object'])
    expect(texts(validateObjectMetaUpdate({ name: 'x' }, 'garbage', 'pathSegment'))).toEqual([
      'metadata.name: Invalid value: "x": field is immutable',
    ])
  })
})
