// The generic registry store: everything kube-apiserver's generic/registry/store.go does for every
// kind — names, uids, resourceVersions, preconditions, finalizers, dryRun — around a resource
// definition that says only what is special about its kind. Each write is decided inside
// store.commit(), so a read-check-write never interleaves with another writer.
import type { EmulatorCore } from '../core.ts'
import type { FieldError } from './fieldErrors.ts'
import type { Endpoint, KubeObject, ResourceDefinition, StrategyContext } from './resource.ts'
import type { Principal } from '../auth.ts'
import { failure, statusErrors, successStatus, type Status } from './status.ts'
import { validateObjectMetaCreate, validateObjectMetaUpdate } from './objectMetaValidation.ts'
import type { DeleteOptions, WriteOptions } from './requestOptions.ts'
import type { LabelSelector } from './labelSelector.ts'
import type { FieldSelector } from './fieldSelector.ts'
import { encodeContinue } from './continueToken.ts'
import { storageKind } from './storageKind.ts'
import { canonicalObjectMeta } from './objectMeta.ts'
import { forgetResetFields, recordUpdate } from './managedFields.ts'
import { compareBytes } from '../order/byteOrder.ts'
import { partitionPoint } from '../order/partitionPoint.ts'

export interface RequestContext {
  endpoint: Endpoint
  principal: Principal | undefined
  /**
   * Who writes, for metadata.managedFields (K-11): an `Update` is recorded here from the change it
   * makes; an `Apply` arrives with its managedFields already computed (apply.ts). Absent: the write
   * keeps the stored managedFields (controllers, fixtures).
   */
  fieldManager?: { name: string; operation: 'Update' | 'Apply' }
}

export type WriteOutcome =
  | { kind: 'object'; code: number; object: KubeObject }
  | { kind: 'status'; code: number; status: Status }

export interface ListSelection {
  labelSelector: LabelSelector | undefined
  fieldSelector: FieldSelector | undefined
}

export interface RawListPage {
  resourceVersion: number
  /** The selected objects' keys and stored JSON text, in key order. */
  entries: Array<{ key: string; json: string }>
  continueToken: string | undefined
  remainingItemCount: number | undefined
}

export interface ListPage {
  resourceVersion: number
  items: KubeObject[]
  continueToken: string | undefined
  remainingItemCount: number | undefined
}

export interface RegistryStore {
  resource: ResourceDefinition
  kind: string
  get(name: string): KubeObject | undefined
  /** The stored JSON text, for answers that can reuse an encoding of it. */
  getJson(name: string): string | undefined
  create(body: KubeObject, options: WriteOptions, request: RequestContext): Promise<WriteOutcome>
  /** PUT (K-15). */
  update(name: string, body: KubeObject, options: WriteOptions, request: RequestContext): Promise<WriteOutcome>
  /**
   * PATCH: `patch` computes the new object from the current one inside the commit, so two patches
   * never read the same state (K-16: the result is then handled as a PUT).
   */
  patch(name: string, apply: (current: KubeObject) => KubeObject, options: WriteOptions, request: RequestContext): Promise<WriteOutcome>
  delete(name: string, options: DeleteOptions, request: RequestContext): Promise<WriteOutcome>
  /** One page of the state at `resourceVersion` (latest when undefined). */
  list(selection: ListSelection, page: { resourceVersion?: number; from?: string; limit?: number }): ListPage
  /** The same page as stored JSON text, for answers that can reuse already-encoded objects. */
  listRaw(selection: ListSelection, page: { resourceVersion?: number; from?: string; limit?: number }): RawListPage
  /** Inserts a complete object as stored (fixtures): keeps uid and timestamps, takes a new resourceVersion. */
  load(object: KubeObject): Promise<KubeObject>
  /** A controller's write through the same commit path: no strategy, no validation. */
  systemUpdate(name: string, decide: (current: KubeObject) => KubeObject | 'delete' | undefined): Promise<void>
  /** The fields a field selector can test (K-27). */
  selectableFields(object: KubeObject): Record<string, string>
  matches(object: KubeObject, selection: ListSelection): boolean
}

const clone = <T>(value: T): T => structuredClone(value)

