// One Go-struct description per kind; decoding, encoding, OpenAPI and strategic-merge directives are read
// from it (K-20, K-40; IMG-37, CCI-38).
import { describe, expect, test } from 'vitest'
import { decodeGo } from '../../../../src/kube/go/goDecode.ts'
import { encodeGo, roundTripGo } from '../../../../src/kube/go/goEncode.ts'
import { goOpenApiSchema } from '../../../../src/kube/go/goOpenApi.ts'
import { goStrategicMerge } from '../../../../src/kube/go/goStrategicMerge.ts'
import { goField, type GoStruct, type GoType } from '../../../../src/kube/go/goType.ts'
import { objectMetaType, typeMetaFields } from '../../../../src/kube/go/metaGoTypes.ts'
import { imageSignatureKindType } from '../../../../src/openshift/imageGoTypes.ts'

const string: GoType = { kind: 'string' }
const item: GoStruct = {
  kind: 'struct',
  goName: 'v1.Item',
  description: 'Item is one entry.',
  fields: [goField('metadata', objectMetaType, { omitempty: true }), goField('key', string), goField('tags', { kind: 'slice', elem: string }, { omitempty: true })],
}
const widget: GoStruct = {
  kind: 'struct',
  goName: 'v1.Widget',
  description: 'Widget is a test kind.',
  fields: [
    ...typeMetaFields,
    goField('metadata', objectMetaType, { omitempty: true }),
    goField('byKey', { kind: 'slice', elem: item }, { omitempty: true, patchStrategy: 'merge', patchMergeKey: 'key', description: 'Merged by key.' }),
    goField('byName', { kind: 'slice', elem: item }, { omitempty: true, patchStrategy: 'merge', patchMergeKey: 'name' }),
    goField('blob', { kind: 'raw' }, { omitempty: true, patchStrategy: 'replace' }),
    goField('sizes', { kind: 'pointer', elem: { kind: 'slice', elem: { kind: 'int', goName: 'int32' } } }, { omitempty: true, listType: 'atomic' }),
    goField('Zeta', { kind: 'bool' }),
  ],
}

describe('strategic-merge directives come from the struct tags', () => {
  test('merge keys, replace tags, atomic lists, lists inside list elements; ObjectMeta is left to the machinery', () => {
    expect(goStrategicMerge(widget)).toEqual({
      byKey: { strategy: 'merge', mergeKey: 'key' },
      'byKey[].tags': { strategy: 'replace' },
      // IMG-37: a key the element does not declare but its ObjectMeta does is read from metadata.
      byName: { strategy: 'merge', mergeKey: 'metadata.name' },
      'byName[].tags': { strategy: 'replace' },
      blob: { strategy: 'replace' },
      sizes: { strategy: 'replace' },
    })
  })
})

describe('OpenAPI comes from the same struct', () => {
  const schema = goOpenApiSchema(widget, { group: 'example.io', version: 'v1', kind: 'Widget' }) as any

  test('properties in byte order, description first, group-version-kind last', () => {
    expect(Object.keys(schema)).toEqual(['description', 'type', 'properties', 'x-kubernetes-group-version-kind'])
    expect(Object.keys(schema.properties)).toEqual(['Zeta', 'apiVersion', 'blob', 'byKey', 'byName', 'kind', 'metadata', 'sizes'])
    expect(schema['x-kubernetes-group-version-kind']).toEqual([{ group: 'example.io', kind: 'Widget', version: 'v1' }])
  })

  test('tags and markers become x-kubernetes extensions; ObjectMeta is a reference', () => {
    expect(schema.properties.byKey).toMatchObject({
      description: 'Merged by key.',
      type: 'array',
      items: { description: 'Item is one entry.', type: 'object' },
      'x-kubernetes-patch-merge-key': 'key',
      'x-kubernetes-patch-strategy': 'merge',
    })
    expect(schema.properties.blob).toEqual({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-patch-strategy': 'replace' })
    expect(schema.properties.sizes).toEqual({ type: 'array', items: { type: 'integer', format: 'int32' }, 'x-kubernetes-list-type': 'atomic' })
    expect(schema.properties.metadata).toEqual({ default: {}, allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }] })
  })
})

describe('decoding and encoding', () => {
  test('Go error texts name the struct, the JSON path and the Go type', () => {
    expect(decodeGo({ sizes: [1, 2 ** 31] }, widget).error).toBe('json: cannot unmarshal number 2147483648 into Go struct field Widget.sizes of type int32')
    expect(decodeGo({ byKey: [{ key: 7 }] }, widget).error).toBe('json: cannot unmarshal number into Go struct field Item.byKey.key of type string')
  })

  test('a round trip drops undeclared keys, writes struct order, and structs and RawExtensions are never empty', () => {
    const stored = roundTripGo({ Zeta: true, extra: 1, sizes: [], kind: 'Widget' }, widget).json
    expect(stored).toEqual({ kind: 'Widget', metadata: { creationTimestamp: null }, blob: null, sizes: [], Zeta: true })
    expect(Object.keys(stored as object)).toEqual(['kind', 'metadata', 'blob', 'sizes', 'Zeta'])
  })

  test('omitAbsent re-marshals a stored form without adding zero values', () => {
    expect(encodeGo({ byKey: [{ tags: ['a'] }] }, widget, { omitAbsent: true })).toEqual({ byKey: [{ tags: ['a'] }] })
    expect(encodeGo({ byKey: [{ tags: ['a'] }] }, widget)).toEqual({
      metadata: { creationTimestamp: null },
      byKey: [{ metadata: { creationTimestamp: null }, key: '', tags: ['a'] }],
      blob: null,
      Zeta: false,
    })
  })
})

describe('ImageSignature is describable as a kind of its own (IMG-10)', () => {
  test('OpenAPI, directives, decoding and the canonical stored form', () => {
    const schema = goOpenApiSchema(imageSignatureKindType, { group: 'image.openshift.io', version: 'v1', kind: 'ImageSignature' }) as any
    expect(Object.keys(schema.properties)).toEqual([
      'apiVersion',
      'conditions',
      'content',
      'created',
      'imageIdentity',
      'issuedBy',
      'issuedTo',
      'kind',
      'metadata',
      'signedClaims',
      'type',
    ])
    expect(schema.required).toEqual(['type', 'content'])
    expect(schema.properties.content).toMatchObject({ type: 'string', format: 'byte' })
    expect(goStrategicMerge(imageSignatureKindType)).toEqual({ conditions: { strategy: 'merge', mergeKey: 'type' } })
    expect(decodeGo({ type: 'atomic', content: 'abc' }, imageSignatureKindType).error).toBe('illegal base64 data at input byte 0')
    const stored = roundTripGo({ content: 'YWJj\n', type: 'atomic', metadata: { name: 'sha256:1@a' } }, imageSignatureKindType).json
    expect(stored).toEqual({ metadata: { name: 'sha256:1@a', creationTimestamp: null }, type: 'atomic', content: 'YWJj' })
  })
})
