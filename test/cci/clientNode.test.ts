// @kubernetes/client-node, unchanged, against the standalone server (its undici transport is not
// something msw intercepts): the generic object API resolves ImageSnapshot through discovery (K-43),
// a Watch follows the lifecycle the test drives with the emulator's clock, and delete leaves the
// finalizer to finish the job (CCI-39). K-38b: a plain http:// cluster needs skipTLSVerify.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CustomObjectsApi, KubeConfig, KubernetesObjectApi, PatchStrategy, Watch, type KubernetesObject } from '@kubernetes/client-node'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'
import { createEmulator } from '../../src/emulator.ts'
import { finalizer, snapshot } from './cciRequests.ts'
import { eventually, kubeConfigFor } from '../support/realClients.ts'

const group = 'cci'
const version = 'v2'
const plural = 'imagesnapshots'

interface ImageSnapshot extends KubernetesObject {
  spec?: Record<string, any>
  status?: Record<string, any>
}

let server: RunningServer
let kc: KubeConfig
let objects: KubernetesObjectApi
let custom: CustomObjectsApi

beforeAll(async () => {
  server = await listen({ emulator: createEmulator({ seed: 5, auth: { tokens: { 'iam-token': { user: 'builder', project: '5f0c9d1e2b3a4c5d6e7f8091a2b3c4d5' } } } }) })
  kc = kubeConfigFor(server.url, 'builder', 'iam-token')
  objects = KubernetesObjectApi.makeApiClient(kc)
  custom = kc.makeApiClient(CustomObjectsApi)
})

afterAll(async () => {
  await server.close()
  server.emulator.dispose()
})

describe('@kubernetes/client-node against the standalone CCI emulator', () => {
  test('KubernetesObjectApi: create, watch until Available, delete through Deleting to DELETED', async () => {
    const seen: string[] = []
    const watch = new Watch(kc)
    const controller = await watch.watch(
      `/apis/${group}/${version}/${plural}`,
      { resourceVersion: String(server.emulator.store.resourceVersion()) },
      (type, object: ImageSnapshot) => seen.push(`${type} ${object.metadata?.name} ${object.status?.phase}${object.metadata?.deletionTimestamp ? ' deleting' : ''}`),
      () => undefined,
    )
    try {
      const created = await objects.create<ImageSnapshot>(snapshot('snap-client', { images: [{ image: 'nginx:latest' }] }) as ImageSnapshot)
      expect(created.metadata?.uid).toBeTruthy()
      expect(created.metadata?.finalizers).toEqual([finalizer])
      expect(created.status).toEqual({ phase: 'Creating' })
      // The bearer token's project is the tenant (CCI-16).
      expect(created.metadata?.labels?.['tenant.cci.io/tenant-id']).toBe('5f0c9d1e2b3a4c5d6e7f8091a2b3c4d5')
      await eventually(() => expect(seen).toEqual(['ADDED snap-client Creating']))

      await server.emulator.clock.advance('90s')
      await eventually(() => expect(seen).toEqual(['ADDED snap-client Creating', 'MODIFIED snap-client Available']))
      const available = await objects.read<ImageSnapshot>({ apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name: 'snap-client' } })
      expect(available.status?.phase).toBe('Available')
      expect(available.status?.images?.[0]?.digest).toMatch(/^sha256:[0-9a-f]{64}$/)

      // KubernetesObjectApi patches with strategic merge by default (K-43); labels are mutable (CCI-36).
      const patched = await objects.patch<ImageSnapshot>(
        { apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name: 'snap-client', labels: { app: 'web' } } },
        undefined,
        undefined,
        undefined,
        undefined,
        PatchStrategy.StrategicMergePatch,
      )
      expect(patched.metadata?.labels?.app).toBe('web')

      const listed = await objects.list<ImageSnapshot>('cci/v2', 'ImageSnapshot')
      expect(listed.items.map((i) => i.metadata?.name)).toEqual(['snap-client'])

      // CCI-39: the finalizer holds the object. (The generic API reads the answer as a V1Status, which
      // keeps only list metadata, so the deletionTimestamp is read back.)
      await objects.delete({ apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name: 'snap-client' } })
      const held = await objects.read<ImageSnapshot>({ apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name: 'snap-client' } })
      expect(held.metadata?.deletionTimestamp).toEqual(new Date('2026-01-01T00:01:30Z'))
      expect(held.metadata?.finalizers).toEqual([finalizer])
      await server.emulator.clock.advance('5s')
      await eventually(() =>
        expect(seen).toEqual([
          'ADDED snap-client Creating',
          'MODIFIED snap-client Available',
          'MODIFIED snap-client Available',
          'MODIFIED snap-client Available deleting',
          'MODIFIED snap-client Deleting deleting',
          'DELETED snap-client Deleting deleting',
        ]),
      )
      await expect(objects.read({ apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name: 'snap-client' } })).rejects.toMatchObject({ code: 404 })
    } finally {
      controller.abort()
    }
  })

  test('CustomObjectsApi: create, get, json-patch, replace, 409 on a stale replace, 422 on a spec change, delete', async () => {
    const body = snapshot('snap-custom', { ttlDaysAfterCreated: 7 })
    const created = await custom.createClusterCustomObject({ group, version, plural, body })
    expect(created.metadata.name).toBe('snap-custom')
    const got = await custom.getClusterCustomObject({ group, version, plural, name: 'snap-custom' })
    expect(got.spec.ttlDaysAfterCreated).toBe(7)

    // CustomObjectsApi patches with application/json-patch+json (K-43).
    const patched = await custom.patchClusterCustomObject({
      group,
      version,
      plural,
      name: 'snap-custom',
      body: [{ op: 'add', path: '/metadata/annotations/owner', value: 'team-a' }],
    })
    expect(patched.metadata.annotations.owner).toBe('team-a')

    const replaced = await custom.replaceClusterCustomObject({
      group,
      version,
      plural,
      name: 'snap-custom',
      body: { ...patched, metadata: { ...patched.metadata, labels: { ...patched.metadata.labels, tier: 'gold' } } },
    })
    expect(replaced.metadata.labels.tier).toBe('gold')
    await expect(custom.replaceClusterCustomObject({ group, version, plural, name: 'snap-custom', body: patched })).rejects.toMatchObject({ code: 409 })
    await expect(
      custom.replaceClusterCustomObject({ group, version, plural, name: 'snap-custom', body: { ...replaced, spec: { ...replaced.spec, imageSnapshotSize: 99 } } }),
    ).rejects.toMatchObject({ code: 422 })

    const list = await custom.listClusterCustomObject({ group, version, plural, labelSelector: 'tier=gold' })
    expect(list.items.map((i: KubernetesObject) => i.metadata?.name)).toEqual(['snap-custom'])

    const deleted = await custom.deleteClusterCustomObject({ group, version, plural, name: 'snap-custom', propagationPolicy: 'Background' })
    expect(deleted.metadata.deletionTimestamp).toBe(server.emulator.clock.iso())
    await server.emulator.clock.advance('5s')
    await expect(custom.getClusterCustomObject({ group, version, plural, name: 'snap-custom' })).rejects.toMatchObject({ code: 404 })
  })

  test('a wrong token is refused with 401 (CCI-7)', async () => {
    const stranger = kubeConfigFor(server.url, 'stranger', 'not-a-token')
    await expect(stranger.makeApiClient(CustomObjectsApi).listClusterCustomObject({ group, version, plural })).rejects.toMatchObject({ code: 401 })
  })
})
