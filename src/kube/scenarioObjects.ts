// The writes a scenario makes to a Kubernetes kind: an administrator's, through the registry store,
// so the kind's strategy applies (defaults, validation, finalizers) and the writes reach watchers like
// any other. Status changes are `transition` steps, not updates.
import { openPrincipal } from '../auth.ts'
import type { ScenarioObjects } from '../apiDescriptor.ts'
import { ScenarioActionError } from '../scenarios/scenarioActionError.ts'
import type { ResourceAccess } from './kubeApis.ts'
import { applyMergePatch, PatchError } from './patch.ts'
import type { RequestContext, WriteOutcome } from './registryStore.ts'
import type { DeleteOptions, WriteOptions } from './requestOptions.ts'
import type { Endpoint, KubeObject } from './resource.ts'
import { StatusError } from './status.ts'

const writeOptions: WriteOptions = { dryRun: false, fieldManager: undefined, fieldValidation: '', force: undefined }
const deleteOptions: DeleteOptions = { dryRun: false, gracePeriodSeconds: undefined, propagationPolicy: undefined, orphanDependents: undefined, preconditions: {} }

/** managedFields name the writer (K-11); the emulator itself is the writer here. */
const manager = { name: 'image-api-emulator', operation: 'Update' as const }

/** The API's refusal, as the step's error. */
function refused(error: unknown): never {
  if (error instanceof StatusError) throw new ScenarioActionError(error.status.message ?? error.message)
  if (error instanceof PatchError) throw new ScenarioActionError(error.message)
  throw error
}

function checked(outcome: WriteOutcome): KubeObject {
  if (outcome.kind === 'status') throw new ScenarioActionError(outcome.status.message ?? `the API answered ${outcome.code}`)
  return outcome.object
}

async function write(work: () => Promise<WriteOutcome>): Promise<void> {
  try {
    checked(await work())
  } catch (error) {
    refused(error)
  }
}

/** Scenario writes to the kind served on `endpoint` (the current group, not a legacy prefix). */
export function kubeScenarioObjects(endpoint: Endpoint, access: ResourceAccess): Omit<ScenarioObjects, 'transition' | 'scheduleTransition'> {
  const context: RequestContext = { endpoint, principal: openPrincipal, fieldManager: manager }
  const { registry } = access
  return {
    create: (object) => write(() => registry.create(structuredClone(object) as unknown as KubeObject, writeOptions, context)),
    update: (name, patch) => write(() => registry.patch(name, (current) => applyMergePatch(current, structuredClone(patch)) as KubeObject, writeOptions, context)),
    async delete(name) {
      try {
        const outcome = await registry.delete(name, deleteOptions, context)
        if (outcome.kind === 'status' && outcome.status.status === 'Failure') throw new ScenarioActionError(outcome.status.message ?? `the API answered ${outcome.code}`)
      } catch (error) {
        refused(error)
      }
    },
  }
}
