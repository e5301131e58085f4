// List types in server-side apply with kubectl 1.32 (K-19, K-11): metadata.finalizers is a set
// (x-kubernetes-list-type: set) and metadata.ownerReferences a map keyed by uid, so each finalizer and
// each owner reference has its own owners. A controller's finalizer added by a patch neither makes the
// next apply conflict nor disappears when an applier forces or drops its own.
import { describe, expect, test } from 'vitest'
import { digest, imageYaml, kubectlPath, noKubectl, useKubectlServer } from './kubectlRunner.ts'

const images = '/apis/image.openshift.io/v1/images'

function withMetadata(name: string, lines: string[]): string {
  return imageYaml(name, 'quay.io/demo/lt:1', { app: 'lt' }).replace('\n  labels:', `\n${lines.join('\n')}\n  labels:`)
}

const finalizers = (...values: string[]) => (values.length ? ['  finalizers:', ...values.map((value) => `  - ${value}`)] : [])

describe.skipIf(!kubectlPath)(`kubectl apply --server-side and list types${noKubectl}`, () => {
  const h = useKubectlServer({ seed: 19 })
  const getJson = async (name: string) => (await fetch(`${h.server.url}${images}/${name}`)).json()
  const ownership = (object: any) => Object.fromEntries(object.metadata.managedFields.map((entry: any) => [entry.manager, entry.fieldsV1['f:metadata']?.['f:finalizers']]))

  test('a controller’s finalizer: no conflict on the next apply, kept by a forced apply and by an apply that drops the applier’s own', async () => {
    const name = digest(10)
    const file = h.kubectl.file('f.yaml', withMetadata(name, finalizers('example.com/deployer')))
    await h.kubectl.ok(['apply', '--server-side', '-f', file])

    // A controller appends its finalizer with a JSON patch, as controllers do.
    await h.kubectl.ok([
      'patch', 'images.image.openshift.io', name, '--type=json', '--field-manager=controller',
      '-p', '[{"op":"add","path":"/metadata/finalizers/-","value":"example.com/controller"}]',
    ])
    const patched = await getJson(name)
    expect(patched.metadata.finalizers).toEqual(['example.com/deployer', 'example.com/controller'])
    // Each finalizer has its own owner.
    expect(ownership(patched)).toEqual({
      kubectl: { 'v:"example.com/deployer"': {} },
      controller: { 'v:"example.com/controller"': {} },
    })

    // The same apply again: the applier's set does not contain the controller's value, so nothing conflicts.
    expect(await h.kubectl.run(['apply', '--server-side', '-f', file])).toEqual({
      code: 0,
      stdout: `image.image.openshift.io/${name} serverside-applied\n`,
      stderr: '',
    })
    expect((await getJson(name)).metadata.finalizers).toEqual(['example.com/deployer', 'example.com/controller'])

    // A forced apply with another finalizer adds it; the controller's stays.
    h.kubectl.file('f.yaml', withMetadata(name, finalizers('example.com/deployer', 'example.com/audit')))
    await h.kubectl.ok(['apply', '--server-side', '--force-conflicts', '-f', file])
    expect((await getJson(name)).metadata.finalizers).toEqual(['example.com/deployer', 'example.com/controller', 'example.com/audit'])

    // The applier drops its finalizers: its own go, the controller's stays with its owner.
    h.kubectl.file('f.yaml', withMetadata(name, []))
    await h.kubectl.ok(['apply', '--server-side', '-f', file])
    const after = await getJson(name)
    expect(after.metadata.finalizers).toEqual(['example.com/controller'])
    expect(ownership(after)).toEqual({ kubectl: undefined, controller: { 'v:"example.com/controller"': {} } })
  })

  test('owner references are keyed by uid: each applier owns its own, a changed field of another’s is a conflict on that item, a dropped one goes', async () => {
    const name = digest(11)
    const owner = (uid: string, kind: string, controller: boolean) => [
      `  - apiVersion: v1`,
      `    kind: ${kind}`,
      `    name: ${kind.toLowerCase()}-1`,
      `    uid: ${uid}`,
      `    controller: ${controller}`,
    ]
    await h.kubectl.ok(['apply', '--server-side', '-f', h.kubectl.file('o.yaml', withMetadata(name, ['  ownerReferences:', ...owner('u-1', 'ConfigMap', false)]))])
    // A second applier adds its own owner reference without touching the first.
    await h.kubectl.ok([
      'apply', '--server-side', '--field-manager=operator',
      '-f', h.kubectl.file('o2.yaml', withMetadata(name, ['  ownerReferences:', ...owner('u-2', 'Secret', true)])),
    ])
    const object = await getJson(name)
    expect(object.metadata.ownerReferences.map((ref: any) => ref.uid)).toEqual(['u-1', 'u-2'])
    expect(object.metadata.labels).toEqual({ app: 'lt' })
    // FieldsV1 names the item by its key, the item itself (".") and each of its fields.
    const byManager = (manager: string) => object.metadata.managedFields.find((entry: any) => entry.manager === manager).fieldsV1['f:metadata']['f:ownerReferences']
    const item = { '.': {}, 'f:apiVersion': {}, 'f:controller': {}, 'f:kind': {}, 'f:name': {}, 'f:uid': {} }
    expect(byManager('kubectl')).toEqual({ 'k:{"uid":"u-1"}': item })
    expect(byManager('operator')).toEqual({ 'k:{"uid":"u-2"}': item })

    // Changing a field of the first applier's reference conflicts on that item's field only.
    const conflict = await h.kubectl.run([
      'apply', '--server-side', '--field-manager=operator',
      '-f', h.kubectl.file('o3.yaml', withMetadata(name, ['  ownerReferences:', ...owner('u-1', 'ConfigMap', true), ...owner('u-2', 'Secret', true)])),
    ])
    expect(conflict.code).toBe(1)
    expect(conflict.stderr.split('\n')[0]).toBe('error: Apply failed with 1 conflict: conflict with "kubectl": .metadata.ownerReferences[uid="u-1"].controller')

    // A controller sets a field inside the first reference; when its applier drops the reference, the
    // whole item goes all the same (an item is kept only if someone owns the item itself), the other stays.
    await h.kubectl.ok([
      'patch', 'images.image.openshift.io', name, '--type=json', '--field-manager=controller',
      '-p', '[{"op":"add","path":"/metadata/ownerReferences/0/blockOwnerDeletion","value":true}]',
    ])
    await h.kubectl.ok(['apply', '--server-side', '-f', h.kubectl.file('o.yaml', withMetadata(name, []))])
    const dropped = await getJson(name)
    expect(dropped.metadata.ownerReferences.map((ref: any) => ref.uid)).toEqual(['u-2'])
    expect(dropped.metadata.managedFields.map((entry: any) => entry.manager)).toEqual(['kubectl', 'operator'])
  })
})
