// The writes a scenario makes to Glance: through the service's own operations as an administrator, so
// Glance's rules apply (read-only attributes, the status machine, data and members dropped on delete).
// A `transition` moves an image along Glance's status machine (glance.md §14), plus the one move only
// a fault makes: an upload or import killed part-way.
import { openPrincipal } from '../auth.ts'
import type { EmulatorCore } from '../core.ts'
import type { ScenarioObjects } from '../apiDescriptor.ts'
import type { JsonValue } from '../jsonValue.ts'
import { ScenarioActionError } from '../scenarios/scenarioActionError.ts'
import { GlanceError } from './errors.ts'
import { imagesKind, type GlanceService } from './glanceService.ts'
import { coreAttributes, type GlanceImage } from './image.ts'
import { canTransition, type ImageStatus } from './lifecycle.ts'

/** A Glance image status change (glance.md §14), as Glance itself would write it. */
export interface GlanceTransition {
  /** The image; in a `when` step it defaults to the one the request's path names (`:id`). */
  id?: string
  to: ImageStatus
}

/** The API's refusal, as the step's error. */
function refused(error: unknown): never {
  if (error instanceof GlanceError) throw new ScenarioActionError(error.explanation || error.detail || `Glance answered ${error.status}`)
  throw error
}

/** Glance's PATCH speaks JSON Patch: each property becomes a replace, an add or (for null) a remove. */
function glancePatch(image: { properties: Record<string, unknown> }, patch: Record<string, JsonValue>): unknown[] {
  const ops: unknown[] = []
  for (const [key, value] of Object.entries(patch)) {
    const exists = coreAttributes.has(key) || Object.hasOwn(image.properties, key)
    const path = `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
    if (value === null && !coreAttributes.has(key)) {
      if (exists) ops.push({ op: 'remove', path })
    } else {
      ops.push({ op: exists ? 'replace' : 'add', path, value })
    }
  }
  return ops
}

/** Statuses an upload or an import is in; a fault can kill either (glance.md §14: killed only via faults). */
const killable: ReadonlySet<ImageStatus> = new Set(['queued', 'saving', 'uploading', 'importing'])

function glanceTransitionAllowed(from: ImageStatus, to: ImageStatus): boolean {
  return canTransition(from, to) || (to === 'killed' && killable.has(from))
}

export function glanceScenarioObjects(core: EmulatorCore, service: GlanceService): ScenarioObjects<GlanceTransition> {
  const { store, clock } = core
  const guarded = async (work: () => Promise<unknown>) => {
    try {
      await work()
    } catch (error) {
      refused(error)
    }
  }
  return {
    create: (object) => guarded(() => service.createImage(openPrincipal, structuredClone(object))),
    async update(id, patch) {
      const image = service.image(id)
      if (!image) throw new ScenarioActionError(`Glance image ${id} not found`)
      await guarded(() => service.updateImage(openPrincipal, id, 10, glancePatch(image, patch)))
    },
    delete: (id) => guarded(() => service.deleteImage(openPrincipal, id)),
    async transition(id, { to }) {
      if (to === 'deleted') {
        // Deleting also drops the image's data and members: the service's own delete does all of it.
        try {
          await service.deleteImage(openPrincipal, id)
        } catch (error) {
          if (error instanceof GlanceError) throw new ScenarioActionError(`Glance image ${id}: ${error.explanation}`)
          throw error
        }
        return
      }
      await store.commit(() => {
        const current = store.get(imagesKind, id) as GlanceImage | undefined
        if (!current) throw new ScenarioActionError(`Glance image ${id} not found`)
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
    },
  }
}
