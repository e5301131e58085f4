import { describe, expect, test } from 'vitest'
import type { Image } from '../../../src/openshift/image.ts'
import { createImage, imageFixtures, texts, updateImage, wire } from './imageTestKit.ts'

/** An image as stored after create, ready to be updated. */
function stored(body: object): Image {
  const { image, errors } = createImage(body)
  expect(errors).toEqual([])
  return image
}

describe('server-owned fields are kept (IMG-30)', () => {
  test('metadata, metadata version and layers silently keep their stored values', () => {
    const [fixture] = imageFixtures()
    const old = stored(fixture)
    const body = structuredClone(old)
    body.dockerImageMetadata = { kind: 'DockerImage', apiVersion: 'image.openshift.io/1.0', Id: 'forged', Created: null, ContainerConfig: {} }
    body.dockerImageLayers = []
    const { image, errors } = updateImage(old, body)
    expect(errors).toEqual([])
    expect(wire(image)).toEqual(wire(old))
  })

  test('layers cannot be added to an image stored without them', () => {
    const old = stored({ metadata: { name: 'x' }, dockerImageReference: 'a/b' })
    const { image } = updateImage(old, { ...old, dockerImageLayers: [{ name: 'sha256:' + '1'.repeat(64), size: 1, mediaType: 'm/t' }] })
    expect(image.dockerImageLayers).toBeUndefined()
  })

  test('schema 1 signature blobs are frozen once there are any, settable while there are none', () => {
    const empty = stored({ metadata: { name: 'x' }, dockerImageReference: 'a/b' })
    const first = updateImage(empty, { ...empty, dockerImageSignatures: ['YWJj'] }).image
    expect(first.dockerImageSignatures).toEqual(['YWJj'])
    const second = updateImage(first, { ...first, dockerImageSignatures: ['ZGVm'] }).image
    expect(second.dockerImageSignatures).toEqual(['YWJj'])
  })
})

describe('manifest and config changes (IMG-31, IMG-32, IMG-33)', () => {
  const [fixture] = imageFixtures()
  const bare = () => stored({ metadata: { name: fixture.metadata.name }, dockerImageReference: fixture.dockerImageReference })

  test('a manifest whose digest is the image name is accepted and fills layers and media type', () => {
    const old = bare()
    const { image } = updateImage(old, { ...old, dockerImageManifest: fixture.dockerImageManifest, dockerImageConfig: fixture.dockerImageConfig })
    expect(image.dockerImageManifest).toBe(fixture.dockerImageManifest)
    expect(image.dockerImageLayers).toEqual(fixture.dockerImageLayers)
    expect(image.dockerImageManifestMediaType).toBe(fixture.dockerImageManifestMediaType)
    // The config is judged against the media type the image had, which was still unknown.
    expect(image.dockerImageConfig).toBeUndefined()
    expect(image.dockerImageMetadata!.Id).toBe('')

    const { image: completed } = updateImage(image, { ...image, dockerImageConfig: fixture.dockerImageConfig })
    expect(completed.dockerImageConfig).toBe(fixture.dockerImageConfig)
    expect(wire(completed).dockerImageMetadata).toEqual(fixture.dockerImageMetadata)
  })

  test('manifest, config and media type sent together are accepted in one update', () => {
    const old = bare()
    const { image } = updateImage(old, {
      ...old,
      dockerImageManifest: fixture.dockerImageManifest,
      dockerImageConfig: fixture.dockerImageConfig,
      dockerImageManifestMediaType: fixture.dockerImageManifestMediaType,
    })
    expect(wire(image).dockerImageMetadata).toEqual(fixture.dockerImageMetadata)
  })

  test('a manifest that does not hash to the name is silently replaced by the stored one', () => {
    const old = stored(fixture)
    const tampered = fixture.dockerImageManifest!.replace('39583432', '39583433')
    const { image, errors } = updateImage(old, { ...old, dockerImageManifest: tampered })
    expect(errors).toEqual([])
    expect(image.dockerImageManifest).toBe(fixture.dockerImageManifest)
  })

  test('an image whose name is not a digest never takes a new manifest', () => {
    const old = stored({ metadata: { name: 'not-a-digest' }, dockerImageReference: 'a/b' })
    const { image } = updateImage(old, { ...old, dockerImageManifest: fixture.dockerImageManifest })
    expect(image.dockerImageManifest).toBeUndefined()
  })

  test('a config that does not hash to the manifest config digest is replaced by the stored one', () => {
    const old = stored(fixture)
    const { image } = updateImage(old, { ...old, dockerImageConfig: '{"architecture":"arm64"}' })
    expect(image.dockerImageConfig).toBe(fixture.dockerImageConfig)
  })

  test('manifest and config can be emptied', () => {
    const old = stored(fixture)
    const { image } = updateImage(old, { ...old, dockerImageManifest: '', dockerImageConfig: '' })
    expect(image.dockerImageManifest).toBeUndefined()
    expect(image.dockerImageConfig).toBeUndefined()
    expect(image.dockerImageLayers).toEqual(fixture.dockerImageLayers)
  })

  test('dropping the layer-order annotation makes schema 2 layers count as newest first again', () => {
    const old = stored(fixture)
    const body = structuredClone(old)
    body.metadata.annotations = { 'openshift.io/image.managed': 'true' }
    const { image } = updateImage(old, body)
    expect(image.dockerImageLayers).toEqual([...fixture.dockerImageLayers!].reverse())
    expect(image.metadata.annotations!['image.openshift.io/dockerLayersOrder']).toBe('ascending')
  })

  test('manifestBlobStored=true on update clears manifest and config', () => {
    const old = stored(fixture)
    const body = structuredClone(old)
    body.metadata.annotations = { ...body.metadata.annotations, 'image.openshift.io/manifestBlobStored': 'true' }
    const { image } = updateImage(old, body)
    expect(image.dockerImageManifest).toBeUndefined()
    expect(image.dockerImageConfig).toBeUndefined()
    expect(image.dockerImageMetadata).toEqual(old.dockerImageMetadata)
  })

  test('the manifest list rebuild is create-only', () => {
    const [, fixture2] = imageFixtures()
    const old = stored(fixture2)
    const { image } = updateImage(old, { ...old, dockerImageManifests: [] })
    expect(image.dockerImageManifests).toBeUndefined()
  })
})

