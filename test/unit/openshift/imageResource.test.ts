import { describe, expect, test } from 'vitest'
import { imageResource, type Image } from '../../../src/openshift/image.ts'
import { createImage, imageFixtures, strategyContext, wire } from './imageTestKit.ts'

test('identity (IMG-1, IMG-26, IMG-35, IMG-48)', () => {
  expect(imageResource).toMatchObject({
    group: 'image.openshift.io',
    version: 'v1',
    kind: 'Image',
    listKind: 'ImageList',
    plural: 'images',
    singular: 'image',
    listItemsCarryTypeMeta: false,
    allowUnconditionalUpdate: false,
    nameRule: 'pathSegment',
    patchTypes: [
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
      'application/apply-patch+yaml',
    ],
  })
  expect(imageResource.shortNames ?? []).toEqual([])
  expect(imageResource.categories ?? []).toEqual([])
})

test('strategic-merge directives (IMG-37)', () => {
  expect(imageResource.strategicMerge).toEqual({
    signatures: { strategy: 'merge', mergeKey: 'metadata.name' },
    'signatures[].conditions': { strategy: 'merge', mergeKey: 'type' },
    dockerImageMetadata: { strategy: 'replace' },
    dockerImageLayers: { strategy: 'replace' },
    dockerImageManifests: { strategy: 'replace' },
    dockerImageSignatures: { strategy: 'replace' },
  })
})

describe('representation (IMG-44, IMG-45, IMG-47)', () => {
  test('fixture 2 under /apis and under /oapi differs only in the two apiVersions', () => {
    const [, fixture2] = imageFixtures()
    const { image } = createImage(fixture2)
    const apis = wire(image)
    const oapi = wire(image, 'v1')
    expect(apis).toEqual(fixture2)
    expect(oapi).toEqual({ ...fixture2, apiVersion: 'v1', dockerImageMetadata: { ...fixture2.dockerImageMetadata, apiVersion: '1.0' } })
    // dockerImageManifests is rendered on the legacy prefix too.
    expect(oapi.dockerImageManifests).toHaveLength(4)
  })

  test('keys follow Go struct order, metadata included', () => {
    const [fixture] = imageFixtures()
    const { image } = createImage(fixture)
    const stored = structuredClone(image)
    // The store may add metadata in any order; the wire form does not depend on it.
    stored.metadata = { annotations: stored.metadata.annotations, resourceVersion: '7', labels: { b: '2', a: '1' }, uid: 'u', name: stored.metadata.name }
    stored.signatures = [{ metadata: { name: 'n@s' }, type: 't', content: 'YQ==' }]
    stored.dockerImageSignatures = ['YQ==']
    // Content reaches the store only through the strategy or prepareFixtures, both of which canonicalise it.
    const [canonical] = imageResource.prepareFixtures!([stored], 0)
    const body = wire(canonical as Image)
    expect(Object.keys(body)).toEqual([
      'kind',
      'apiVersion',
      'metadata',
      'dockerImageReference',
      'dockerImageMetadata',
      'dockerImageMetadataVersion',
      'dockerImageManifest',
      'dockerImageLayers',
      'signatures',
      'dockerImageSignatures',
      'dockerImageManifestMediaType',
      'dockerImageConfig',
    ])
    expect(Object.keys(body.metadata)).toEqual(['name', 'uid', 'resourceVersion', 'labels', 'annotations'])
    expect(Object.keys(body.metadata.labels!)).toEqual(['a', 'b'])
    expect(Object.keys(body.dockerImageMetadata!)).toEqual(['kind', 'apiVersion', 'Id', 'Created', 'ContainerConfig', 'Config', 'Architecture', 'Size'])
    expect(Object.keys(body.dockerImageLayers![0]!)).toEqual(['name', 'size', 'mediaType'])
  })

  test('a fixture stored without metadata still renders it (IMG-12)', () => {
    const [raw, bare] = imageResource.prepareFixtures!([{ metadata: { name: 'raw' }, dockerImageReference: 'a/b' }, { metadata: { name: 'raw' } }], 0)
    const body = wire(raw as Image)
    expect(body.dockerImageMetadata).toEqual({ kind: 'DockerImage', apiVersion: 'image.openshift.io/1.0', Id: '', Created: null, ContainerConfig: {} })
    expect(body.dockerImageMetadataVersion).toBe('1.0')
    expect(wire(bare as Image, 'v1').dockerImageMetadata!.apiVersion).toBe('1.0')
  })
})

test('table (IMG-51)', () => {
  const ctx = strategyContext()
  expect(imageResource.table.columns).toEqual([
    {
      name: 'Name',
      type: 'string',
      format: 'name',
      description:
        'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
      priority: 0,
    },
    { name: 'Image Reference', type: 'string', format: '', description: 'dockerImageReference is the string that can be used to pull this image.', priority: 0 },
  ])
  const [fixture] = imageFixtures()
  expect(imageResource.table.cells(fixture, ctx)).toEqual([
    'sha256:126898eea4d1800a0a30564315417bcace2e85d576fcdac9225e7dbc5d63550d',
    'image-registry.openshift-image-registry.svc:5000/demo/frontend@sha256:126898eea4d1800a0a30564315417bcace2e85d576fcdac9225e7dbc5d63550d',
  ])
})

describe('OpenAPI schema (IMG-50)', () => {
  const schema = imageResource.openapiSchema as {
    description: string
    properties: Record<string, Record<string, unknown>>
    'x-kubernetes-group-version-kind': unknown
  }

  test('names the kind and documents every field of seed 003', () => {
    expect(schema['x-kubernetes-group-version-kind']).toEqual([{ group: 'image.openshift.io', kind: 'Image', version: 'v1' }])
    expect(Object.keys(schema.properties)).toEqual([
      'apiVersion',
      'dockerImageConfig',
      'dockerImageLayers',
      'dockerImageManifest',
      'dockerImageManifestMediaType',
      'dockerImageManifests',
      'dockerImageMetadata',
      'dockerImageMetadataVersion',
      'dockerImageReference',
      'dockerImageSignatures',
      'kind',
      'metadata',
      'signatures',
    ])
    expect(schema.description).toMatch(/^Image is an immutable representation of a container image/)
    expect(schema.properties.dockerImageReference).toEqual({
      description: 'DockerImageReference is the string that can be used to pull this image.',
      type: 'string',
    })
  })

  test('nested types carry their required lists, formats and merge keys', () => {
    expect(schema.properties.dockerImageLayers!.items).toMatchObject({
      description: 'ImageLayer represents a single layer of the image. Some images may have multiple layers. Some may have none.',
      required: ['name', 'size', 'mediaType'],
      properties: { size: { type: 'integer', format: 'int64' } },
    })
    expect(schema.properties.dockerImageManifests!.items).toMatchObject({ required: ['digest', 'mediaType', 'manifestSize', 'architecture', 'os'] })
    const signature = schema.properties.signatures!
    expect(signature).toMatchObject({ 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' })
    expect(signature.items).toMatchObject({
      required: ['type', 'content'],
      properties: {
        content: { type: 'string', format: 'byte' },
        created: { type: 'string', format: 'date-time' },
        conditions: { 'x-kubernetes-patch-merge-key': 'type', items: { required: ['type', 'status'] } },
        issuedTo: { required: ['publicKeyID'] },
        metadata: { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }] },
      },
    })
    // A RawExtension: strict field validation must not look inside it (IMG-13).
    expect(schema.properties.dockerImageMetadata).toMatchObject({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true })
  })
})
