// A stage's `next` for Kubernetes objects, as kwok's StageNext says it: a status template, a delete,
// a finalizer removal. Each returns a fresh object (the stored one is never touched) and follows the
// apiserver's deletion rules (K-21): a delete on an object with finalizers only marks it; an object
// being deleted is gone once its last finalizer is removed.
import { rfc3339 } from '../clock.ts'
import type { KubeObject } from '../kube/resource.ts'
import type { StageResult } from './stage.ts'

/** What every Kubernetes `next` reads from the driver's context: the instant the row fires at. */
export interface FiringTime {
  now: number
}

type Next<C extends FiringTime, S> = (object: KubeObject, context: C, settings: S) => StageResult<KubeObject>

/** kwok's statusTemplate: the whole status, computed from the object as it is when the row fires. */
export function nextStatus<C extends FiringTime, S>(template: (object: KubeObject, context: C, settings: S) => object): Next<C, S> {
  return (object, context, settings) => ({ ...structuredClone(object), status: template(object, context, settings) as KubeObject['status'] })
}

/** kwok's `delete: true`, as DELETE does it: marked with a deletionTimestamp while finalizers remain, else gone. */
export function markDeleted(object: KubeObject, now: number): StageResult<KubeObject> {
  // Without finalizers nothing would ever finish the deletion: the object goes at once.
  if (!Array.isArray(object.metadata.finalizers) || object.metadata.finalizers.length === 0) return 'delete'
  const next = structuredClone(object)
  next.metadata.deletionTimestamp = rfc3339(now)
  next.metadata.deletionGracePeriodSeconds = 0
  return next
}

export function nextDelete<C extends FiringTime, S>(): Next<C, S> {
  return (object, context) => markDeleted(object, context.now)
}

/** kwok's finalizers.remove: a deleting object left without finalizers is removed for good. */
export function nextRemoveFinalizers<C extends FiringTime, S>(finalizers: readonly string[]): Next<C, S> {
  return (object) => {
    const left = (object.metadata.finalizers ?? []).filter((f) => !finalizers.includes(f))
    if (left.length === 0 && object.metadata.deletionTimestamp) return 'delete'
    const next = structuredClone(object)
    next.metadata.finalizers = left
    return next
  }
}
