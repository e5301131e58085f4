// Clearing metadata.managedFields with kubectl 1.32 (K-11), as kube-apiserver's field manager does it
// (isResetManagedFields, skipnonapplied.go): a write that sends `[]` or `[{}]` resets ownership, a write
// that leaves the field out keeps it, and an object nobody tracks any more stays untracked through
// updates until someone applies to it.
import { describe, expect, test } from 'vitest'
import { digest, imageYaml, kubectlPath, noKubectl, useKubectlServer } from './kubectlRunner.ts'

const images = '/apis/image.openshift.io/v1/images'

describe.skipIf(!kubectlPath)(`kubectl and managedFields${noKubectl}`, () => {
  const h = useKubectlServer({ seed: 23 })
  const getJson = async (name: string) => (await fetch(`${h.server.url}${images}/${name}`)).json()
  const managers = async (name: string) =>
    ((await getJson(name)).metadata.managedFields ?? []).map((entry: any) => `${entry.manager} ${entry.operation}`)

  test('replace without managedFields keeps them; replace with [] resets them, and later updates do not track', async () => {
    const name = digest(8)
    const file = h.kubectl.file('m.yaml', imageYaml(name, 'quay.io/demo/m:1', { app: 'm' }))
    await h.kubectl.ok(['apply', '--server-side', '-f', file])
    expect(await managers(name)).toEqual(['kubectl Apply'])

    // A client that does not know the field leaves it out: the entries stay, the writer's is added.
    h.kubectl.file('m.yaml', imageYaml(name, 'quay.io/demo/m:1', { app: 'm', tier: 'x' }))
    await h.kubectl.ok(['replace', '-f', file])
    expect(await managers(name)).toEqual(['kubectl Apply', 'kubectl-replace Update'])

    // An empty list is a reset: nobody owns anything, and the replace itself is not recorded.
    h.kubectl.file(
      'm.yaml',
      ['apiVersion: image.openshift.io/v1', 'kind: Image', 'metadata:', `  name: "${name}"`, '  labels:', '    tier: "y"', '  managedFields: []', 'dockerImageReference: quay.io/demo/m:1', ''].join('\n'),
    )
    await h.kubectl.ok(['replace', '-f', file])
    const reset = await getJson(name)
    expect(reset.metadata.labels).toEqual({ tier: 'y' })
    expect(reset.metadata.managedFields).toBeUndefined()

    // Untracked objects stay untracked through updates...
    await h.kubectl.ok(['label', 'images.image.openshift.io', name, 'owner=ops'])
    expect(await managers(name)).toEqual([])
    // ...until an apply, which starts tracking again and owns exactly what it applied.
    h.kubectl.file('m.yaml', imageYaml(name, 'quay.io/demo/m:1', { tier: 'y' }))
    await h.kubectl.ok(['apply', '--server-side', '--field-manager=deployer', '-f', file])
    expect(await managers(name)).toEqual(['deployer Apply'])
  })

  test('a patch that sets managedFields to [{}] resets them; other fields are untouched', async () => {
    const name = digest(9)
    await h.kubectl.ok(['apply', '--server-side', '-f', h.kubectl.file('p.yaml', imageYaml(name, 'quay.io/demo/p:1', { app: 'p' }))])
    await h.kubectl.ok(['label', 'images.image.openshift.io', name, 'extra=1'])
    expect(await managers(name)).toEqual(['kubectl Apply', 'kubectl-label Update'])

    await h.kubectl.ok(['patch', 'images.image.openshift.io', name, '--type=merge', '-p', '{"metadata":{"managedFields":[{}]}}'])
    const object = await getJson(name)
    expect(object.metadata.managedFields).toBeUndefined()
    expect(object.metadata.labels).toEqual({ app: 'p', extra: '1' })
  })
})
