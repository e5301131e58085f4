import { describe, expect, test } from 'vitest'
import { toCause } from '../../../src/kube/fieldErrors.ts'
import { createImage, imageFixtures, strategyContext, wire } from './imageTestKit.ts'

const schema2 = 'application/vnd.docker.distribution.manifest.v2+json'
const layer = (n: number, size = n * 100) => ({
  name: `sha256:${String(n).repeat(64).slice(0, 64)}`,
  size,
  mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
})

describe('minimal create (§13, IMG-12)', () => {
  test('a bare Image renders zero-value metadata and version 1.0', () => {
    const { image, errors } = createImage({
      kind: 'Image',
      apiVersion: 'image.openshift.io/v1',
      metadata: { name: 'test' },
      dockerImageReference: 'openshift/ruby-19-centos:latest',
    })
    expect(errors).toEqual([])
    const body = wire(image)
    expect(body).toEqual({
      kind: 'Image',
      apiVersion: 'image.openshift.io/v1',
      metadata: { name: 'test' },
      dockerImageReference: 'openshift/ruby-19-centos:latest',
      dockerImageMetadata: { kind: 'DockerImage', apiVersion: 'image.openshift.io/1.0', Id: '', Created: null, ContainerConfig: {} },
      dockerImageMetadataVersion: '1.0',
    })
    expect(JSON.stringify(body.dockerImageMetadata)).toBe(
      '{"kind":"DockerImage","apiVersion":"image.openshift.io/1.0","Id":"","Created":null,"ContainerConfig":{}}',
    )
  })

  test('without dockerImageReference the only cause is FieldValueRequired (IMG-15)', () => {
    const { errors } = createImage({ kind: 'Image', apiVersion: 'image.openshift.io/v1', metadata: { name: 'test' } })
    expect(errors.map(toCause)).toEqual([{ reason: 'FieldValueRequired', message: 'Required value', field: 'dockerImageReference' }])
  })
})

