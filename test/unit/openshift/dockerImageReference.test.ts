import { expect, test } from 'vitest'
import { parseDockerImageReference } from '../../../src/openshift/dockerImageReference.ts'

const digest = 'sha256:' + 'b'.repeat(64)

// library-go reference.Parse splits a pull spec the way oc and the registry read it (IMG-15).
test.each([
  ['ruby', { registry: '', namespace: '', name: 'ruby', tag: '', id: '' }],
  ['openshift/ruby-19-centos:latest', { registry: '', namespace: 'openshift', name: 'ruby-19-centos', tag: 'latest', id: '' }],
  [`registry.redhat.io/openshift4/ose-cli@${digest}`, { registry: 'registry.redhat.io', namespace: 'openshift4', name: 'ose-cli', tag: '', id: digest }],
  ['localhost/app:v1', { registry: 'localhost', namespace: '', name: 'app', tag: 'v1', id: '' }],
  ['host:5000/a/b/c:t', { registry: 'host:5000', namespace: 'a', name: 'b/c', tag: 't', id: '' }],
  ['example.com:tag', { registry: 'example.com:tag', namespace: '', name: '', tag: '', id: '' }],
])('%s', (spec, reference) => {
  expect(parseDockerImageReference(spec)).toEqual({ ok: true, reference })
})

test('an empty spec has no component', () => {
  expect(parseDockerImageReference('')).toEqual({ ok: false, error: 'repository name must have at least one component' })
})
