// `create`, `update` and `delete` steps: writes an administrator could make through the API, so the
// API's own rules apply (defaults, validation, finalizers, Glance's read-only attributes) and the
// writes reach watchers like any other. Status changes are `transition` steps, not updates.
import { openPrincipal } from '../auth.ts'
import { GlanceError } from '../glance/errors.ts'
import { coreAttributes } from '../glance/image.ts'
import { applyMergePatch, PatchError } from '../kube/patch.ts'
import type { RequestContext, WriteOutcome } from '../kube/registryStore.ts'
import type { DeleteOptions, WriteOptions } from '../kube/requestOptions.ts'
import type { KubeObject } from '../kube/resource.ts'
import { StatusError } from '../kube/status.ts'
import type { JsonValue, ObjectApi } from './scenario.ts'
import { kubeKind, ScenarioActionError, type KubeKind, type ScenarioTargets } from './scenarioTargets.ts'

const writeOptions: WriteOptions = { dryRun: false, fieldManager: undefined, fieldValidation: '', force: undefined }
const deleteOptions: DeleteOptions = { dryRun: false, gracePeriodSeconds: undefined, propagationPolicy: undefined, orphanDependents: undefined, preconditions: {} }

/** managedFields name the writer (K-11); the emulator itself is the writer here. */
const manager = { name: 'image-api-emulator', operation: 'Update' as const }

function context(kind: KubeKind): RequestContext {
  return { endpoint: kind.endpoint, principal: openPrincipal, fieldManager: manager }
}

/** The API's refusal, as the step's error. */
function refused(error: unknown): never {
  if (error instanceof StatusError) throw new ScenarioActionError(error.status.message ?? error.message)
  if (error instanceof GlanceError) throw new ScenarioActionError(error.explanation || error.detail || `Glance answered ${error.status}`)
  if (error instanceof PatchError) throw new ScenarioActionError(error.message)
  throw error
}

function checked(outcome: WriteOutcome): KubeObject {
  if (outcome.kind === 'status') throw new ScenarioActionError(outcome.status.message ?? `the API answered ${outcome.code}`)
  return outcome.object
}

async function kubeWrite(write: () => Promise<WriteOutcome>): Promise<void> {
  try {
    checked(await write())
  } catch (error) {
    refused(error)
  }
}

export async function createObject(targets: ScenarioTargets, api: ObjectApi, object: Record<string, JsonValue>): Promise<void> {
  if (api === 'glance') {
    try {
      await targets.glance.createImage(openPrincipal, structuredClone(object))
    } catch (error) {
      refused(error)
    }
    return
  }
  const kind = kubeKind(targets, api)
  await kubeWrite(() => kind.access.registry.create(structuredClone(object) as unknown as KubeObject, writeOptions, context(kind)))
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

export async function updateObject(targets: ScenarioTargets, api: ObjectApi, name: string, patch: Record<string, JsonValue>): Promise<void> {
  if (api === 'glance') {
    const image = targets.glance.image(name)
    if (!image) throw new ScenarioActionError(`Glance image ${name} not found`)
    try {
      await targets.glance.updateImage(openPrincipal, name, 10, glancePatch(image, patch))
    } catch (error) {
      refused(error)
    }
    return
  }
  const kind = kubeKind(targets, api)
  await kubeWrite(() =>
    kind.access.registry.patch(name, (current) => applyMergePatch(current, structuredClone(patch)) as KubeObject, writeOptions, context(kind)),
  )
}

export async function deleteObject(targets: ScenarioTargets, api: ObjectApi, name: string): Promise<void> {
  if (api === 'glance') {
    try {
      await targets.glance.deleteImage(openPrincipal, name)
    } catch (error) {
      refused(error)
    }
    return
  }
  const kind = kubeKind(targets, api)
  try {
    const outcome = await kind.access.registry.delete(name, deleteOptions, context(kind))
    if (outcome.kind === 'status' && outcome.status.status === 'Failure') throw new ScenarioActionError(outcome.status.message ?? `the API answered ${outcome.code}`)
  } catch (error) {
    refused(error)
  }
}
