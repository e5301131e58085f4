// kubectl 1.32 writing OpenShift Images: client-side apply with its last-applied annotation and the
// strategic patches it builds from /openapi/v3 (K-40, K-41), server-side apply with field ownership and
// conflicts (K-19, K-11), server dry runs (K-18) and field validation (K-20).
import { describe, expect, test } from 'vitest'
import { digest, imageYaml, withoutKubectl, noKubectl, useKubectlServer } from './kubectlRunner.ts'

const images = '/apis/image.openshift.io/v1/images'
const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration'

describe.skipIf(withoutKubectl)(`kubectl apply against the standalone server${noKubectl}`, () => {
  const h = useKubectlServer({ seed: 12 })

  const stored = (name: string) => h.server.emulator.openshift.images.get(name)
  const getJson = async (name: string) => (await fetch(`${h.server.url}${images}/${name}`)).json()

  test('apply -f creates, applies again to configure (strategic patch), and a third time changes nothing (K-41)', async () => {
    const name = digest(1)
    const file = h.kubectl.file('web.yaml', imageYaml(name, 'quay.io/demo/web:1', { app: 'web', stage: 'dev' }))
    expect(await h.kubectl.run(['apply', '-f', file])).toEqual({ code: 0, stdout: `image.image.openshift.io/${name} created\n`, stderr: '' })
    const post = h.server.emulator.journal.entries({ method: 'POST', path: images })[0]!
    expect(new URL(post.url, h.server.url).searchParams.toString()).toBe('fieldManager=kubectl-client-side-apply&fieldValidation=Strict')
    expect(JSON.parse(stored(name)!.metadata.annotations![lastApplied]!)).toMatchObject({ metadata: { name, labels: { app: 'web', stage: 'dev' } } })

    // The second apply drops a label and changes the reference: a three-way merge against last-applied.
    h.kubectl.file('web.yaml', imageYaml(name, 'quay.io/demo/web:2', { app: 'web' }))
    expect(await h.kubectl.run(['apply', '-f', file])).toEqual({ code: 0, stdout: `image.image.openshift.io/${name} configured\n`, stderr: '' })
    const patch = h.server.emulator.journal.entries({ method: 'PATCH' })[0]!
    // The document's PATCH operation accepts strategic merge, so kubectl builds one from the schema.
    expect(patch.requestHeaders['content-type']).toBe('application/strategic-merge-patch+json')
    const object = stored(name)!
    expect(object.metadata.labels).toEqual({ app: 'web' })
    expect(object.dockerImageReference).toBe('quay.io/demo/web:2')

    const resourceVersion = object.metadata.resourceVersion
    expect(await h.kubectl.run(['apply', '-f', file])).toEqual({ code: 0, stdout: `image.image.openshift.io/${name} unchanged\n`, stderr: '' })
    expect(stored(name)!.metadata.resourceVersion).toBe(resourceVersion)

    // K-11: the writes are the client-side applier's.
    const managed = (await getJson(name)).metadata.managedFields
    expect(managed).toEqual([
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        apiVersion: 'image.openshift.io/v1',
        time: '2026-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:dockerImageReference': {},
          'f:metadata': { 'f:annotations': { '.': {}, [`f:${lastApplied}`]: {} }, 'f:labels': { '.': {}, 'f:app': {} } },
        },
      },
    ])
  })

  test('apply --server-side owns what it applies; a field another manager set conflicts until --force-conflicts (K-19)', async () => {
    const name = digest(2)
    const file = h.kubectl.file('ssa.yaml', imageYaml(name, 'quay.io/demo/ssa:1', { team: 'a', keep: 'yes' }))
    expect(await h.kubectl.run(['apply', '--server-side', '-f', file])).toEqual({
      code: 0,
      stdout: `image.image.openshift.io/${name} serverside-applied\n`,
      stderr: '',
    })
    const apply = h.server.emulator.journal.entries({ method: 'PATCH' })[0]!
    expect(apply.requestHeaders['content-type']).toBe('application/apply-patch+yaml')
    expect(new URL(apply.url, h.server.url).searchParams.toString()).toBe('fieldManager=kubectl&fieldValidation=Strict&force=false')

    await h.server.emulator.clock.advance('1m')
    await h.kubectl.ok(['patch', 'images.image.openshift.io', name, '--type=merge', '-p', '{"dockerImageReference":"quay.io/demo/ssa:hotfix"}'])

    const conflict = await h.kubectl.run(['apply', '--server-side', '-f', file])
    expect(conflict.code).toBe(1)
    expect(conflict.stdout).toBe('')
    expect(conflict.stderr.split('\n')[0]).toBe(
      'error: Apply failed with 1 conflict: conflict with "kubectl-patch" using image.openshift.io/v1: .dockerImageReference',
    )
    expect(conflict.stderr).toContain('re-run the apply\n  command with the `--force-conflicts` flag.')
    expect(stored(name)!.dockerImageReference).toBe('quay.io/demo/ssa:hotfix')

    // Forced: the applier takes the field back; the label it stops applying goes (nobody else owns it).
    h.kubectl.file('ssa.yaml', imageYaml(name, 'quay.io/demo/ssa:1', { team: 'a' }))
    expect(await h.kubectl.run(['apply', '--server-side', '--force-conflicts', '-f', file])).toEqual({
      code: 0,
      stdout: `image.image.openshift.io/${name} serverside-applied\n`,
      stderr: '',
    })
    const object = await getJson(name)
    expect(object.dockerImageReference).toBe('quay.io/demo/ssa:1')
    expect(object.metadata.labels).toEqual({ team: 'a' })
    expect(object.metadata.managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'image.openshift.io/v1',
        time: '2026-01-01T00:01:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:dockerImageReference': {}, 'f:metadata': { 'f:labels': { 'f:team': {} } } },
      },
    ])

    // The managers as kubectl shows them on request.
    const yaml = await h.kubectl.ok(['get', 'images.image.openshift.io', name, '-o', 'yaml', '--show-managed-fields'])
    expect(yaml).toContain('    manager: kubectl\n    operation: Apply\n')
  })

  test('--dry-run=server: apply, label and delete answer as if done and change nothing (K-18)', async () => {
    const name = digest(3)
    const file = h.kubectl.file('dry.yaml', imageYaml(name, 'quay.io/demo/dry:1'))
    expect((await h.kubectl.ok(['apply', '-f', file, '--dry-run=server'])).trim()).toBe(`image.image.openshift.io/${name} created (server dry run)`)
    expect(stored(name)).toBeUndefined()

    await h.kubectl.ok(['apply', '-f', file])
    const resourceVersion = stored(name)!.metadata.resourceVersion
    expect((await h.kubectl.ok(['label', 'images.image.openshift.io', name, 'x=y', '--dry-run=server'])).trim()).toBe(
      `image.image.openshift.io/${name} labeled (server dry run)`,
    )
    expect((await h.kubectl.ok(['apply', '--server-side', '-f', file, '--dry-run=server'])).trim()).toBe(
      `image.image.openshift.io/${name} serverside-applied (server dry run)`,
    )
    expect((await h.kubectl.ok(['delete', 'images.image.openshift.io', name, '--dry-run=server'])).trim()).toBe(
      `image.image.openshift.io "${name}" deleted (server dry run)`,
    )
    expect(stored(name)!.metadata.resourceVersion).toBe(resourceVersion)
    expect(stored(name)!.metadata.labels).toBeUndefined()
    expect(h.server.emulator.journal.entries({ method: 'DELETE' })[0]!.status).toBe(200)
  })

  test('field validation: kubectl asks for Strict, so an unknown field fails; --validate=warn shows the server’s warning (K-20)', async () => {
    const name = digest(4)
    const file = h.kubectl.file('bad.yaml', imageYaml(name, 'quay.io/demo/bad:1', {}, 'bogus: 1\nmetadata2: {}'))
    const strict = await h.kubectl.run(['apply', '-f', file])
    expect(strict.code).toBe(1)
    expect(strict.stdout).toBe('')
    expect(strict.stderr).toBe(
      `Error from server (BadRequest): error when creating "bad.yaml": Image in version "v1" cannot be handled as a Image: strict decoding error: unknown field "bogus", unknown field "metadata2"\n`,
    )
    expect(stored(name)).toBeUndefined()

    const ssa = await h.kubectl.run(['apply', '--server-side', '-f', file])
    expect(ssa.code).toBe(1)
    expect(ssa.stderr).toContain('strict decoding error: unknown field "bogus", unknown field "metadata2"')

    const warned = await h.kubectl.run(['create', '-f', file, '--validate=warn'])
    expect(warned).toEqual({
      code: 0,
      stdout: `image.image.openshift.io/${name} created\n`,
      stderr: 'Warning: unknown field "bogus"\nWarning: unknown field "metadata2"\n',
    })
    expect(Object.keys(stored(name)!)).not.toContain('bogus')

    // --validate=false sends Ignore: dropped without a word.
    await h.kubectl.ok(['delete', 'images.image.openshift.io', name])
    expect(await h.kubectl.run(['create', '-f', file, '--validate=false'])).toEqual({ code: 0, stdout: `image.image.openshift.io/${name} created\n`, stderr: '' })
  })
})
