// What a request addresses, from its method and path alone (K-2, K-28): the verb authorization sees,
// the object's name, and an answer — never an exception — for paths that name nothing served.
import { describe, expect, test } from 'vitest'
import { requestInfo } from '../../../src/kube/endpoints/requestInfo.ts'
import type { Endpoint, ResourceDefinition } from '../../../src/kube/resource.ts'

const resource = (plural: string, kind: string) => ({ plural, kind }) as ResourceDefinition
const images: Endpoint = { resource: resource('images', 'Image'), prefix: '/apis/image.openshift.io/v1', group: 'image.openshift.io', version: 'v1', groupVersion: 'image.openshift.io/v1' }
const legacyImages: Endpoint = { ...images, prefix: '/oapi/v1', group: '', groupVersion: 'v1' }
const snapshots: Endpoint = { resource: resource('imagesnapshots', 'ImageSnapshot'), prefix: '/apis/cci/v2', group: 'cci', version: 'v2', groupVersion: 'cci/v2' }
const endpoints = [images, legacyImages, snapshots]

const info = (method: string, path: string) => requestInfo(method, new URL(`http://cluster${path}`), endpoints)

describe('requestInfo', () => {
  test.each([
    ['GET', '/apis/image.openshift.io/v1/images', 'list', undefined],
    ['GET', '/apis/image.openshift.io/v1/images?watch=true', 'watch', undefined],
    ['GET', '/apis/image.openshift.io/v1/images?watch=1', 'watch', undefined],
    ['GET', '/apis/image.openshift.io/v1/images?watch=false', 'list', undefined],
    ['GET', '/apis/image.openshift.io/v1/images?watch=0', 'list', undefined],
    ['POST', '/apis/image.openshift.io/v1/images', 'create', undefined],
    ['DELETE', '/apis/image.openshift.io/v1/images', 'deletecollection', undefined],
    ['GET', '/apis/image.openshift.io/v1/images/a', 'get', 'a'],
    // A name's GET is a get, whatever ?watch says.
    ['GET', '/apis/image.openshift.io/v1/images/a?watch=true', 'get', 'a'],
    ['PUT', '/apis/image.openshift.io/v1/images/a', 'update', 'a'],
    ['PATCH', '/apis/image.openshift.io/v1/images/a', 'patch', 'a'],
    ['delete', '/apis/image.openshift.io/v1/images/a', 'delete', 'a'],
    ['GET', '/apis/image.openshift.io/v1/watch/images', 'watch', undefined],
    ['GET', '/apis/image.openshift.io/v1/watch/images/a', 'watch', 'a'],
    ['PUT', '/apis/image.openshift.io/v1/images', undefined, undefined],
    ['POST', '/apis/image.openshift.io/v1/images/a', undefined, 'a'],
    ['DELETE', '/apis/image.openshift.io/v1/watch/images', undefined, undefined],
  ])('%s %s → verb %s, name %s', (method, path, verb, name) => {
    expect(info(method, path)).toMatchObject({ endpoint: images, resource: 'images', verb, name, subresource: undefined })
  })

  test('the same resource under the legacy prefix is that prefix’s endpoint; watchPath marks /watch/', () => {
    expect(info('GET', '/oapi/v1/watch/images')).toMatchObject({ endpoint: legacyImages, verb: 'watch', watchPath: true })
    expect(info('GET', '/apis/cci/v2/imagesnapshots/s')).toMatchObject({ endpoint: snapshots, verb: 'get', name: 's', watchPath: false })
  })

  test('names are percent-decoded, whatever the case of the escapes (K-43)', () => {
    const name = `sha256:${'a'.repeat(64)}`
    expect(info('GET', `/apis/image.openshift.io/v1/images/${encodeURIComponent(name)}`)).toMatchObject({ name })
    expect(info('GET', `/apis/image.openshift.io/v1/images/${encodeURIComponent(name).toLowerCase()}`)).toMatchObject({ name })
  })

  test('what follows the name is a subresource', () => {
    expect(info('PUT', '/apis/image.openshift.io/v1/images/a/status')).toMatchObject({ endpoint: images, name: 'a', subresource: 'status' })
  })

  test('a path under a served prefix that names nothing served, or cannot be decoded, is unserved — not an exception', () => {
    for (const path of [
      '/apis/image.openshift.io/v1',
      '/apis/image.openshift.io/v1/',
      '/apis/image.openshift.io/v1/pods',
      '/apis/image.openshift.io/v1/images/',
      '/apis/image.openshift.io/v1/watch',
      '/apis/image.openshift.io/v1/images/%E0%A4%A',
      '/apis/image.openshift.io/v1/%E0%A4%A',
    ]) {
      expect(info('GET', path), path).toEqual({ endpoint: undefined, prefix: '/apis/image.openshift.io/v1' })
    }
  })

  test('a path under no served prefix is not a request for these endpoints', () => {
    expect(info('GET', '/apis/image.openshift.io/v1beta1/images')).toBeUndefined()
    expect(info('GET', '/v2/images')).toBeUndefined()
  })
})
