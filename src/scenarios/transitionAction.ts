// `transition` steps: a status change the service itself would make. A CCI snapshot goes through the
// CCI lifecycle's forced transitions (cci.md §10, CCI-44), so it writes exactly what the controller
// writes; a Glance image moves along Glance's status machine (glance.md §14), plus the one move only
// a fault makes: an upload or import killed part-way.
import { openPrincipal } from '../auth.ts'
import type { ImageSnapshotTransitionRequest } from '../cci/imageSnapshotLifecycle.ts'
import { GlanceError } from '../glance/errors.ts'
import { imagesKind } from '../glance/glanceService.ts'
import type { GlanceImage } from '../glance/image.ts'
import { canTransition, type ImageStatus } from '../glance/lifecycle.ts'
import type { CciTransition } from './scenario.ts'
import { kubeKind, ScenarioActionError, type ScenarioTargets } from './scenarioTargets.ts'

export function cciTransitionRequest(transition: CciTransition): ImageSnapshotTransitionRequest {
  const request: ImageSnapshotTransitionRequest = { to: transition.to }
  if (transition.reason !== undefined) request.reason = transition.reason
  if (transition.message !== undefined) request.message = transition.message
  return request
}

export async function transitionSnapshot(targets: ScenarioTargets, name: string, transition: CciTransition): Promise<void> {
  const applied = await targets.cciLifecycle.force(name, cciTransitionRequest(transition))
  if (applied) return
  const current = kubeKind(targets, 'cci').access.get(name)
  if (!current) throw new ScenarioActionError(`imagesnapshots.cci "${name}" not found`)
  throw new ScenarioActionError(`imagesnapshots.cci "${name}" is being deleted: it can only become Deleted`)
}

/** Statuses an upload or an import is in; a fault can kill either (glance.md §14: killed only via faults). */
const killable: ReadonlySet<ImageStatus> = new Set(['queued', 'saving', 'uploading', 'importing'])

export function glanceTransitionAllowed(from: ImageStatus, to: ImageStatus): boolean {
  return canTransition(from, to) || (to === 'killed' && killable.has(from))
}

export async function transitionImage(targets: ScenarioTargets, id: string, to: ImageStatus): Promise<void> {
  if (to === 'deleted') {
    // Deleting also drops the image's data and members: the service's own delete does all of it.
    try {
      await targets.glance.deleteImage(openPrincipal, id)
    } catch (error) {
      if (error instanceof GlanceError) throw new ScenarioActionError(`Glance image ${id}: ${error.explanation}`)
      throw error
    }
    return
  }
  const { store, clock } = targets
  await store.commit(() => {
    const current = store.get(imagesKind, id) as GlanceImage | undefined
    if (!current || current.status === 'deleted') throw new ScenarioActionError(`Glance image ${id} not found`)
    if (current.status === to) return { kind: imagesKind }
    if (!glanceTransitionAllowed(current.status, to)) {
      throw new ScenarioActionError(`Glance image ${id} is ${current.status}: Glance does not move an image from ${current.status} to ${to}`)
    }
    const next: GlanceImage = { ...current, status: to, updated_at: clock.iso() }
    // glance.md §14: back to queued clears size and virtual_size.
    if (to === 'queued') {
      next.size = null
      next.virtual_size = null
    }
    return { kind: imagesKind, op: { type: 'update', key: id, object: next as unknown as Record<string, unknown> } }
  })
}
