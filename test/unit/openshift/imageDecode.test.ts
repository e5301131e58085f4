import { describe, expect, test } from 'vitest'
import { imageResource } from '../../../src/openshift/image.ts'
import { createImage, imageFixtures, wire } from './imageTestKit.ts'

const decode = (body: object) => imageResource.decode!({ metadata: { name: 'x' }, dockerImageReference: 'a/b', ...body })

describe('[]byte fields are base64 (IMG-14)', () => {
  test.each([
    [{ dockerImageSignatures: ['YWJjZA==', 'abcd!'] }, 'illegal base64 data at input byte 4'],
    [{ dockerImageSignatures: ['abc'] }, 'illegal base64 data at input byte 0'],
    [{ dockerImageSignatures: ['ab=c'] }, 'illegal base64 data at input byte 2'],
    [{ dockerImageSignatures: ['YQ==YQ=='] }, 'illegal base64 data at input byte 4'],
    [{ dockerImageSignatures: ['YQ='] }, 'illegal base64 data at input byte 3'],
    [{ dockerImageSignatures: ['é'] }, 'illegal base64 data at input byte 0'],
    [{ signatures: [{ metadata: { name: 'x@y' }, type: 't', content: 'not base64' }] }, 'illegal base64 data at input byte 3'],
  ])('%j → %s', (body, message) => {
    expect(decode(body)).toBe(message)
  })

  test('valid values decode, newlines are ignored, and the stored value is re-encoded canonically', () => {
    expect(decode({ dockerImageSignatures: ['YWJj\r\nZA==', ''] })).toBeUndefined()
    const { image } = createImage({ metadata: { name: 'x' }, dockerImageReference: 'a/b', dockerImageSignatures: ['YWJj\nZA=='] })
    expect(image.dockerImageSignatures).toEqual(['YWJjZA=='])
  })

  test('the fixture-3 signature content is valid base64', () => {
    expect(imageResource.decode!(imageFixtures()[2])).toBeUndefined()
  })
})

describe('wrong JSON types are refused as Go decodes them', () => {
  test.each([
    [{ dockerImageReference: 5 }, 'json: cannot unmarshal number into Go struct field Image.dockerImageReference of type string'],
    [{ dockerImageLayers: 'x' }, 'json: cannot unmarshal string into Go struct field Image.dockerImageLayers of type []v1.ImageLayer'],
    [{ dockerImageLayers: [{ name: 'n', size: 'big' }] }, 'json: cannot unmarshal string into Go struct field ImageLayer.dockerImageLayers.size of type int64'],
    [{ dockerImageLayers: [{ size: 1.5 }] }, 'json: cannot unmarshal number 1.5 into Go struct field ImageLayer.dockerImageLayers.size of type int64'],
    [{ dockerImageManifests: [{ manifestSize: true }] }, 'json: cannot unmarshal bool into Go struct field ImageManifest.dockerImageManifests.manifestSize of type int64'],
    [{ signatures: [{ conditions: [{ type: 7 }] }] }, 'json: cannot unmarshal number into Go struct field SignatureCondition.signatures.conditions.type of type v1.SignatureConditionType'],
    [{ signatures: [{ signedClaims: { a: 1 } }] }, 'json: cannot unmarshal number into Go struct field ImageSignature.signatures.signedClaims of type string'],
    [{ signatures: [{ issuedTo: 'me' }] }, 'json: cannot unmarshal string into Go struct field ImageSignature.signatures.issuedTo of type v1.SignatureSubject'],
    [{ signatures: [{ metadata: { labels: [] } }] }, 'json: cannot unmarshal array into Go struct field ObjectMeta.signatures.metadata.labels of type map[string]string'],
  ])('%j', (body, message) => {
    expect(decode(body)).toBe(message)
  })

  test('times are parsed as RFC 3339 with Go wording', () => {
    expect(decode({ signatures: [{ created: 'yesterday' }] })).toBe(
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    )
    expect(decode({ signatures: [{ created: '2025-13-01T00:00:00Z' }] })).toBe('parsing time "2025-13-01T00:00:00Z": month out of range')
    expect(decode({ signatures: [{ created: '2025-02-30T00:00:00Z' }] })).toBe('parsing time "2025-02-30T00:00:00Z": day out of range')
    expect(decode({ signatures: [{ created: '2025-01-01 00:00:00Z' }] })).toBe(
      'parsing time "2025-01-01 00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 00:00:00Z" as "T"',
    )
    expect(decode({ signatures: [{ conditions: [{ lastProbeTime: 5 }] }] })).toBe(
      'json: cannot unmarshal number into Go struct field SignatureCondition.signatures.conditions.lastProbeTime of type string',
    )
  })

  test('the first error in document order wins', () => {
    expect(decode({ dockerImageSignatures: ['!'], dockerImageLayers: 'x' })).toBe('illegal base64 data at input byte 0')
    expect(decode({ dockerImageLayers: 'x', dockerImageSignatures: ['!'] })).toContain('Image.dockerImageLayers')
  })

  test('null is the zero value everywhere', () => {
    expect(decode({ dockerImageLayers: null, signatures: [{ content: null, conditions: null, created: null }], dockerImageMetadata: null })).toBeUndefined()
  })
})

