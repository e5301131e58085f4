// A resource definition is the per-kind strategy the generic Kubernetes machinery runs, in the shape of
// kube-apiserver's rest.RESTCreateStrategy / RESTUpdateStrategy (k8s.io/apiserver pkg/registry/rest):
// the generic store does names, uids, resourceVersions, preconditions, finalizers, dryRun and watch;
// a definition only says what is special about its kind.
import type { FieldError } from './fieldErrors.ts'
import type { Clock } from '../clock.ts'
import type { Ids } from '../ids.ts'
import type { Principal } from '../auth.ts'
import type { EmulatorCore } from '../core.ts'
import type { RegistryStore } from './registryStore.ts'

export interface ObjectMeta {
  name?: string
  generateName?: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  generation?: number
  creationTimestamp?: string | null
  deletionTimestamp?: string
  deletionGracePeriodSeconds?: number
  labels?: Record<string, string>
  annotations?: Record<string, string>
  finalizers?: string[]
  ownerReferences?: unknown[]
  managedFields?: unknown[]
  [key: string]: unknown
}

export interface KubeObject {
  apiVersion?: string
  kind?: string
  metadata: ObjectMeta
  [key: string]: unknown
}

/** What a strategy may read while it runs: time, ids and who is asking. */
export interface StrategyContext {
  /** The emulator clock's now, as RFC 3339 seconds (K-7). */
  now: string
  clock: Clock
  ids: Ids
  principal: Principal | undefined
  /** The group of the prefix the request came through ('' for /oapi/v1). */
  group: string
}

export interface TableColumn {
  name: string
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date'
  format: string
  description: string
  priority: number
}

/**
 * Strategic-merge directives by path, `a.b[].c` notation (`[]` steps into list elements):
 * lists with a mergeKey merge element-wise by that key (the key may be dotted, e.g. `metadata.name`);
 * `replace` makes a map or list atomic; lists not named here are replaced whole, as for
 * fields without patchStrategy tags. Paths under `metadata` are supplied by the machinery.
 */
export type StrategicMergeSchema = Record<string, { strategy: 'merge' | 'replace'; mergeKey?: string }>

export type NameRule = 'dns1123Subdomain' | 'pathSegment'

/** What a kind can serve, in discovery's order. */
export const resourceVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const
export type ResourceVerb = (typeof resourceVerbs)[number]

/** The verbs a kind serves: all eight unless its definition says otherwise. */
export function servedVerbs(resource: ResourceDefinition): readonly ResourceVerb[] {
  return resource.verbs ?? resourceVerbs
}

/** What a kind's own REST storage is built from: the core, and the registry stores of the other served kinds. */
export interface StorageContext {
  core: EmulatorCore
  registryOf(resource: ResourceDefinition): RegistryStore
}

export interface ResourceDefinition {
  group: string
  version: string
  kind: string
  listKind: string
  plural: string
  singular: string
  shortNames?: string[]
  categories?: string[]
  /** Built-in (typed) kinds omit kind/apiVersion on list items; CRD-style kinds keep them (K-23). */
  listItemsCarryTypeMeta: boolean
  /** K-15: CRD default true; OpenShift Image false (IMG-26). */
  allowUnconditionalUpdate: boolean
  /** K-12: which name rule metadata.name and generateName follow. */
  nameRule: NameRule
  /** K-16: accepted PATCH media types, in the order a 415 lists them. */
  patchTypes: string[]
  strategicMerge?: StrategicMergeSchema
  /**
   * Checks that JSON decoding would reject in Go (e.g. a []byte field that is not base64);
   * returns the BadRequest message, or undefined when the body decodes.
   */
  decode?(object: KubeObject): string | undefined
  /** Fill server-side fields on a new object (status, defaults, finalizers). Mutates. */
  prepareForCreate(object: KubeObject, ctx: StrategyContext): void
  /** Kind-specific create validation; metadata rules (names, labels...) are the machinery's. */
  validate(object: KubeObject, ctx: StrategyContext): FieldError[]
  /** Copy immutable or server-owned fields from `old` into `object`. Mutates `object`. */
  prepareForUpdate(object: KubeObject, old: KubeObject, ctx: StrategyContext): void
  validateUpdate(object: KubeObject, old: KubeObject, ctx: StrategyContext): FieldError[]
  /** Table output (K-37): the columns and the cells of one row. */
  table: { columns: TableColumn[]; cells(object: KubeObject, ctx: StrategyContext): unknown[] }
  /**
   * The wire form of a stored object under one group-version (e.g. the legacy /oapi/v1 form).
   * Receives a copy; may mutate and return it. Absent: stored form with kind/apiVersion set.
   */
  encode?(object: KubeObject, groupVersion: string): KubeObject
  /**
   * Adjusts fixture objects before they are stored (e.g. shifting timestamps to the emulator clock so
   * TTLs do not expire at once). Receives copies.
   */
  prepareFixtures?(objects: KubeObject[], nowMs: number): KubeObject[]
  /** The OpenAPI definition-name prefix the real server uses, e.g. `com.github.openshift.api.image.v1`. */
  openapiPackage?: string
  /** OpenAPI v3 schema of the object (for discovery, explain and kubectl validation). */
  openapiSchema?: Record<string, unknown>
  /**
   * The verbs served (default: all eight). As kube-apiserver installs routes only for what a storage
   * implements, the others answer 405 and are absent from discovery and OpenAPI.
   */
  verbs?: readonly ResourceVerb[]
  /**
   * A kind with no objects of its own (a façade over another kind, as kube-apiserver's rest.Creater
   * storages that are not a generic store): its REST storage. Only the methods of its verbs are called.
   */
  storage?(context: StorageContext): Pick<RegistryStore, 'resource' | 'kind'> & Partial<RegistryStore>
}

/** A resource served under one prefix (e.g. Image under /apis/image.openshift.io/v1 and /oapi/v1). */
export interface Endpoint {
  resource: ResourceDefinition
  /** `/apis/image.openshift.io/v1` or `/oapi/v1`. */
  prefix: string
  /** '' for the legacy /oapi group. */
  group: string
  version: string
  /** What objects on this endpoint carry as apiVersion: `image.openshift.io/v1`, or `v1` on /oapi. */
  groupVersion: string
  /** Overrides resource.patchTypes (e.g. no apply on /oapi, IMG-9). */
  patchTypes?: string[]
}

/** `images.image.openshift.io`, or `images` for the legacy group (K-2's <gr>). */
export function qualifiedResource(endpoint: Endpoint): string {
  return endpoint.group ? `${endpoint.resource.plural}.${endpoint.group}` : endpoint.resource.plural
}

/** `Image.image.openshift.io`, or `Image` for the legacy group (K-2's <gk>). */
export function qualifiedKind(endpoint: Endpoint): string {
  return endpoint.group ? `${endpoint.resource.kind}.${endpoint.group}` : endpoint.resource.kind
}
