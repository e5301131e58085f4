// @kubernetes/client-node, unchanged, against the standalone server (its undici transport is not
// something msw intercepts). K-38b: a plain http:// cluster needs skipTLSVerify in the kubeconfig.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CustomObjectsApi, KubeConfig, makeInformer, Watch, type KubernetesObject } from '@kubernetes/client-node'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'
import { createEmulator } from '../../src/emulator.ts'
import { eventually, kubeConfigFor } from '../support/realClients.ts'

const group = 'image.openshift.io'
const version = 'v1'
const plural = 'images'
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`

let server: RunningServer
let kc: KubeConfig
let api: CustomObjectsApi

beforeAll(async () => {
  server = await listen({ emulator: createEmulator({ seed: 7 }) })
  kc = kubeConfigFor(server.url)
  api = kc.makeApiClient(CustomObjectsApi)
})

afterAll(async () => {
  await server.close()
  server.emulator.dispose()
})

function image(name: string, labels: Record<string, string> = {}) {
  return { apiVersion: `${group}/${version}`, kind: 'Image', metadata: { name, labels }, dockerImageReference: `quay.io/demo/app@${name}` }
}

describe('@kubernetes/client-node against the standalone server', () => {
  test('create, get, list, patch, replace and delete an Image', async () => {
    const created = await api.createClusterCustomObject({ group, version, plural, body: image(digest(1), { app: 'web' }) })
    expect(created.metadata.name).toBe(digest(1))
    expect(created.metadata.uid).toBeTruthy()

    const got = await api.getClusterCustomObject({ group, version, plural, name: digest(1) })
    expect(got.dockerImageReference).toBe(`quay.io/demo/app@${digest(1)}`)

    const list = await api.listClusterCustomObject({ group, version, plural, labelSelector: 'app=web' })
    expect(list.items.map((i: KubernetesObject) => i.metadata?.name)).toEqual([digest(1)])

    // CustomObjectsApi patches with application/json-patch+json (K-43).
    const patched = await api.patchClusterCustomObject({
      group,
      version,
      plural,
      name: digest(1),
      body: [{ op: 'add', path: '/metadata/labels/tier', value: 'gold' }],
    })
    expect(patched.metadata.labels).toEqual({ app: 'web', tier: 'gold' })

    const replaced = await api.replaceClusterCustomObject({
      group,
      version,
      plural,
      name: digest(1),
      body: { ...patched, dockerImageReference: 'quay.io/demo/app:v2' },
    })
    expect(replaced.dockerImageReference).toBe('quay.io/demo/app:v2')

    const stale = api.replaceClusterCustomObject({ group, version, plural, name: digest(1), body: patched })
    await expect(stale).rejects.toMatchObject({ code: 409 })

    const status = await api.deleteClusterCustomObject({ group, version, plural, name: digest(1) })
    expect(status).toMatchObject({ status: 'Success', details: { name: digest(1), kind: 'images' } })
    await expect(api.getClusterCustomObject({ group, version, plural, name: digest(1) })).rejects.toMatchObject({ code: 404 })
  })

  test('a Watch receives ADDED, MODIFIED and DELETED in order', async () => {
    const seen: string[] = []
    const watch = new Watch(kc)
    const controller = await watch.watch(
      `/apis/${group}/${version}/${plural}`,
      { resourceVersion: String(server.emulator.store.resourceVersion()) },
      (type, object) => seen.push(`${type} ${object.metadata.name} ${object.metadata.labels?.step ?? ''}`.trim()),
      () => undefined,
    )
    await api.createClusterCustomObject({ group, version, plural, body: image(digest(2), { step: 'one' }) })
    await api.patchClusterCustomObject({ group, version, plural, name: digest(2), body: [{ op: 'replace', path: '/metadata/labels/step', value: 'two' }] })
    await api.deleteClusterCustomObject({ group, version, plural, name: digest(2) })
    await eventually(() => expect(seen).toEqual([`ADDED ${digest(2)} one`, `MODIFIED ${digest(2)} two`, `DELETED ${digest(2)} two`]))
    controller.abort()
  })

  test('an informer re-lists after its watch expires with 410 and keeps its cache right', async () => {
    await api.createClusterCustomObject({ group, version, plural, body: image(digest(3)) })
    const path = `/apis/${group}/${version}/${plural}`
    const informer = makeInformer(kc, path, () => api.listClusterCustomObject({ group, version, plural }))
    const added: string[] = []
    informer.on('add', (object: KubernetesObject) => added.push(object.metadata!.name!))
    const errors: unknown[] = []
    informer.on('error', (error) => {
      errors.push(error)
      // client-node stops on error; restarting is what applications do.
      setTimeout(() => void informer.start(), 10)
    })
    await informer.start()
    await eventually(() => expect(informer.list().map((o) => o.metadata!.name)).toContain(digest(3)))

    const listsBefore = server.emulator.journal.entries({ method: 'GET', path }).filter((e) => !e.url.includes('watch=')).length
    // Drop every open watch with ERROR 410, as an apiserver does after compaction.
    await eventually(() => expect(server.emulator.kube.hub.watches().length).toBeGreaterThan(0))
    server.emulator.store.events.compact()
    for (const watch of server.emulator.kube.hub.watches()) watch.expire()
    await api.createClusterCustomObject({ group, version, plural, body: image(digest(4)) })

    await eventually(() => {
      expect(informer.list().map((o) => o.metadata!.name).sort()).toEqual([digest(3), digest(4)])
      const lists = server.emulator.journal.entries({ method: 'GET', path }).filter((e) => !e.url.includes('watch=')).length
      expect(lists).toBeGreaterThan(listsBefore)
    }, 10_000)
    await informer.stop()
  })
})
