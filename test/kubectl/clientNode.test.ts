// @kubernetes/client-node 2.0.1, unchanged, against the standalone server: server-side apply through
// KubernetesObjectApi.patch with the apply content type (K-19, K-11), and an informer that keeps its
// cache right across a restart of the server under its watch (K-43). K-38b: the kubeconfig marks the
// http cluster insecure-skip-tls-verify.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CustomObjectsApi, KubeConfig, KubernetesObjectApi, makeInformer, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node'
import { createEmulator, type Emulator } from '../../src/emulator.ts'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'
import { renderKubeconfig } from '../../src/runtimes/kubeconfig.ts'
import { eventually } from '../support/realClients.ts'

const group = 'image.openshift.io'
const version = 'v1'
const plural = 'images'
const path = `/apis/${group}/${version}/${plural}`
const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`

interface Image extends KubernetesObject {
  dockerImageReference?: string
}

let emulator: Emulator
let server: RunningServer
let kc: KubeConfig

beforeAll(async () => {
  emulator = createEmulator({ seed: 14 })
  server = await listen({ emulator })
  kc = new KubeConfig()
  // The kubeconfig the CLI writes works for client-node as it is.
  kc.loadFromString(renderKubeconfig({ server: server.url, token: 'any' }))
})

afterAll(async () => {
  await server.close()
  emulator.dispose()
})

const image = (name: string, reference: string, labels: Record<string, string>): Image => ({
  apiVersion: `${group}/${version}`,
  kind: 'Image',
  metadata: { name, labels },
  dockerImageReference: reference,
})

describe('@kubernetes/client-node against the standalone server', () => {
  test('KubernetesObjectApi.patch with application/apply-patch+yaml: create, ownership, 409 conflict, force (K-19)', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc)
    const apply = (body: Image, force?: boolean) =>
      objects.patch<Image>(body, undefined, undefined, 'deployer', force, PatchStrategy.ServerSideApply)
    const name = digest(1)

    // Apply creates what is missing.
    const created = await apply(image(name, 'quay.io/demo/app:1', { app: 'web', env: 'prod' }))
    expect(created.metadata?.resourceVersion).toBeTruthy()
    const createRequest = emulator.journal.entries({ method: 'PATCH' })[0]!
    expect(createRequest.status).toBe(201)
    expect(createRequest.requestHeaders['content-type']).toBe('application/apply-patch+yaml')
    expect(created.metadata?.managedFields).toEqual([
      {
        manager: 'deployer',
        operation: 'Apply',
        apiVersion: 'image.openshift.io/v1',
        // client-node turns the RFC 3339 time into a Date.
        time: new Date('2026-01-01T00:00:00Z'),
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:dockerImageReference': {}, 'f:metadata': { 'f:labels': { 'f:app': {}, 'f:env': {} } } },
      },
    ])

    // Another client changes a label the applier owns, through a JSON patch (an Update).
    await emulator.clock.advance('30s')
    const custom = kc.makeApiClient(CustomObjectsApi)
    await custom.patchClusterCustomObject({
      group,
      version,
      plural,
      name,
      body: [{ op: 'replace', path: '/metadata/labels/env', value: 'staging' }],
      fieldManager: 'hotfixer',
    })
    const afterPatch = await objects.read<Image>({ apiVersion: `${group}/${version}`, kind: 'Image', metadata: { name } })
    expect(afterPatch.metadata?.labels).toEqual({ app: 'web', env: 'staging' })
    const patcher = afterPatch.metadata!.managedFields!.find((entry) => entry.operation === 'Update')!
    expect(patcher).toEqual({
      manager: 'hotfixer',
      operation: 'Update',
      apiVersion: 'image.openshift.io/v1',
      time: new Date('2026-01-01T00:00:30Z'),
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:labels': { 'f:env': {} } } },
    })

    // Re-applying env=prod now conflicts with that writer; app (unchanged) does not.
    const conflict = await apply(image(name, 'quay.io/demo/app:1', { app: 'web', env: 'prod' })).catch((error: unknown) => error)
    expect(conflict).toMatchObject({ code: 409 })
    const status = JSON.parse((conflict as { body: string }).body)
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "hotfixer" using image.openshift.io/v1: .metadata.labels.env',
      reason: 'Conflict',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "hotfixer" using image.openshift.io/v1', field: '.metadata.labels.env' }] },
      code: 409,
    })

    // Applying the value the other writer set shares the field; dropping a label the applier alone owned removes it.
    await emulator.clock.advance('30s')
    const shared = await apply(image(name, 'quay.io/demo/app:2', { env: 'staging' }))
    expect(shared.metadata?.labels).toEqual({ env: 'staging' })
    expect(shared.dockerImageReference).toBe('quay.io/demo/app:2')

    // force takes the field over: the other writer's entry is left with nothing and disappears.
    const forced = await apply(image(name, 'quay.io/demo/app:2', { env: 'prod' }), true)
    expect(forced.metadata?.labels).toEqual({ env: 'prod' })
    expect(forced.metadata?.managedFields?.map((entry) => `${entry.manager} ${entry.operation}`)).toEqual(['deployer Apply'])
  })

  test('an informer keeps its cache across a restart of the server under its watch, resuming from its resourceVersion (K-43)', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi)
    const create = (n: number) => custom.createClusterCustomObject({ group, version, plural, body: image(digest(n), `quay.io/demo/app:${n}`, {}) })
    await create(2)
    const informer = makeInformer<Image>(kc, path, () => custom.listClusterCustomObject({ group, version, plural }))
    const added: string[] = []
    informer.on('add', (object) => added.push(object.metadata!.name!))
    // client-node stops on a connection error (the server is down for a moment); applications restart it.
    let running = true
    informer.on('error', () => setTimeout(() => running && void informer.start(), 20))
    await informer.start()
    try {
      await eventually(() => expect(emulator.kube.hub.watches()).toHaveLength(1))
      const listsBefore = emulator.journal.entries({ method: 'GET', path }).filter((entry) => !entry.url.includes('watch=')).length

      // The server goes away (its watches end, connections drop) and comes back on the same port with
      // the same emulator; a change lands while it is down.
      const port = server.port
      await server.close()
      await create(3).catch(() => undefined)
      await emulator.openshift.images.load({ apiVersion: `${group}/${version}`, kind: 'Image', metadata: { name: digest(4) }, dockerImageReference: 'quay.io/demo/app:4' })
      server = await listen({ emulator, port })
      await create(5)

      await eventually(() => expect(informer.list().map((object) => object.metadata!.name).sort()).toEqual([digest(1), digest(2), digest(4), digest(5)]), 10_000)
      // Every object was added once; the informer resumed its watch from the resourceVersion it had seen,
      // so it did not need to list again.
      expect([...added].sort()).toEqual([digest(1), digest(2), digest(4), digest(5)])
      const lists = emulator.journal.entries({ method: 'GET', path }).filter((entry) => !entry.url.includes('watch='))
      expect(lists.length).toBe(listsBefore)
      const resumed = emulator.journal.entries({ method: 'GET', path }).filter((entry) => entry.url.includes('watch=')).at(-1)!
      expect(Number(new URL(resumed.url, server.url).searchParams.get('resourceVersion'))).toBeGreaterThan(0)
    } finally {
      running = false
      await informer.stop()
    }
  })
})
