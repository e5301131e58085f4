import { describe, expect, test } from 'vitest'
import { aggregateText, toCause } from '../../../src/kube/fieldErrors.ts'
import type { ImageSignature } from '../../../src/openshift/image.ts'
import { validateImageSignature } from '../../../src/openshift/imageValidation.ts'
import { createImage, imageFixtures, texts } from './imageTestKit.ts'

const digest = 'sha256:' + 'a'.repeat(64)
const withReference = (dockerImageReference: string) => createImage({ metadata: { name: 'x' }, dockerImageReference }).errors

describe('dockerImageReference (IMG-15)', () => {
  test.each([
    'openshift/ruby-19-centos:latest',
    'ruby',
    'docker.io/library/ruby:3.3',
    'localhost:5000/team/app:v1.2.3',
    `registry.redhat.io/openshift4/ose-cli@${digest}`,
    `quay.io/a/b/c:tag@${digest}`,
    'example.com',
    'a__b/c--d/e.f_g',
  ])('accepts %s', (reference) => {
    expect(withReference(reference)).toEqual([])
  })

  test.each([
    ['Ruby', 'repository name must be lowercase'],
    ['a-|///bbb', 'invalid reference format'],
    ['a/b@sha256:something', 'invalid reference format'],
    ['a/b:', 'invalid reference format'],
    [`a/b:${'t'.repeat(129)}`, 'invalid reference format'],
    ['a'.repeat(256), 'repository name must not be more than 255 characters'],
    [`a/b@sha256:${'A'.repeat(64)}`, 'invalid checksum digest format'],
    [`a/b@sha256:${'a'.repeat(40)}`, 'invalid checksum digest length'],
    [`a/b@md5:${'a'.repeat(32)}`, 'unsupported digest algorithm'],
    [`a/b@Sha256:${'a'.repeat(64)}`, 'invalid checksum digest format'],
  ])('rejects %s with "%s"', (reference, reason) => {
    const errors = withReference(reference)
    expect(texts(errors)).toEqual([`dockerImageReference: Invalid value: ${JSON.stringify(reference)}: ${reason}`])
    expect(errors.map(toCause)).toEqual([
      { reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(reference)}: ${reason}`, field: 'dockerImageReference' },
    ])
  })

  test('a long hostile name fails fast instead of backtracking for ever', () => {
    const started = performance.now()
    expect(texts(withReference(`${'a'.repeat(50_000)}!`))).toHaveLength(1)
    expect(texts(withReference(`${'a-'.repeat(20_000)}/`))).toHaveLength(1)
    expect(performance.now() - started).toBeLessThan(2_000)
  })
})

describe('signatures (IMG-20..IMG-24)', () => {
  const signature = (overrides: Partial<ImageSignature> = {}): ImageSignature => ({
    metadata: { name: 'img@sig' },
    type: 'AtomicImageV1',
    content: 'YmxvYg==',
    ...overrides,
  })
  const check = (...signatures: ImageSignature[]) => createImage({ metadata: { name: 'img' }, dockerImageReference: 'a/b', signatures }).errors
  const trustedConditions = [
    { type: 'Trusted', status: 'True', lastProbeTime: null, lastTransitionTime: null },
    { type: 'ForImage', status: 'True', lastProbeTime: null, lastTransitionTime: null },
  ]

  test('a minimal signature and the fixture-3 trusted signature are valid', () => {
    expect(check(signature())).toEqual([])
    expect(createImage(imageFixtures()[2]).errors).toEqual([])
  })

  test('a name without exactly one @ and a missing type', () => {
    expect(texts(check(signature({ metadata: { name: 'notype' }, type: '' })))).toEqual([
      'signatures[0].metadata.name: Invalid value: "notype": name must be of format <imageName>@<signatureName>',
      'signatures[0].type: Required value',
    ])
    expect(texts(check(signature({ metadata: { name: 'a@b@c' } }), signature({ metadata: { name: '@b' } })))).toEqual([
      'signatures[0].metadata.name: Invalid value: "a@b@c": name must be of format <imageName>@<signatureName>',
      'signatures[1].metadata.name: Invalid value: "@b": name must be of format <imageName>@<signatureName>',
    ])
  })

  test('missing name and content', () => {
    expect(check(signature({ metadata: {}, content: null })).map(toCause)).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'signatures[0].metadata.name' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: "": name must be of format <imageName>@<signatureName>', field: 'signatures[0].metadata.name' },
      { reason: 'FieldValueRequired', message: 'Required value', field: 'signatures[0].content' },
    ])
  })

  test('the name is a path segment, and a namespace is not allowed', () => {
    expect(texts(check(signature({ metadata: { name: 'a/b@c%d', namespace: 'ns' } })))).toEqual([
      `signatures[0].metadata.name: Invalid value: "a/b@c%d": may not contain '/'`,
      `signatures[0].metadata.name: Invalid value: "a/b@c%d": may not contain '%'`,
      'signatures[0].metadata.namespace: Forbidden: not allowed on this type',
    ])
  })

  test('labels and annotations are forbidden', () => {
    expect(check(signature({ metadata: { name: 'img@sig', labels: { a: 'b' }, annotations: { c: 'd' } } })).map(toCause)).toEqual([
      { reason: 'FieldValueForbidden', message: 'Forbidden: signature labels cannot be set', field: 'signatures[0].metadata.labels' },
      { reason: 'FieldValueForbidden', message: 'Forbidden: signature annotations cannot be set', field: 'signatures[0].metadata.annotations' },
    ])
  })

  test('Trusted needs ForImage and vice versa (IMG-23)', () => {
    const onlyTrusted = check(signature({ conditions: [trustedConditions[0]!], imageIdentity: 'registry.company.ltd/app/core:v1.2' }))
    expect(onlyTrusted).toMatchObject([{ type: 'Invalid', field: 'signatures[0].conditions', detail: 'missing "ForImage" condition type' }])
    const onlyForImage = check(signature({ conditions: [trustedConditions[1]!] }))
    expect(onlyForImage).toMatchObject([
      { type: 'Invalid', field: 'signatures[0].conditions', detail: 'missing "Trusted" condition type' },
    ])
  })

  test('identity fields must be unset without a trusted verdict (IMG-24)', () => {
    const filled = {
      imageIdentity: 'registry.company.ltd/app/core:v1.2',
      signedClaims: { claim: 'value' },
      issuedBy: { organization: 'org' },
      issuedTo: { publicKeyID: 'id' },
    }
    const unknown = check(
      signature({
        ...filled,
        conditions: [
          { type: 'Trusted', status: 'Unknown', lastProbeTime: null, lastTransitionTime: null },
          { type: 'ForImage', status: 'Unknown', lastProbeTime: null, lastTransitionTime: null },
        ],
      }),
    )
    expect(unknown.map((e) => [e.field, e.detail])).toEqual([
      ['signatures[0].imageIdentity', 'must be unset for unknown signature state'],
      ['signatures[0].signedClaims', 'must be unset for unknown signature state'],
      ['signatures[0].issuedBy', 'must be unset for unknown signature state'],
      ['signatures[0].issuedTo', 'must be unset for unknown signature state'],
    ])
    expect(texts(unknown)[0]).toBe(
      'signatures[0].imageIdentity: Invalid value: "registry.company.ltd/app/core:v1.2": must be unset for unknown signature state',
    )
    // No Trusted condition at all counts as unknown too.
    expect(check(signature({ imageIdentity: 'x' }))).toHaveLength(1)
  })

  test('the latest Trusted condition by lastProbeTime decides', () => {
    const at = (time: string) => ({ lastProbeTime: time, lastTransitionTime: time })
    const conditions = [
      { type: 'Trusted', status: 'Unknown', ...at('2025-01-02T00:00:00Z') },
      { type: 'Trusted', status: 'True', ...at('2025-01-01T00:00:00Z') },
      { type: 'ForImage', status: 'True', ...at('2025-01-01T00:00:00Z') },
    ]
    expect(check(signature({ conditions, imageIdentity: 'x' }))).toHaveLength(1)
    const later = [conditions[1]!, { ...conditions[0]!, status: 'True', ...at('2025-01-03T00:00:00Z') }, conditions[2]!]
    expect(check(signature({ conditions: later, imageIdentity: 'x' }))).toEqual([])
  })
})

describe('dockerImageManifests (IMG-18)', () => {
  const entry = { digest, mediaType: 'foo/bar', manifestSize: 1, architecture: 'amd64', os: 'linux' }
  const check = (manifests: object[], extra: object = {}) =>
    createImage({ metadata: { name: 'list' }, dockerImageReference: 'a/b', dockerImageManifests: manifests, ...extra }).errors

  test('the fixture-2 manifest list is valid', () => {
    expect(createImage(imageFixtures()[1]).errors).toEqual([])
  })

  test.each([
    [{ digest: 'abc' }, 'dockerImageManifests[0].digest: Invalid value: "abc": digest does not conform with OCI image specification'],
    [{ mediaType: 'foobar' }, 'dockerImageManifests[0].mediaType: Invalid value: "foobar": media type does not conform to RFC6838'],
    [{ architecture: '' }, 'dockerImageManifests[0].architecture: Required value'],
    [{ os: '' }, 'dockerImageManifests[0].os: Required value'],
    [{ manifestSize: -2 }, 'dockerImageManifests[0].size: Invalid value: -2: manifest size cannot be negative'],
  ])('%o', (override, message) => {
    expect(texts(check([{ ...entry, ...override }]))).toEqual([message])
  })

  test('the digest rule is an unanchored search, as upstream', () => {
    expect(check([{ ...entry, digest: `see x1:${'0'.repeat(32)} here` }])).toEqual([])
    expect(texts(check([{ ...entry, digest: `1:${'0'.repeat(32)}` }]))).toHaveLength(1)
    expect(texts(check([{ ...entry, digest: `${'a'.repeat(100_000)}:${'0'.repeat(31)}` }]))).toHaveLength(1)
  })

  test('layers next to manifests are refused', () => {
    const errors = check([entry], { dockerImageLayers: [{ name: digest, size: 1, mediaType: 'a/b' }] })
    expect(errors).toMatchObject([
      { type: 'Invalid', field: 'dockerImageLayers', detail: 'dockerImageLayers should not be set when dockerImageManifests is set' },
    ])
  })

  test('layers are otherwise not validated (IMG-19)', () => {
    const { errors } = createImage({ metadata: { name: 'x' }, dockerImageReference: 'a/b', dockerImageLayers: [{ name: 'whatever' }] })
    expect(errors).toEqual([])
  })
})

test('a 422 reports every violation in validator order (K-3)', () => {
  const { errors } = createImage({
    metadata: { name: 'x' },
    signatures: [{ metadata: { name: 'nope' }, type: 'AtomicImageV1', content: 'YQ==' }],
    dockerImageManifests: [{ digest: 'abc', mediaType: 'a/b', manifestSize: 0, architecture: 'amd64', os: 'linux' }],
  })
  expect(aggregateText(errors)).toBe(
    '[dockerImageReference: Required value, signatures[0].metadata.name: Invalid value: "nope": name must be of format <imageName>@<signatureName>, dockerImageManifests[0].digest: Invalid value: "abc": digest does not conform with OCI image specification]',
  )
})

test('a standalone ImageSignature (POST imagesignatures, IMG-10) is validated with unprefixed paths', () => {
  const errors = validateImageSignature({ metadata: { name: 'nosig' }, type: '', content: 'YQ==' }, '')
  expect(texts(errors)).toEqual([
    'metadata.name: Invalid value: "nosig": name must be of format <imageName>@<signatureName>',
    'type: Required value',
  ])
})
