// The Huawei Cloud CCI 2.0 API (cci/v2): ImageSnapshots, served by the shared Kubernetes machinery and
// moved along their lifecycle (cci.md §9–§10) by a driver on the emulator clock. Scenarios name
// snapshots by name; a `transition` step is one of the controller's forced transitions (CCI-44).
import { z } from 'zod'
import cciSnapshots from '../../fixtures/cci-snapshots.json' with { type: 'json' }
import type { KubeApiDescriptor } from '../apiDescriptor.ts'
import type { ResourceAccess } from '../kube/kubeApis.ts'
import { kubeApiParts } from '../kube/kubeApiParts.ts'
import { ScenarioActionError } from '../scenarios/scenarioActionError.ts'
import { cciEndpoints } from './endpoints.ts'
import { imageSnapshotResource, type ImageSnapshot } from './imageSnapshot.ts'
import { createImageSnapshotLifecycle, type ImageSnapshotLifecycle, type ImageSnapshotTransitionRequest } from './imageSnapshotLifecycle.ts'

export interface CciAccess {
  /** ImageSnapshots as an administrator reads and writes them. */
  imageSnapshots: ResourceAccess<ImageSnapshot>
  /** The lifecycle driver: pending transitions, configuration. */
  lifecycle: ImageSnapshotLifecycle
}

/** A CCI ImageSnapshot transition, forced as the CCI controller would write it (cci.md §10). */
export interface CciTransition {
  /** The snapshot; in a `when` step it defaults to the one the request's path names (`:name`). */
  name?: string
  /** `Failed` is accepted for `Unavailable` (CCI-43); `Deleting` expires it now (T6); `Deleted` removes it. */
  to: 'Available' | 'Unavailable' | 'Failed' | 'Deleting' | 'Deleted'
  reason?: string
  message?: string
}

function transitionRequest(transition: CciTransition): ImageSnapshotTransitionRequest {
  const request: ImageSnapshotTransitionRequest = { to: transition.to }
  if (transition.reason !== undefined) request.reason = transition.reason
  if (transition.message !== undefined) request.message = transition.message
  return request
}

export const cciApi: KubeApiDescriptor<'cci', CciAccess, CciTransition> = {
  name: 'cci',
  // cci.md §3.2: seed 000's ObjectMeta (table 6) and its examples have no managedFields.
  kube: { endpoints: cciEndpoints, showManagedFields: false },
  fixtures: { 'cci-snapshots': cciSnapshots },
  scenario: {
    key: 'name',
    objects: 'cci objects',
    transitionSchema: () =>
      z.strictObject({
        name: z.string().min(1).optional(),
        to: z.enum(['Available', 'Unavailable', 'Failed', 'Deleting', 'Deleted']),
        reason: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, { error: 'must be a CamelCase reason such as ImagePullFailed' }).optional(),
        message: z.string().optional(),
      }),
  },
  build({ core, kube, options }) {
    const snapshots = kube.access<ImageSnapshot>(imageSnapshotResource)
    const lifecycle = createImageSnapshotLifecycle({
      clock: core.clock,
      ids: core.ids,
      config: options.lifecycle?.cci,
      list: snapshots.list,
      get: snapshots.get,
      update: snapshots.systemUpdate as ResourceAccess['systemUpdate'],
      onChange: snapshots.onChange,
    })
    core.keep('cci-lifecycle', { reset: () => undefined, snapshot: () => null, restore: () => undefined, resync: () => lifecycle.resync() })
    const parts = kubeApiParts('cci', cciEndpoints, kube, { reasons: { 504: 'ServerTimeout' } })

    async function force(name: string, transition: CciTransition): Promise<void> {
      if (await lifecycle.force(name, transitionRequest(transition))) return
      if (!snapshots.get(name)) throw new ScenarioActionError(`imagesnapshots.cci "${name}" not found`)
      throw new ScenarioActionError(`imagesnapshots.cci "${name}" is being deleted: it can only become Deleted`)
    }

    return {
      ...parts,
      access: { imageSnapshots: snapshots, lifecycle },
      dispose: () => lifecycle.dispose(),
      objects: {
        ...parts.objects,
        transition: force,
        scheduleTransition(name, at, transition) {
          // The lifecycle holds its default transitions back until the step's time.
          const cancel = lifecycle.schedule(name, at, transitionRequest(transition))
          return {
            cancel,
            async fire() {
              // The lifecycle may have applied the forced transition already at this instant (its timer
              // and the step's are due together); if it is still waiting, it is applied now, once.
              const waiting = lifecycle.pending().some((entry) => entry.name === name && entry.id === 'forced')
              if (!waiting) {
                if (!snapshots.get(name)) throw new Error(`imagesnapshots.cci "${name}" not found`)
                return
              }
              cancel()
              await force(name, transition)
            },
          }
        },
      },
    }
  },
}