describe('filling from the manifest (IMG-27)', () => {
  test('IMG-53: fixture 1 re-created without layers, metadata and media type gets them back', () => {
    const [fixture] = imageFixtures()
    const body = structuredClone(fixture)
    delete body.dockerImageLayers
    delete body.dockerImageMetadata
    delete body.dockerImageManifestMediaType
    delete body.metadata.annotations!['image.openshift.io/dockerLayersOrder']
    const { image, errors } = createImage(body)
    expect(errors).toEqual([])
    const result = wire(image)
    expect(result.dockerImageLayers).toEqual(fixture.dockerImageLayers)
    expect(result.dockerImageMetadata).toEqual(fixture.dockerImageMetadata)
    expect(result.dockerImageManifestMediaType).toBe(fixture.dockerImageManifestMediaType)
    expect(result.metadata.annotations).toEqual({
      'image.openshift.io/dockerLayersOrder': 'ascending',
      'openshift.io/image.managed': 'true',
    })
    // Size = config bytes (792) + the three layers.
    expect(result.dockerImageMetadata!.Size).toBe(792 + 39583432 + 58213871 + 2816443)
  })

  test('the three fixtures are stored and served unchanged', () => {
    for (const fixture of imageFixtures()) {
      const { image, errors } = createImage(fixture)
      expect(errors).toEqual([])
      expect(wire(image)).toEqual(fixture)
    }
  })

  test('without a manifest, layers, metadata and media type are stored as sent', () => {
    const { image } = createImage({
      metadata: { name: 'plain' },
      dockerImageReference: 'example.com/a/b:1',
      dockerImageLayers: [layer(1), layer(2)],
      dockerImageManifestMediaType: schema2,
    })
    expect(image.dockerImageLayers).toEqual([layer(1), layer(2)])
    expect(image.metadata.annotations).toBeUndefined()
  })

  test('schema 2 layers without the order annotation are assumed newest first and reversed', () => {
    const { image } = createImage({
      metadata: { name: 'reorder' },
      dockerImageReference: 'example.com/a/b:1',
      dockerImageManifest: '{"schemaVersion":2}',
      dockerImageManifestMediaType: schema2,
      dockerImageLayers: [layer(1), layer(2), layer(3)],
    })
    expect(image.dockerImageLayers).toEqual([layer(3), layer(2), layer(1)])
    expect(image.metadata.annotations).toEqual({ 'image.openshift.io/dockerLayersOrder': 'ascending' })
  })

  test('the order annotation decides: ascending keeps, descending reverses', () => {
    const base = {
      dockerImageReference: 'example.com/a/b:1',
      dockerImageManifest: '{"schemaVersion":2}',
      dockerImageManifestMediaType: schema2,
      dockerImageLayers: [layer(1), layer(2)],
    }
    const kept = createImage({ ...base, metadata: { name: 'a', annotations: { 'image.openshift.io/dockerLayersOrder': 'ascending' } } })
    expect(kept.image.dockerImageLayers).toEqual([layer(1), layer(2)])
    const reversed = createImage({ ...base, metadata: { name: 'd', annotations: { 'image.openshift.io/dockerLayersOrder': 'descending' } } })
    expect(reversed.image.dockerImageLayers).toEqual([layer(2), layer(1)])
    expect(reversed.image.metadata.annotations).toEqual({ 'image.openshift.io/dockerLayersOrder': 'ascending' })
  })

  test('an unknown media type without annotation leaves the layer order alone', () => {
    const { image } = createImage({
      metadata: { name: 'other' },
      dockerImageReference: 'example.com/a/b:1',
      dockerImageManifest: 'not json',
      dockerImageManifestMediaType: 'application/x-custom',
      dockerImageLayers: [layer(1), layer(2)],
    })
    expect(image.dockerImageLayers).toEqual([layer(1), layer(2)])
    expect(image.metadata.annotations).toBeUndefined()
  })

  test('already filled images are left alone (layers, Size > 0 and a media type)', () => {
    const [fixture] = imageFixtures()
    const body = structuredClone(fixture)
    body.dockerImageMetadata!.Architecture = 'arm64'
    const { image } = createImage(body)
    expect(image.dockerImageMetadata!.Architecture).toBe('arm64')
  })

  test('an unparsable manifest is stored as sent and fills nothing', () => {
    const { image, errors } = createImage({ metadata: { name: 'bad' }, dockerImageReference: 'a/b', dockerImageManifest: '{"schemaVersion":' })
    expect(errors).toEqual([])
    expect(image.dockerImageManifest).toBe('{"schemaVersion":')
    expect(image.dockerImageLayers).toBeUndefined()
    expect(image.dockerImageMetadata).toEqual({ kind: 'DockerImage', apiVersion: 'image.openshift.io/1.0', Id: '', Created: null, ContainerConfig: {} })
  })

  test('schema 2 without a config fills layers and media type but no metadata', () => {
    const [fixture] = imageFixtures()
    const { image } = createImage({ metadata: { name: fixture.metadata.name }, dockerImageReference: 'a/b', dockerImageManifest: fixture.dockerImageManifest })
    expect(image.dockerImageLayers).toEqual(fixture.dockerImageLayers)
    expect(image.dockerImageManifestMediaType).toBe(schema2)
    expect(image.dockerImageMetadata!.Id).toBe('')
  })

  test('an OCI manifest without mediaType falls back to the schema 2 media type; with one it is copied', () => {
    const oci = { schemaVersion: 2, config: { mediaType: 'application/vnd.oci.image.config.v1+json', size: 2, digest: 'sha256:' + 'c'.repeat(64) }, layers: [] }
    const bare = createImage({ metadata: { name: 'o1' }, dockerImageReference: 'a/b', dockerImageManifest: JSON.stringify(oci) })
    expect(bare.image.dockerImageManifestMediaType).toBe(schema2)
    const typed = createImage({
      metadata: { name: 'o2' },
      dockerImageReference: 'a/b',
      dockerImageManifest: JSON.stringify({ ...oci, mediaType: 'application/vnd.oci.image.manifest.v1+json' }),
      dockerImageConfig: '{}',
    })
    expect(typed.image.dockerImageManifestMediaType).toBe('application/vnd.oci.image.manifest.v1+json')
    // An empty manifest layer list still records the order annotation; Size is the config's 2 bytes.
    expect(typed.image.metadata.annotations).toEqual({ 'image.openshift.io/dockerLayersOrder': 'ascending' })
    expect(typed.image.dockerImageMetadata).toMatchObject({ Id: 'sha256:' + 'c'.repeat(64), Created: null, Size: 2 })
  })

  test('schema 1: layers reversed from fsLayers, sizes and metadata from v1Compatibility', () => {
    const newest = { id: 'l2', parent: 'l1', created: '2016-03-04T05:06:07.123+01:00', container_config: { Cmd: ['sh'] }, config: { Env: ['A=1'] }, architecture: 'amd64', docker_version: '1.10.3', size: 20, os: 'linux' }
    const manifest = {
      schemaVersion: 1,
      name: 'a/b',
      tag: 'latest',
      fsLayers: [{ blobSum: 'sha256:' + '2'.repeat(64) }, { blobSum: 'sha256:' + '1'.repeat(64) }],
      history: [{ v1Compatibility: JSON.stringify(newest) }, { v1Compatibility: '{"id":"l1","size":10}' }],
    }
    const { image } = createImage({ metadata: { name: 's1' }, dockerImageReference: 'a/b', dockerImageManifest: JSON.stringify(manifest) })
    const gtar = 'application/vnd.docker.container.image.rootfs.diff+x-gtar'
    expect(image.dockerImageLayers).toEqual([
      { name: 'sha256:' + '1'.repeat(64), size: 10, mediaType: gtar },
      { name: 'sha256:' + '2'.repeat(64), size: 20, mediaType: gtar },
    ])
    expect(image.dockerImageManifestMediaType).toBe('application/vnd.docker.distribution.manifest.v1+json')
    expect(wire(image).dockerImageMetadata).toEqual({
      kind: 'DockerImage',
      apiVersion: 'image.openshift.io/1.0',
      Id: 'l2',
      Parent: 'l1',
      Created: '2016-03-04T04:06:07Z',
      ContainerConfig: { Cmd: ['sh'] },
      DockerVersion: '1.10.3',
      Config: { Env: ['A=1'] },
      Architecture: 'amd64',
      Size: 30,
    })
  })

  test('schema 1 with mismatched history and fsLayers fills nothing', () => {
    const manifest = { schemaVersion: 1, fsLayers: [{ blobSum: 'sha256:' + '1'.repeat(64) }], history: [] }
    const { image } = createImage({ metadata: { name: 's1' }, dockerImageReference: 'a/b', dockerImageManifest: JSON.stringify(manifest) })
    expect(image.dockerImageLayers).toBeUndefined()
    expect(image.dockerImageManifestMediaType).toBeUndefined()
  })

  test('manifest keys match case-insensitively, as encoding/json does', () => {
    const [fixture] = imageFixtures()
    const shouting = fixture.dockerImageManifest!.replace('"layers"', '"LAYERS"')
    const { image } = createImage({ metadata: { name: 'x' }, dockerImageReference: 'a/b', dockerImageManifest: shouting })
    expect(image.dockerImageLayers).toHaveLength(3)
  })
})

