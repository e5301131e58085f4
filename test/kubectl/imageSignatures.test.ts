// kubectl 1.32 and OpenShift `imagesignatures` (IMG-10, IMG-48): it finds the kind through discovery,
// creates a signature from a file and deletes it by name; the Image shows the change.
import { describe, expect, test } from 'vitest'
import { digest, noKubectl, rows, withoutKubectl, useKubectlServer } from './kubectlRunner.ts'

const signatureYaml = (name: string) => `apiVersion: image.openshift.io/v1
kind: ImageSignature
metadata:
  name: "${name}"
type: AtomicImageV1
content: ${btoa('signed by the release key')}
`

describe.skipIf(withoutKubectl)(`kubectl and imagesignatures against the standalone server${noKubectl}`, () => {
  const h = useKubectlServer({ seed: 12 })

  test('api-resources lists imagesignatures with create and delete only', async () => {
    const listed = rows(await h.kubectl.ok(['api-resources', '--api-group=image.openshift.io', '-o', 'wide']))
    expect(listed[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', 'VERBS', 'CATEGORIES'])
    expect(listed.slice(1)).toEqual([
      ['images', 'image.openshift.io/v1', 'false', 'Image', 'create,delete,deletecollection,get,list,patch,update,watch'],
      ['imagesignatures', 'image.openshift.io/v1', 'false', 'ImageSignature', 'create,delete'],
    ])
  })

  test('create -f adds the signature to the Image; delete imagesignature removes it; get is refused', async () => {
    const image = digest(1)
    await h.createImage(image, 'quay.io/demo/web:1')
    const name = `${image}@release`
    const file = h.kubectl.file('signature.yaml', signatureYaml(name))
    // kubectl asks OpenAPI whether a kind takes fieldValidation by looking at its PATCH operation; for a
    // kind without one it falls back to /openapi/v2, which is not served (K-40), so its check is skipped.
    expect((await h.kubectl.ok(['create', '--validate=false', '-f', file])).trim()).toBe(`imagesignature.image.openshift.io/${name} created`)
    const stored = JSON.parse(await h.kubectl.ok(['get', 'images.image.openshift.io', image, '-o', 'json']))
    expect(stored.signatures.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual([name])

    const again = await h.kubectl.run(['create', '--validate=false', '-f', file])
    expect(again.code).toBe(1)
    expect(again.stderr.trim()).toBe(`Error from server (AlreadyExists): error when creating "signature.yaml": imageSignatures.image.openshift.io "${name}" already exists`)

    const get = await h.kubectl.run(['get', 'imagesignatures', name])
    expect(get.code).toBe(1)
    expect(get.stderr).toContain('the server does not allow this method on the requested resource')

    expect((await h.kubectl.ok(['delete', 'imagesignature', name])).trim()).toBe(`imagesignature.image.openshift.io "${name}" deleted`)
    const after = JSON.parse(await h.kubectl.ok(['get', 'images.image.openshift.io', image, '-o', 'json']))
    expect(after.signatures).toBeUndefined()
    const missing = await h.kubectl.run(['delete', 'imagesignature', name])
    expect(missing.code).toBe(1)
    expect(missing.stderr.trim()).toBe(`Error from server (NotFound): imageSignatures.image.openshift.io "${name}" not found`)
  })
})