function meta(object: KubeObject) {
  return object.metadata
}

export function createRegistryStore(core: EmulatorCore, resource: ResourceDefinition): RegistryStore {
  const kind = storageKind(resource)
  core.store.defineKind(kind, {
    stamp: (object, resourceVersion) => {
      const m = (object as KubeObject).metadata
      if (m) m.resourceVersion = String(resourceVersion)
    },
    labels: (object) => (object as KubeObject).metadata?.labels,
  })

  const strategyContext = (request: RequestContext | undefined): StrategyContext => ({
    now: core.clock.iso(),
    clock: core.clock,
    ids: core.ids,
    principal: request?.principal,
    group: request?.endpoint.group ?? resource.group,
  })

  const get = (name: string) => core.store.get(kind, name) as KubeObject | undefined

  /** Shapes a decoded body into a KubeObject the strategies can rely on. */
  function normalise(body: KubeObject): KubeObject {
    const object = clone(body)
    delete object.apiVersion
    delete object.kind
    if (!object.metadata || typeof object.metadata !== 'object' || Array.isArray(object.metadata)) object.metadata = {}
    // K-8: cluster-scoped kinds silently drop a namespace; selfLink no longer exists; initializers and
    // clusterName were removed from ObjectMeta and are not echoed (IMG-7).
    for (const gone of ['namespace', 'selfLink', 'initializers', 'clusterName']) delete object.metadata[gone]
    return object
  }

  /**
   * The managedFields a client write leaves (K-11): `sent` is the object as the client sent it (its
   * managedFields included), `stored` what the strategy made of it. Undefined: none.
   */
  function trackManagedFields(existing: KubeObject | undefined, sent: KubeObject, stored: KubeObject, request: RequestContext, now: string): unknown[] | undefined {
    const writer = request.fieldManager!
    // Compared in the representation the client used (IMG-45: /oapi differs from /apis).
    const wire = (object: KubeObject) => (resource.encode ? resource.encode(clone(object), request.endpoint.groupVersion) : object)
    const entries =
      writer.operation === 'Apply'
        ? forgetResetFields(sent.metadata.managedFields, sent, wire(stored), resource.openapiSchema)
        : recordUpdate(existing && wire(existing), sent, wire(stored), { manager: writer.name, apiVersion: request.endpoint.groupVersion, time: now, schema: resource.openapiSchema })
    return entries.length ? entries : undefined
  }

  function invalid(endpoint: Endpoint, name: string, errors: FieldError[]) {
    return statusErrors.invalid(endpoint, name, errors)
  }

  function prepareCreate(body: KubeObject, request: RequestContext, name: string): KubeObject {
    const ctx = strategyContext(request)
    const object = normalise(body)
    const m = meta(object)
    if (m.resourceVersion) {
      // K-6: the real server fails this inside storage, with a bare 500.
      throw failure(500, undefined, 'resourceVersion should not be set on objects to be created')
    }
    m.name = name
    m.uid = core.ids.uuid()
    m.creationTimestamp = ctx.now
    delete m.deletionTimestamp
    delete m.deletionGracePeriodSeconds
    delete m.generation
    const sent = clone(object)
    delete m.managedFields
    resource.prepareForCreate(object, ctx)
    const errors = [...validateObjectMetaCreate(object.metadata, resource.nameRule), ...resource.validate(object, ctx)]
    if (errors.length) throw invalid(request.endpoint, name || m.generateName || '', errors)
    const managedFields = request.fieldManager && trackManagedFields(undefined, sent, object, request, ctx.now)
    if (managedFields) object.metadata.managedFields = managedFields
    else delete object.metadata.managedFields
    object.metadata = canonicalObjectMeta(object.metadata)
    return object
  }

  async function create(body: KubeObject, options: WriteOptions, request: RequestContext): Promise<WriteOutcome> {
    const requested = typeof body.metadata?.name === 'string' ? body.metadata.name : ''
    const generateName = typeof body.metadata?.generateName === 'string' ? body.metadata.generateName : ''
    // Validation runs before a name is generated, so its errors name the object as sent.
    prepareCreate(body, request, requested || (generateName ? `${generateName}x` : ''))
    // K-10: a generated name is tried up to 8 times against existing objects.
    const attempts = requested ? 1 : 8
    for (let attempt = 0; attempt < attempts; attempt++) {
      const name = requested || `${generateName.slice(0, 58)}${core.ids.nameSuffix()}`
      const object = prepareCreate(body, request, name)
      if (options.dryRun) {
        // K-18: a dry run answers as the create would, without a resourceVersion.
        if (core.store.has(kind, name)) throw alreadyExists(request.endpoint, name)
        return { kind: 'object', code: 201, object }
      }
      const { commit, result } = await core.store.commit(() => {
        if (core.store.has(kind, name)) return { kind, result: 'exists' as const }
        return { kind, op: { type: 'create', key: name, object } }
      })
      if (result === 'exists') {
        if (requested) throw alreadyExists(request.endpoint, name)
        continue
      }
      return { kind: 'object', code: 201, object: commit.object as KubeObject }
    }
    throw statusErrors.generateNameExhausted(request.endpoint, `${generateName.slice(0, 58)}`)
  }

  function alreadyExists(endpoint: Endpoint, name: string) {
    const holder = get(name)
    return statusErrors.alreadyExists(endpoint, name, Boolean(holder?.metadata.deletionTimestamp))
  }

  /**
   * Computes an update of `existing` to `incoming` (K-15, K-21's finalizer rule, K-6 no-op rule).
   * Pure over its inputs: called inside a commit.
   */
  function decideUpdate(
    existing: KubeObject,
    incoming: KubeObject,
    request: RequestContext,
    conditional: 'required' | 'optional',
  ): { next: KubeObject; remove: boolean } {
    const ctx = strategyContext(request)
    const name = existing.metadata.name!
    const object = normalise(incoming)
    const m = meta(object)
    const old = existing.metadata
    const bodyRv = typeof m.resourceVersion === 'string' ? m.resourceVersion : ''
    if (!bodyRv) {
      if (conditional === 'required' && !resource.allowUnconditionalUpdate) {
        // IMG-26 / K-15: details.kind is the resource here, not the kind.
        throw failure(422, 'Invalid', `${request.endpoint.group ? `${resource.plural}.${request.endpoint.group}` : resource.plural} "${name}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`, {
          name,
          group: request.endpoint.group,
          kind: resource.plural,
          causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: 0x0: must be specified for an update', field: 'metadata.resourceVersion' }],
        })
      }
    } else if (bodyRv !== old.resourceVersion) {
      throw statusErrors.conflict(request.endpoint, name)
    }
    if (m.uid && m.uid !== old.uid) {
      // K-5: the storage layer's precondition error, surfaced as a Conflict.
      throw statusErrors.conflict(
        request.endpoint,
        name,
        `StorageError: invalid object, Code: 4, Key: /${request.endpoint.group || 'openshift.io'}/${resource.plural}/${name}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${m.uid}, UID in object meta: ${old.uid}`,
      )
    }
    // Server-owned metadata is kept from storage whatever the body says (K-7, K-8, K-9).
    m.name = name
    m.uid = old.uid
    m.resourceVersion = old.resourceVersion
    m.creationTimestamp = old.creationTimestamp
    delete m.generateName
    if (old.generateName) m.generateName = old.generateName
    delete m.deletionTimestamp
    delete m.deletionGracePeriodSeconds
    if (old.deletionTimestamp) m.deletionTimestamp = old.deletionTimestamp
    if (old.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds
    delete m.generation
    if (old.generation !== undefined) m.generation = old.generation
    const sent = clone(object)
    delete m.managedFields
    if (old.managedFields) m.managedFields = old.managedFields
    resource.prepareForUpdate(object, existing, ctx)
    const errors = [...validateObjectMetaUpdate(object.metadata, existing.metadata, resource.nameRule), ...resource.validateUpdate(object, existing, ctx)]
    if (errors.length) throw invalid(request.endpoint, name, errors)
    if (request.fieldManager) {
      const managedFields = trackManagedFields(existing, sent, object, request, ctx.now)
      if (managedFields) object.metadata.managedFields = managedFields
      else delete object.metadata.managedFields
    }
    // K-21: an update that leaves a deleting object without finalizers completes the deletion.
    const remove = Boolean(old.deletionTimestamp) && !(m.finalizers?.length)
    object.metadata = canonicalObjectMeta(object.metadata)
    return { next: object, remove }
  }

  async function writeUpdate(
    name: string,
    compute: (existing: KubeObject) => KubeObject,
    options: WriteOptions,
    request: RequestContext,
    conditional: 'required' | 'optional',
  ): Promise<WriteOutcome> {
    const { commit, result } = await core.store.commit(() => {
      const existing = get(name)
      // IMG-33 / K-15: neither kind allows create-on-update.
      if (!existing) throw statusErrors.notFound(request.endpoint, name)
      const { next, remove } = decideUpdate(existing, compute(existing), request, conditional)
      if (options.dryRun) return { kind, result: next }
      if (remove) return { kind, op: { type: 'delete', key: name }, result: next }
      return { kind, op: { type: 'update', key: name, object: next }, result: next }
    })
    if (options.dryRun || !commit.object) return { kind: 'object', code: 200, object: result! }
    if (commit.event?.type === 'DELETED') return { kind: 'object', code: 200, object: result! }
    return { kind: 'object', code: 200, object: commit.object as KubeObject }
  }

  async function remove(name: string, options: DeleteOptions, request: RequestContext): Promise<WriteOutcome> {
    const ctx = strategyContext(request)
    type Decision = { marked: KubeObject } | { removed: KubeObject }
    const { commit, result } = await core.store.commit<Decision>(() => {
      const existing = get(name)
      if (!existing) throw statusErrors.notFound(request.endpoint, name)
      const m = existing.metadata
      const kindName = request.endpoint.group ? `${resource.kind}.${request.endpoint.group}` : resource.kind
      const preconditionFailed = (detail: string) =>
        failure(409, 'Conflict', `Operation cannot be fulfilled on ${kindName} "${name}": ${detail}`, {
          name,
          group: request.endpoint.group,
          kind: resource.kind,
        })
      if (options.preconditions.uid !== undefined && options.preconditions.uid !== m.uid) {
        throw preconditionFailed(
          `the UID in the precondition (${options.preconditions.uid}) does not match the UID in record (${m.uid}). The object might have been deleted and then recreated`,
        )
      }
      if (options.preconditions.resourceVersion !== undefined && options.preconditions.resourceVersion !== m.resourceVersion) {
        throw preconditionFailed(
          `the ResourceVersion in the precondition (${options.preconditions.resourceVersion}) does not match the ResourceVersion in record (${m.resourceVersion}). The object might have been modified`,
        )
      }
      if (m.finalizers?.length) {
        // K-21: finalizers hold the object; the first DELETE marks it, later ones change nothing.
        if (m.deletionTimestamp) return { kind, result: { marked: existing } }
        const marked = clone(existing)
        marked.metadata.deletionTimestamp = ctx.now
        marked.metadata.deletionGracePeriodSeconds = 0
        if (options.dryRun) return { kind, result: { marked } }
        return { kind, op: { type: 'update', key: name, object: marked }, result: { marked } }
      }
      if (options.dryRun) return { kind, result: { removed: existing } }
      return { kind, op: { type: 'delete', key: name }, result: { removed: existing } }
    })
    if (result && 'marked' in result) {
      const object = (commit.object as KubeObject | undefined) ?? result.marked
      return { kind: 'object', code: options.orphanDependents === false ? 202 : 200, object }
    }
    const removed = (result as { removed: KubeObject }).removed
    return {
      kind: 'status',
      code: 200,
      status: successStatus({ name, group: request.endpoint.group, kind: resource.plural, uid: removed.metadata.uid }),
    }
  }

  // K-27: cluster-scoped kinds select on the name and an always-empty namespace.
  const fieldsOf = (name: string): Record<string, string> => ({ 'metadata.name': name, 'metadata.namespace': '' })

  function selectableFields(object: KubeObject): Record<string, string> {
    return fieldsOf(object.metadata.name ?? '')
  }

  function matches(object: KubeObject, selection: ListSelection): boolean {
    if (selection.labelSelector && !selection.labelSelector.empty && !selection.labelSelector.matches(object.metadata.labels ?? {})) return false
    if (selection.fieldSelector && !selection.fieldSelector.empty && !selection.fieldSelector.matches(selectableFields(object))) return false
    return true
  }

  /**
   * One page as stored JSON text, without parsing what it need not: at the latest state labels come
   * from the store's labels column and the only selectable fields are the key and an empty namespace.
   */
  function listRaw(selection: ListSelection, page: { resourceVersion?: number; from?: string; limit?: number }): RawListPage {
    const latest = core.store.resourceVersion()
    const at = page.resourceVersion ?? latest
    const limit = page.limit && page.limit > 0 ? page.limit : Infinity
    const labelSelector = selection.labelSelector && !selection.labelSelector.empty ? selection.labelSelector : undefined
    const fieldSelector = selection.fieldSelector && !selection.fieldSelector.empty ? selection.fieldSelector : undefined
    let keys: readonly string[]
    let read: (key: string) => string | undefined
    let labelsOf: (key: string, json: string) => Record<string, string>
    if (at >= latest) {
      keys = core.store.keys(kind)
      read = (key) => core.store.getJson(kind, key)
      labelsOf = (key) => core.store.labelsOf(kind, key) ?? {}
    } else {
      const current = new Map(core.store.keys(kind).map((k) => [k, core.store.getJson(kind, k)!]))
      const state = core.store.events.stateAt(kind, at, current)
      if (!state) throw statusErrors.expired('The resourceVersion for the provided list is too old.')
      keys = [...state.keys()].sort(compareBytes)
      read = (key) => state.get(key)
      labelsOf = (_key, json) => (JSON.parse(json) as KubeObject).metadata.labels ?? {}
    }
    const from = page.from
    const start = from === undefined ? 0 : partitionPoint(keys, (key) => compareBytes(key, from) < 0)
    const entries: RawListPage['entries'] = []
    let index = start
    for (; index < keys.length && entries.length < limit; index++) {
      const key = keys[index]!
      if (fieldSelector && !fieldSelector.matches(fieldsOf(key))) continue
      const json = read(key)!
      if (labelSelector && !labelSelector.matches(labelsOf(key, json))) continue
      entries.push({ key, json })
    }
    const more = index < keys.length
    const lastKey = entries.length ? entries[entries.length - 1]!.key : keys[index - 1]
    return {
      resourceVersion: at,
      entries,
      continueToken: more && lastKey !== undefined ? encodeContinue(at, lastKey) : undefined,
      remainingItemCount: more && !labelSelector && !fieldSelector ? keys.length - index : undefined,
    }
  }

  function list(selection: ListSelection, page: { resourceVersion?: number; from?: string; limit?: number }): ListPage {
    const { entries, ...rest } = listRaw(selection, page)
    return { ...rest, items: entries.map((entry) => JSON.parse(entry.json) as KubeObject) }
  }

  async function load(object: KubeObject): Promise<KubeObject> {
    const stored = normalise(object)
    delete stored.metadata.resourceVersion
    const name = stored.metadata.name!
    stored.metadata.uid ??= core.ids.uuid()
    stored.metadata.creationTimestamp ??= core.clock.iso()
    const { commit } = await core.store.commit(() => ({
      kind,
      op: { type: core.store.has(kind, name) ? 'update' : 'create', key: name, object: stored },
    }))
    return commit.object as KubeObject
  }

  async function systemUpdate(name: string, decide: (current: KubeObject) => KubeObject | 'delete' | undefined) {
    await core.store.commit(() => {
      const existing = get(name)
      if (!existing) return undefined
      const next = decide(clone(existing))
      if (next === undefined) return undefined
      if (next === 'delete') return { kind, op: { type: 'delete', key: name } }
      return { kind, op: { type: 'update', key: name, object: next } }
    })
  }

  return {
    resource,
    kind,
    get,
    getJson: (name) => core.store.getJson(kind, name),
    systemUpdate,
    create,
    update: (name, body, options, request) => writeUpdate(name, () => body, options, request, 'required'),
    patch: (name, apply, options, request) => writeUpdate(name, (existing) => apply(clone(existing)), options, request, 'optional'),
    delete: remove,
    list,
    listRaw,
    load,
    selectableFields,
    matches,
  }
}