describe('manifest lists (IMG-27 step 4, IMG-28)', () => {
  const [, fixture2] = imageFixtures()
  const list = {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
    manifests: fixture2.dockerImageManifests!.map((m) => ({
      mediaType: m.mediaType,
      size: m.manifestSize,
      digest: m.digest,
      platform: { architecture: m.architecture, os: m.os, ...(m.variant ? { variant: m.variant } : {}) },
    })),
  }

  test('metadata gets the image name as Id and the clock as Created; sub-manifests are rebuilt', () => {
    const ctx = strategyContext()
    const { image, errors } = createImage(
      {
        metadata: { name: fixture2.metadata.name },
        dockerImageReference: fixture2.dockerImageReference,
        dockerImageManifest: JSON.stringify(list),
        dockerImageManifests: [{ digest: 'sha256:' + 'f'.repeat(64), mediaType: 'a/b', manifestSize: 1, architecture: 'x', os: 'y' }],
      },
      ctx,
    )
    expect(errors).toEqual([])
    expect(image.dockerImageMetadata).toEqual({
      kind: 'DockerImage',
      apiVersion: 'image.openshift.io/1.0',
      Id: fixture2.metadata.name,
      Created: '2026-01-01T00:00:00Z',
      ContainerConfig: {},
    })
    expect(image.dockerImageManifests).toEqual(fixture2.dockerImageManifests)
    // The media type of a list is not inferred from the manifest.
    expect(image.dockerImageManifestMediaType).toBeUndefined()
    expect(image.dockerImageLayers).toBeUndefined()
  })

  test('an OCI index is treated the same way', () => {
    const index = { ...list, mediaType: 'application/vnd.oci.image.index.v1+json' }
    const { image } = createImage({ metadata: { name: 'idx' }, dockerImageReference: 'a/b', dockerImageManifest: JSON.stringify(index) })
    expect(image.dockerImageManifests).toHaveLength(4)
    expect(image.dockerImageMetadata!.Id).toBe('idx')
  })
})

describe('after filling (IMG-29)', () => {
  test('manifestBlobStored=true clears manifest and config once metadata is filled from them', () => {
    const [fixture] = imageFixtures()
    const body = structuredClone(fixture)
    delete body.dockerImageMetadata
    delete body.dockerImageLayers
    body.metadata.annotations = { 'image.openshift.io/manifestBlobStored': 'true' }
    const { image } = createImage(body)
    expect(image.dockerImageManifest).toBeUndefined()
    expect(image.dockerImageConfig).toBeUndefined()
    expect(image.dockerImageMetadata).toEqual(fixture.dockerImageMetadata)
  })

  test('the managed-signature annotation is removed from signatures, so they validate', () => {
    const [, , fixture3] = imageFixtures()
    const body = structuredClone(fixture3)
    body.signatures![0]!.metadata.annotations = { 'image.openshift.io/managed-signature': 'true' }
    const { image, errors } = createImage(body)
    expect(errors).toEqual([])
    expect(wire(image).signatures).toEqual(fixture3.signatures)
  })

  test('the server never sets openshift.io/image.managed itself', () => {
    const { image } = createImage({ metadata: { name: 'x' }, dockerImageReference: 'a/b' })
    expect(image.metadata.annotations).toBeUndefined()
  })
})
