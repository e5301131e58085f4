// Real clients meeting built-in scenarios over the standalone server: a @kubernetes/client-node
// informer recovering from an expired watch, kubectl printing the 409 and 422 messages, and
// python-glanceclient (the `glance` CLI) seeing a 429 and a killed upload.
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { CustomObjectsApi, makeInformer, type KubernetesObject } from '@kubernetes/client-node'
import { createEmulator } from '../../src/emulator.ts'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'
import { glanceUploadKilled, rateLimited, updateConflict, validationFailure, watchExpires } from '../../scenarios/index.ts'
import { withoutKubectl, noKubectl, useKubectl, type Kubectl } from '../kubectl/kubectlRunner.ts'
import { createCliHome, propertyTable, runGlance } from '../glance/glanceCli.ts'
import { eventually, kubeConfigFor } from '../support/realClients.ts'

let server: RunningServer

beforeAll(async () => {
  server = await listen({ emulator: createEmulator({ seed: 3 }) })
})

afterEach(async () => {
  await server.emulator.reset()
})

afterAll(async () => {
  await server.close()
  server.emulator.dispose()
})

const snapshotManifest = (name: string, labels = '') =>
  [
    'apiVersion: cci/v2',
    'kind: ImageSnapshot',
    'metadata:',
    `  name: ${name}`,
    ...(labels ? ['  labels:', `    ${labels}`] : []),
    'spec:',
    '  buildingConfig:',
    '    namespace: ns-a',
    '  images:',
    '  - image: nginx:latest',
    '',
  ].join('\n')

describe('@kubernetes/client-node meets watchExpires', () => {
  test('an informer re-lists by itself after ERROR 410 Expired and keeps its cache right', async () => {
    const kc = kubeConfigFor(server.url)
    const api = kc.makeApiClient(CustomObjectsApi)
    const coordinates = { group: 'cci', version: 'v2', plural: 'imagesnapshots' }
    const body = (name: string) => ({
      apiVersion: 'cci/v2',
      kind: 'ImageSnapshot',
      metadata: { name },
      spec: { buildingConfig: { namespace: 'ns-a' }, images: [{ image: 'nginx:latest' }] },
    })
    const handle = server.emulator.play(watchExpires)
    await api.createClusterCustomObject({ ...coordinates, body: body('snap-1') })

    const path = '/apis/cci/v2/imagesnapshots'
    const informer = makeInformer(kc, path, () => api.listClusterCustomObject(coordinates))
    const errors: unknown[] = []
    informer.on('error', (error) => errors.push(error))
    await informer.start()
    await eventually(() => expect(informer.list().map((o: KubernetesObject) => o.metadata!.name)).toEqual(['snap-1']))
    await eventually(() => expect(server.emulator.kube.hub.watches().length).toBe(1))
    const lists = () => server.emulator.journal.entries({ method: 'GET', path }).filter((entry) => !entry.url.includes('watch=')).length
    expect(lists()).toBe(1)

    await server.emulator.clock.advance('3m')
    handle.expectComplete()
    // It lists again and watches from there: a snapshot created now reaches its cache.
    await eventually(() => expect(lists()).toBe(2))
    await api.createClusterCustomObject({ ...coordinates, body: body('snap-2') })
    await eventually(() => expect(informer.list().map((o: KubernetesObject) => o.metadata!.name).sort()).toEqual(['snap-1', 'snap-2']))
    // snap-1 turned Available at 90s; the re-list brought that state in.
    expect((informer.get('snap-1') as { status?: { phase?: string } }).status?.phase).toBe('Available')
    expect(errors).toEqual([])
    await informer.stop()
  })
})

describe.skipIf(withoutKubectl)(`kubectl meets updateConflict and validationFailure${noKubectl}`, () => {
  let kubectl: Kubectl
  beforeAll(() => {
    kubectl = useKubectl(server.url)
  })
  afterAll(() => kubectl?.remove())

  test('kubectl create prints the 422 with its field cause and exits 1; the retry is created', async () => {
    server.emulator.play(validationFailure)
    const file = kubectl.file('snap.yaml', snapshotManifest('snap-1'))
    const refused = await kubectl.run(['create', '-f', file])
    expect(refused.code).toBe(1)
    expect(refused.stderr.trim()).toBe(
      'The ImageSnapshot "snap-1" is invalid: spec.images[0].image: Forbidden: images from docker.io cannot be pulled in this region',
    )
    expect((await kubectl.ok(['create', '-f', file])).trim()).toBe('imagesnapshot.cci/snap-1 created')
  })

  test('kubectl replace prints the 409 Conflict message and exits 1; the retry is replaced', async () => {
    server.emulator.play(updateConflict)
    await kubectl.ok(['create', '-f', kubectl.file('snap.yaml', snapshotManifest('snap-1'))])
    const file = kubectl.file('labelled.yaml', snapshotManifest('snap-1', 'team: a'))
    const refused = await kubectl.run(['replace', '-f', file])
    expect(refused.code).toBe(1)
    expect(refused.stderr.trim()).toBe(
      'Error from server (Conflict): error when replacing "labelled.yaml": Operation cannot be fulfilled on imagesnapshots.cci "snap-1": the object has been modified; please apply your changes to the latest version and try again',
    )
    expect((await kubectl.ok(['replace', '-f', file])).trim()).toBe('imagesnapshot.cci/snap-1 replaced')
  })
})

describe('python-glanceclient meets rateLimited and glanceUploadKilled', () => {
  let home: string
  beforeAll(() => {
    home = createCliHome()
  })
  afterAll(() => rmSync(home, { recursive: true, force: true }))
  const glance = (args: string[]) => runGlance(server.url, 'any-token', args, home)

  test('glance image-list shows the 429 explanation and exits 1 twice, then lists', async () => {
    server.emulator.play(rateLimited)
    for (let i = 0; i < 2; i++) {
      const throttled = await glance(['image-list'])
      expect(throttled.code).toBe(1)
      expect(throttled.stderr).toContain('HTTP 429 Too Many Requests')
      expect(throttled.stderr).toContain('The client has sent too many requests in a given amount of time.')
    }
    const listed = await glance(['image-list'])
    expect(listed.code).toBe(0)
    expect(listed.stdout).toContain('| ID | Name |')
  })

  test('glance image-upload fails with the 500, and image-show says killed', async () => {
    server.emulator.play(glanceUploadKilled)
    const created = propertyTable((await glance(['image-create', '--name', 'cirros', '--disk-format', 'qcow2', '--container-format', 'bare'])).stdout)
    const id = created.get('id')!
    expect(created.get('status')).toBe('queued')
    const data = join(home, 'cirros.img')
    writeFileSync(data, Buffer.alloc(4096, 7))
    const upload = await glance(['image-upload', '--file', data, id])
    expect(upload.code).toBe(1)
    expect(upload.stderr).toContain('HTTP 500 Internal Server Error: The server has either erred or is incapable of performing the requested operation.')
    const shown = propertyTable((await glance(['image-show', id])).stdout)
    expect(shown.get('status')).toBe('killed')
  })
})
