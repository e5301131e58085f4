// kubectl 1.32 reading OpenShift Images from the standalone server: discovery (aggregated, K-39), the
// server's Table (K-37, IMG-51), the object forms, label selection, paging (K-26, K-41) and explain
// (K-40, IMG-50). What is asserted is what a person reads on the terminal.
import { describe, expect, test } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { digest, noKubectl, withoutKubectl, rows, useKubectl, useKubectlServer } from './kubectlRunner.ts'

const frontend = 'sha256:126898eea4d1800a0a30564315417bcace2e85d576fcdac9225e7dbc5d63550d'
const oseCli = 'sha256:2ca318f015141783d2b2fd4b4971489a0b1f9d8d9dcc53b11eb98fe1c6152623'
const ubiMinimal = 'sha256:84686fa9038deaa38280f8a3ad85e945beea41afe86f5c89c6ce15482ebe9e77'
const images = '/apis/image.openshift.io/v1/images'

describe.skipIf(withoutKubectl)(`kubectl get and explain against the standalone server${noKubectl}`, () => {
  const h = useKubectlServer({ seed: 11, fixtures: ['openshift-images'] })

  const create = h.createImage

  test('get prints the server’s columns, NAME and IMAGE REFERENCE, as oc does against OpenShift (IMG-51)', async () => {
    const result = await h.kubectl.run(['get', 'images.image.openshift.io'])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(rows(result.stdout)).toEqual([
      ['NAME', 'IMAGE REFERENCE'],
      [frontend, `image-registry.openshift-image-registry.svc:5000/demo/frontend@${frontend}`],
      [oseCli, `registry.redhat.io/openshift4/ose-cli@${oseCli}`],
      [ubiMinimal, `registry.access.redhat.com/ubi9/ubi-minimal@${ubiMinimal}`],
    ])
    // The short resource name resolves through discovery too; -o wide adds nothing for Image.
    expect(rows(await h.kubectl.ok(['get', 'images', ubiMinimal, '-o', 'wide']))).toEqual([
      ['NAME', 'IMAGE REFERENCE'],
      [ubiMinimal, `registry.access.redhat.com/ubi9/ubi-minimal@${ubiMinimal}`],
    ])
  })

  test('discovery is aggregated: kubectl reads /api and /apis and never asks each group-version (K-39)', async () => {
    const fresh = useKubectl(h.server.url)
    try {
      await fresh.ok(['get', 'images.image.openshift.io'])
      // (A kubectl that dispatches to a version-matched binary asks /version first.)
      const paths = h.server.emulator.journal.entries({ method: 'GET' }).map((entry) => entry.url.split('?')[0]).filter((path) => path !== '/version')
      expect(paths).toEqual(['/api', '/apis', images])
    } finally {
      fresh.remove()
    }
  })

  test('-o name, -o json and -o yaml print the objects; -l selects by label (K-27)', async () => {
    await create(digest(1), 'quay.io/demo/web:1', { app: 'web', tier: 'front' })
    await create(digest(2), 'quay.io/demo/api:1', { app: 'api' })

    expect((await h.kubectl.ok(['get', 'images.image.openshift.io', '-o', 'name'])).trim().split('\n')).toEqual([
      `image.image.openshift.io/${digest(1)}`,
      `image.image.openshift.io/${frontend}`,
      `image.image.openshift.io/${digest(2)}`,
      `image.image.openshift.io/${oseCli}`,
      `image.image.openshift.io/${ubiMinimal}`,
    ])

    const one = JSON.parse(await h.kubectl.ok(['get', 'images.image.openshift.io', digest(1), '-o', 'json']))
    expect(one).toMatchObject({
      apiVersion: 'image.openshift.io/v1',
      kind: 'Image',
      metadata: { name: digest(1), labels: { app: 'web', tier: 'front' }, creationTimestamp: '2026-01-01T00:00:00Z' },
      dockerImageReference: 'quay.io/demo/web:1',
      dockerImageMetadataVersion: '1.0',
    })
    // kubectl hides managedFields unless asked (--show-managed-fields).
    expect(one.metadata.managedFields).toBeUndefined()

    const list = parseYaml(await h.kubectl.ok(['get', 'images.image.openshift.io', '-l', 'app', '-o', 'yaml']))
    expect(list.kind).toBe('List')
    expect(list.items.map((item: any) => item.metadata.name)).toEqual([digest(1), digest(2)])

    expect(rows(await h.kubectl.ok(['get', 'images.image.openshift.io', '-l', 'app=web,tier in (front)']))).toEqual([
      ['NAME', 'IMAGE REFERENCE'],
      [digest(1), 'quay.io/demo/web:1'],
    ])
    const none = await h.kubectl.run(['get', 'images.image.openshift.io', '-l', 'app=nothing'])
    expect(none).toEqual({ code: 0, stdout: '', stderr: 'No resources found\n' })
  })

  test('--chunk-size=2 pages through 5 images with limit and continue, and prints one table (K-26, K-41)', async () => {
    await create(digest(1), 'quay.io/demo/one:1')
    await create(digest(2), 'quay.io/demo/two:1')
    h.server.emulator.journal.clear()
    const output = await h.kubectl.ok(['get', 'images.image.openshift.io', '--chunk-size=2'])
    expect(rows(output).map((row) => row[0])).toEqual(['NAME', digest(1), frontend, digest(2), oseCli, ubiMinimal])
    const lists = h.server.emulator.journal.entries({ method: 'GET', path: images }).map((entry) => new URL(entry.url, h.server.url).searchParams)
    expect(lists.map((query) => query.get('limit'))).toEqual(['2', '2', '2'])
    expect(lists.map((query) => query.has('continue'))).toEqual([false, true, true])
  })

  test('explain images.image.openshift.io reads the OpenAPI v3 document (K-40, IMG-50)', async () => {
    const result = await h.kubectl.run(['explain', 'images.image.openshift.io'])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    const lines = result.stdout.split('\n')
    expect(lines.slice(0, 3)).toEqual(['GROUP:      image.openshift.io', 'KIND:       Image', 'VERSION:    v1'])
    expect(result.stdout).toContain('Image is an immutable representation of a container image and metadata at a')
    const fields = lines.filter((line) => /^ {2}\S/.test(line)).map((line) => line.trim().split(/\s+/)[0])
    expect(fields).toEqual([
      'apiVersion',
      'dockerImageConfig',
      'dockerImageLayers',
      'dockerImageManifest',
      'dockerImageManifestMediaType',
      'dockerImageManifests',
      'dockerImageMetadata',
      'dockerImageMetadataVersion',
      'dockerImageReference',
      'dockerImageSignatures',
      'kind',
      'metadata',
      'signatures',
    ])

    // Into ObjectMeta, which the document carries as a component.
    const labels = await h.kubectl.ok(['explain', 'images.image.openshift.io.metadata.labels'])
    expect(labels).toContain('FIELD: labels <map[string]string>')
    const layers = await h.kubectl.ok(['explain', 'images.dockerImageLayers'])
    expect(layers).toContain('FIELD: dockerImageLayers <[]Object>')
    expect(layers).toMatch(/mediaType\s+<string> -required-/)
  })

  test('explain of a field the schema does not have is kubectl’s own error', async () => {
    const result = await h.kubectl.run(['explain', 'images.image.openshift.io.spec'])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('error: field "spec" does not exist\n')
  })
})
