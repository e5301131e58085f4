// Moving an object from client-side to server-side apply with kubectl 1.32 (K-19, K-11), the path the
// Kubernetes documentation recommends: `kubectl apply` then `kubectl apply --server-side` with the
// same file. kubectl's field manager `kubectl` takes over what `kubectl-client-side-apply` set without
// a conflict, every label and annotation survives, and the server keeps
// kubectl.kubernetes.io/last-applied-configuration up to date, so client-side apply still works after.
import { describe, expect, test } from 'vitest'
import { digest, kubectlPath, noKubectl, useKubectlServer } from './kubectlRunner.ts'

const images = '/apis/image.openshift.io/v1/images'
const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration'

function manifest(name: string, reference: string, labels: Record<string, string>, annotations: Record<string, string>): string {
  const lines = (map: Record<string, string>) => Object.entries(map).map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`)
  return [
    'apiVersion: image.openshift.io/v1',
    'kind: Image',
    'metadata:',
    `  name: ${JSON.stringify(name)}`,
    '  labels:',
    ...lines(labels),
    '  annotations:',
    ...lines(annotations),
    `dockerImageReference: ${reference}`,
    '',
  ].join('\n')
}

describe.skipIf(!kubectlPath)(`kubectl apply, then kubectl apply --server-side${noKubectl}`, () => {
  const h = useKubectlServer({ seed: 17 })
  const getJson = async (name: string) => (await fetch(`${h.server.url}${images}/${name}`)).json()
  const managers = (object: any) =>
    object.metadata.managedFields.map((entry: any) => ({ manager: entry.manager, operation: entry.operation, fieldsV1: entry.fieldsV1 }))

  test('the same file keeps every label and annotation; kubectl owns what it applies, the annotation stays with kubectl-last-applied', async () => {
    const name = digest(5)
    const file = h.kubectl.file('same.yaml', manifest(name, 'quay.io/demo/web:1', { app: 'web', stage: 'dev' }, { note: 'hello' }))
    expect(await h.kubectl.run(['apply', '-f', file])).toEqual({ code: 0, stdout: `image.image.openshift.io/${name} created\n`, stderr: '' })
    const annotation = (await getJson(name)).metadata.annotations[lastApplied]

    expect(await h.kubectl.run(['apply', '--server-side', '-f', file])).toEqual({
      code: 0,
      stdout: `image.image.openshift.io/${name} serverside-applied\n`,
      stderr: '',
    })
    const object = await getJson(name)
    expect(object.metadata.labels).toEqual({ app: 'web', stage: 'dev' })
    expect(object.metadata.annotations).toEqual({ note: 'hello', [lastApplied]: annotation })
    expect(object.dockerImageReference).toBe('quay.io/demo/web:1')
    // kubectl migrated the client-side manager's entry into its own and applied again: nothing is left
    // to kubectl-client-side-apply, and no entry claims a field the object lacks.
    expect(managers(object)).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        fieldsV1: {
          'f:dockerImageReference': {},
          'f:metadata': { 'f:annotations': { 'f:note': {} }, 'f:labels': { 'f:app': {}, 'f:stage': {} } },
        },
      },
      { manager: 'kubectl-last-applied', operation: 'Apply', fieldsV1: { 'f:metadata': { 'f:annotations': { [`f:${lastApplied}`]: {} } } } },
    ])

    // Back to client-side apply with the same file: the annotation is there and matches, so nothing changes.
    expect(await h.kubectl.run(['apply', '-f', file])).toEqual({ code: 0, stdout: `image.image.openshift.io/${name} unchanged\n`, stderr: '' })
  })

  test('a changed value and a dropped label move to server-side apply without a conflict; the annotation follows the file', async () => {
    const name = digest(6)
    const file = h.kubectl.file('changed.yaml', manifest(name, 'quay.io/demo/api:1', { app: 'api', stage: 'dev' }, { note: 'v1' }))
    await h.kubectl.ok(['apply', '-f', file])

    // The reference, a label and an annotation change; the `stage` label is no longer applied.
    h.kubectl.file('changed.yaml', manifest(name, 'quay.io/demo/api:2', { app: 'api', tier: 'back' }, { note: 'v2' }))
    expect(await h.kubectl.run(['apply', '--server-side', '-f', file])).toEqual({
      code: 0,
      stdout: `image.image.openshift.io/${name} serverside-applied\n`,
      stderr: '',
    })
    const object = await getJson(name)
    expect(object.dockerImageReference).toBe('quay.io/demo/api:2')
    expect(object.metadata.labels).toEqual({ app: 'api', tier: 'back' })
    expect(object.metadata.annotations.note).toBe('v2')
    // The server rewrote the annotation as the applied configuration, in kubectl's own encoding.
    expect(JSON.parse(object.metadata.annotations[lastApplied])).toEqual({
      apiVersion: 'image.openshift.io/v1',
      kind: 'Image',
      metadata: { name, labels: { app: 'api', tier: 'back' }, annotations: { note: 'v2' } },
      dockerImageReference: 'quay.io/demo/api:2',
    })
    expect(managers(object).map((entry: any) => `${entry.manager} ${entry.operation}`)).toEqual(['kubectl Apply', 'kubectl-last-applied Apply'])

    // Client-side apply of the same file finds nothing to do and does not warn about the annotation.
    expect(await h.kubectl.run(['apply', '-f', file])).toEqual({ code: 0, stdout: `image.image.openshift.io/${name} unchanged\n`, stderr: '' })
    // A further client-side change three-way merges against what server-side apply applied: the label
    // it drops goes.
    h.kubectl.file('changed.yaml', manifest(name, 'quay.io/demo/api:3', { app: 'api' }, { note: 'v3' }))
    expect(await h.kubectl.run(['apply', '-f', file])).toEqual({ code: 0, stdout: `image.image.openshift.io/${name} configured\n`, stderr: '' })
    const after = await getJson(name)
    expect(after.metadata.labels).toEqual({ app: 'api' })
    expect(after.dockerImageReference).toBe('quay.io/demo/api:3')
  })

  test('another server-side applier still conflicts: only kubectl takes over what client-side apply set', async () => {
    const name = digest(7)
    const file = h.kubectl.file('other.yaml', manifest(name, 'quay.io/demo/db:1', { app: 'db' }, { note: 'n' }))
    await h.kubectl.ok(['apply', '-f', file])
    h.kubectl.file('other.yaml', manifest(name, 'quay.io/demo/db:2', { app: 'db' }, { note: 'n' }))
    const conflict = await h.kubectl.run(['apply', '--server-side', '--field-manager=deployer', '-f', file])
    expect(conflict.code).toBe(1)
    expect(conflict.stderr.split('\n')[0]).toBe(
      'error: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using image.openshift.io/v1: .dockerImageReference',
    )
    // A value someone else changed after the client-side apply is not kubectl's to take either.
    await h.kubectl.ok(['patch', 'images.image.openshift.io', name, '--type=merge', '-p', '{"metadata":{"labels":{"app":"hotfix"}}}'])
    const kubectl = await h.kubectl.run(['apply', '--server-side', '-f', file])
    expect(kubectl.code).toBe(1)
    expect(kubectl.stderr.split('\n')[0]).toBe('error: Apply failed with 1 conflict: conflict with "kubectl-patch" using image.openshift.io/v1: .metadata.labels.app')
    expect((await getJson(name)).dockerImageReference).toBe('quay.io/demo/db:1')
  })
})