describe('mutable fields and re-validation (IMG-25, IMG-33)', () => {
  test('dockerImageReference changes and is validated again', () => {
    const [, , fixture3] = imageFixtures()
    const old = stored(fixture3)
    const moved = updateImage(old, { ...old, dockerImageReference: 'mirror.example.com/ose-cli:v4.16' })
    expect(moved.errors).toEqual([])
    expect(moved.image.dockerImageReference).toBe('mirror.example.com/ose-cli:v4.16')
    expect(texts(updateImage(old, { ...old, dockerImageReference: '' }).errors)).toEqual(['dockerImageReference: Required value'])
  })

  test('signatures can be added, changed and removed; new ones are validated', () => {
    const [, , fixture3] = imageFixtures()
    const old = stored(fixture3)
    expect(updateImage(old, { ...old, signatures: [] }).image.signatures).toBeUndefined()
    const extra = { metadata: { name: `${old.metadata.name}@second` }, type: 'AtomicImageV1', content: 'c2ln' }
    const added = updateImage(old, { ...old, signatures: [...old.signatures!, extra] })
    expect(added.errors).toEqual([])
    expect(added.image.signatures).toHaveLength(2)
    const broken = updateImage(old, { ...old, signatures: [{ ...extra, type: '' }] })
    expect(texts(broken.errors)).toEqual(['signatures[0].type: Required value'])
  })

  test('the managed-signature annotation is stripped on update as well', () => {
    const [, , fixture3] = imageFixtures()
    const old = stored(fixture3)
    const body = structuredClone(old)
    body.signatures![0]!.metadata.annotations = { 'image.openshift.io/managed-signature': 'true' }
    const { image, errors } = updateImage(old, body)
    expect(errors).toEqual([])
    expect(image.signatures![0]!.metadata.annotations).toBeUndefined()
  })

  test('an unchanged body yields the stored object exactly (IMG-34 relies on it)', () => {
    for (const fixture of imageFixtures()) {
      const old = stored(fixture)
      expect(updateImage(old, structuredClone(old)).image).toEqual(old)
      expect(JSON.stringify(updateImage(old, structuredClone(old)).image)).toBe(JSON.stringify(old))
    }
  })
})