describe('dockerImageMetadata (IMG-11, IMG-13)', () => {
  test('any dockerImageMetadataVersion but 1.0 is refused', () => {
    expect(decode({ dockerImageMetadataVersion: '1.0' })).toBeUndefined()
    expect(decode({ dockerImageMetadataVersion: '' })).toBeUndefined()
    expect(decode({ dockerImageMetadataVersion: 'pre012', dockerImageMetadata: {} })).toBe(
      'no kind "DockerImage" is registered for version "pre012" in scheme "github.com/openshift/openshift-apiserver/pkg/image/apis/image/v1/conversion.go:20"',
    )
  })

  test('metadata is decoded as a DockerImage', () => {
    expect(decode({ dockerImageMetadata: { Size: 'big' } })).toBe('json: cannot unmarshal string into Go struct field DockerImage.Size of type int64')
    expect(decode({ dockerImageMetadata: { Config: { Env: 'A=1' } } })).toBe(
      'json: cannot unmarshal string into Go struct field DockerConfig.Config.Env of type []string',
    )
    expect(decode({ dockerImageMetadata: 'x' })).toBe(
      'couldn\'t get version/kind; json parse error: json: cannot unmarshal string into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }',
    )
    expect(decode({ dockerImageMetadata: { kind: 1 } })).toBe(
      "couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .kind of type string",
    )
  })

  test('unknown metadata keys are dropped, known ones kept in Go order, kind/apiVersion optional', () => {
    const { image } = createImage({
      metadata: { name: 'x' },
      dockerImageReference: 'a/b',
      dockerImageMetadata: { Size: 7, Bogus: true, Config: { Labels: { b: '2', a: '1' }, ExposedPorts: { '80/tcp': { junk: 1 } }, Env: [] }, Id: 'i' },
    })
    const metadata = wire(image).dockerImageMetadata!
    expect(JSON.stringify(metadata)).toBe(
      '{"kind":"DockerImage","apiVersion":"image.openshift.io/1.0","Id":"i","Created":null,"ContainerConfig":{},"Config":{"ExposedPorts":{"80/tcp":{}},"Labels":{"a":"1","b":"2"}},"Size":7}',
    )
  })
})

test('unknown top-level and nested keys are dropped, signature kind/apiVersion too', () => {
  const { image } = createImage({
    metadata: { name: 'x' },
    dockerImageReference: 'a/b',
    extra: 1,
    signatures: [{ kind: 'ImageSignature', apiVersion: 'image.openshift.io/v1', metadata: { name: 'x@y' }, type: 't', content: 'YQ==', bogus: 2 }],
  })
  expect(image).not.toHaveProperty('extra')
  expect(JSON.stringify(image.signatures)).toBe('[{"metadata":{"name":"x@y","creationTimestamp":null},"type":"t","content":"YQ=="}]')
})

test('times are stored in UTC with whole seconds, as metav1.Time marshals them', () => {
  const { image } = createImage({
    metadata: { name: 'x' },
    dockerImageReference: 'a/b',
    signatures: [{ metadata: { name: 'x@y' }, type: 't', content: 'YQ==', created: '2025-11-27T05:02:11.999+01:00' }],
  })
  expect(image.signatures![0]!.created).toBe('2025-11-27T04:02:11Z')
})
