// Fixture time rebasing (CCI-50): fixtures are written at some past date, and loading them as they
// are would expire their TTLs on the first tick.
import { rfc3339 } from '../clock.ts'
import { isJsonObject } from '../json/jsonObject.ts'
import type { KubeObject } from '../kube/resource.ts'

function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const parsed = Date.parse(value)
  return Number.isNaN(parsed) ? undefined : parsed
}

/**
 * Shifts every lifecycle timestamp of a fixture set by one offset so that the latest
 * creationTimestamp equals `nowMs`. Returns copies.
 */
export function rebaseImageSnapshotTimes(objects: readonly KubeObject[], nowMs: number): KubeObject[] {
  const created = objects.map((o) => timeOf(o.metadata.creationTimestamp)).filter((t): t is number => t !== undefined)
  if (created.length === 0) return objects.map((o) => structuredClone(o))
  const offset = nowMs - Math.max(...created)
  const shift = (value: unknown) => {
    const time = timeOf(value)
    return time === undefined ? value : rfc3339(time + offset)
  }
  return objects.map((original) => {
    const object = structuredClone(original)
    if (object.metadata.creationTimestamp) object.metadata.creationTimestamp = shift(object.metadata.creationTimestamp) as string
    if (object.metadata.deletionTimestamp) object.metadata.deletionTimestamp = shift(object.metadata.deletionTimestamp) as string
    if (isJsonObject(object.status)) {
      for (const key of ['lastUpdatedTime', 'expireDateTime']) {
        if (object.status[key] !== undefined) object.status[key] = shift(object.status[key])
      }
    }
    return object
  })
}
