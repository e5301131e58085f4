// The objects the benchmarks store: realistic shapes taken from the built-in fixtures, made
// distinct by index, so sizes match what users keep in the emulator.
import openshiftImages from '../fixtures/openshift-images.json' with { type: 'json' }
import cciSnapshots from '../fixtures/cci-snapshots.json' with { type: 'json' }
import type { Emulator } from '../src/emulator.ts'
import type { KubeObject } from '../src/kube/resource.ts'

const hex64 = (i: number) => i.toString(16).padStart(64, '0')

/** OpenShift Image `i`: the mid-sized fixture with its own digest; labelled app=bench and a shard of ten. */
export function openshiftImage(i: number): KubeObject {
  const image = structuredClone(openshiftImages[1]!) as unknown as KubeObject & { dockerImageReference: string }
  const name = `sha256:${hex64(i)}`
  image.metadata = { name, labels: { app: 'bench', shard: String(i % 10) } }
  image.dockerImageReference = `quay.io/bench/app@${name}`
  return image
}

export const openshiftImageName = (i: number) => `sha256:${hex64(i)}`

export function cciSnapshot(i: number): KubeObject {
  const snapshot = structuredClone(cciSnapshots[0]!) as unknown as KubeObject
  snapshot.metadata = { ...snapshot.metadata, name: `bench-snapshot-${i}` }
  delete snapshot.metadata.uid
  delete snapshot.metadata.resourceVersion
  return snapshot
}

/** A Glance image view, public so every caller sees it. */
export function glanceImage(i: number): Record<string, unknown> {
  const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`
  return {
    id,
    name: `bench-image-${i}`,
    disk_format: 'qcow2',
    container_format: 'bare',
    visibility: 'public',
    status: 'queued',
    owner: '3a9a3a792b024d509d3852022b9f8436',
    min_ram: 512,
    min_disk: 1,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    tags: ['bench'],
    os_distro: 'others',
    description: `benchmark image ${i}`,
  }
}

export const glanceImageId = (i: number) => glanceImage(i).id as string

export async function loadOpenshiftImages(emulator: Emulator, count: number, from = 0): Promise<void> {
  for (let i = from; i < from + count; i++) await emulator.openshift.images.load(openshiftImage(i))
}

export async function loadCciSnapshots(emulator: Emulator, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await emulator.cci.imageSnapshots.load(cciSnapshot(i))
}

export async function loadGlanceImages(emulator: Emulator, count: number): Promise<void> {
  const images: Array<Record<string, unknown>> = []
  for (let i = 0; i < count; i++) images.push(glanceImage(i))
  await emulator.loadFixtures([{ images }])
}
