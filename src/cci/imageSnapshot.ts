// Huawei Cloud CCI 2.0 `ImageSnapshot` (apiVersion cci/v2): its types and the strategy the generic
// Kubernetes machinery runs for it (cci.md §1–§8, §11). An image snapshot is an EVS disk snapshot with
// container images pre-pulled into it; CCI builds it with a pod in `spec.buildingConfig.namespace`.
// Everything that is not special to this kind (names, uids, resourceVersions, finalizer mechanics,
// watch) is the machinery's; the status writes over time are cci/imageSnapshotLifecycle.ts.
import type { Principal } from '../auth.ts'
import { openPrincipal } from '../auth.ts'
import type { FieldError } from '../kube/fieldErrors.ts'
import type { KubeObject, ObjectMeta, ResourceDefinition, StrategyContext, TableColumn } from '../kube/resource.ts'
import { rebaseImageSnapshotTimes } from './imageSnapshotTimes.ts'
import { jsonEqual } from '../jsonEqual.ts'
import { ageSince } from '../kube/age.ts'

// ---------------------------------------------------------------------------------------------
// Types (seed 000, tables 5–14). Field order here is the seed's, which is also the wire order.

/** The phases the CCI developer guide documents (cci.md §9). `Failed` is never written (CCI-43). */
export type ImageSnapshotPhase = 'Creating' | 'Available' | 'Unavailable' | 'Deleting'

export interface AutoCreateEIPAttribute {
  bandwidthChargeMode?: string
  bandwidthID?: string
  bandwidthSize?: number
  ipVersion?: number
  type?: string
}

export interface BuildingConfig {
  autoCreateEIP?: boolean
  autoCreateEIPAttribute?: AutoCreateEIPAttribute
  dnsServers?: string[]
  eipID?: string
  namespace?: string
  timeoutMinutes?: number
}

export interface ImageReference {
  image?: string
}

export interface Registry {
  imagePullSecret?: string
  insecureSkipVerify?: boolean
  plainHTTP?: boolean
  server?: string
}

export interface ImageSnapshotSpec {
  buildingConfig?: BuildingConfig
  imageSnapshotSize?: number
  images?: ImageReference[]
  registries?: Registry[]
  ttlDaysAfterCreated?: number
}

export interface PulledImage {
  digest?: string
  image?: string
  sizeBytes?: number
}

export interface ImageSnapshotStatus {
  expireDateTime?: string
  images?: PulledImage[]
  lastUpdatedTime?: string
  message?: string
  phase?: ImageSnapshotPhase
  reason?: string
  snapshotID?: string
  snapshotName?: string
}

export interface ImageSnapshot extends KubeObject {
  apiVersion?: string
  kind?: string
  metadata: ObjectMeta
  spec?: ImageSnapshotSpec
  status?: ImageSnapshotStatus
}

// ---------------------------------------------------------------------------------------------
// Constants the seed and the spec state.

export const imageSnapshotGroup = 'cci'
export const imageSnapshotVersion = 'v2'
export const imageSnapshotGroupVersion = 'cci/v2'

/** CCI-15: the seed example carries exactly this finalizer. */
export const imageSnapshotFinalizer = 'imagesnapshot.kubernetes.io/imagesnapshot-finalizer'

/** CCI-17: defaults the seed states; applied by behaviour, never written into the stored object. */
export const imageSnapshotDefaults = {
  timeoutMinutes: 1440,
  bandwidthChargeMode: 'bandwidth',
  bandwidthSize: 5,
  ipVersion: 4,
} as const

export const imageSnapshotLimits = {
  maxImages: 10,
  maxRegistries: 10,
  minTimeoutMinutes: 30,
  maxTimeoutMinutes: 10080,
} as const

/** CCI-16: the tenant the seed example belongs to; `auth: 'open'` callers create in it. */
export const seedTenant = {
  projectId: '08a2c8ef8d80d4152ff8c001d0281c03',
  domainId: '08a2c8ef8180d4150ff5c0012463ee60',
  enterpriseProjectId: '0',
} as const

export const tenantLabelKeys = {
  enterpriseProject: 'sys_enterprise_project_id',
  tenant: 'tenant.cci.io/tenant-id',
  domain: 'tenant.kubernetes.io/domain-id',
  project: 'tenant.kubernetes.io/project-id',
} as const

/** CCI-34: the wording of the one cause a spec change gets. */
export const specImmutableDetail = 'updates to imagesnapshot spec are forbidden'

// ---------------------------------------------------------------------------------------------
// One description of the wire schema drives decoding (CCI-10), output order (K-11), null handling and
// the OpenAPI document (kubectl explain), so the four can never disagree.

type FieldSchema =
  | { type: 'string'; description?: string; format?: 'date-time' }
  | { type: 'boolean'; description?: string }
  | { type: 'integer'; bits: 32 | 64; description?: string }
  | { type: 'array'; description?: string; items: FieldSchema }
  | StructSchema

interface StructSchema {
  type: 'object'
  /** The Go type name, as Go's JSON decoder prints it in errors (`v2.BuildingConfig`). */
  goType: string
  description?: string
  properties: Record<string, FieldSchema>
  required?: string[]
}

const timeDescription =
  'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON. Wrappers are provided for many of the factory methods that the time package offers.'

const autoCreateEIPAttributeSchema: StructSchema = {
  type: 'object',
  goType: 'AutoCreateEIPAttribute',
  description: 'AutoCreateEIPAttribute defines the specification of the EIP.',
  properties: {
    bandwidthChargeMode: {
      type: 'string',
      description: 'BandwidthChargeMode id the charging mode of EIP. Default to bandwidth, this is charging according to bandwidth.',
    },
    bandwidthID: { type: 'string', description: 'Type of EIP.' },
    bandwidthSize: { type: 'integer', bits: 32, description: 'BandwidthSize specified bandwidth size of EIP. Default to 5.' },
    ipVersion: { type: 'integer', bits: 32, description: 'IPVersion specifies the ip version used by pod. Default to 4.' },
    type: { type: 'string', description: 'Type of EIP.' },
  },
}

const buildingConfigSchema: StructSchema = {
  type: 'object',
  goType: 'BuildingConfig',
  description: 'BuildingConfig defines the config of job of building imageSnapshot.',
  properties: {
    autoCreateEIP: {
      type: 'boolean',
      description: 'AutoCreateEIP indicates that whether to auto create the EIP for the bulling pod to pull images from public network.',
    },
    autoCreateEIPAttribute: autoCreateEIPAttributeSchema,
    dnsServers: {
      type: 'array',
      description: 'DNSServers is needed when pulling images using custom dns servers',
      items: { type: 'string' },
    },
    eipID: { type: 'string', description: 'EIPID is needed when pulling images from public network.' },
    namespace: { type: 'string', description: 'Namespace defines the namespace within which the pod of building imageSnapshot runs.' },
    timeoutMinutes: {
      type: 'integer',
      bits: 32,
      description:
        'TimeoutMinutes is the tolerance time (in minutes) for the completion of image snapshot creation. After this time duration, the image snapshot object will be unavailable and the corresponding pod will be deleted. Default is 1440 and the value must range from 30 to 10080.',
    },
  },
  // The user guide marks the namespace mandatory (cci.md §3.4).
  required: ['namespace'],
}

const imageReferenceSchema: StructSchema = {
  type: 'object',
  goType: 'ImageReference',
  properties: { image: { type: 'string', description: 'Name of the reference.' } },
  required: ['image'],
}

const registrySchema: StructSchema = {
  type: 'object',
  goType: 'Registry',
  properties: {
    // The seed has no description here; the user guide's wording.
    imagePullSecret: { type: 'string', description: 'Secret for accessing the image repository.' },
    insecureSkipVerify: { type: 'boolean', description: 'Allow connections to SSL sites without certs, set true.' },
    plainHTTP: { type: 'boolean', description: 'If server uses http protocol, set true.' },
    server: { type: 'string', description: 'Server is image repository server, eg. registry-1.xx.com.' },
  },
  required: ['server'],
}

const specSchema: StructSchema = {
  type: 'object',
  goType: 'ImageSnapshotSpec',
  description:
    'Specification of the desired behavior of the ImageSnapshot. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
  properties: {
    buildingConfig: buildingConfigSchema,
    imageSnapshotSize: { type: 'integer', bits: 32, description: 'The size of the imageSnapshot in GitBytes.' },
    images: {
      type: 'array',
      description: 'Images is a list of references to images to make imageSnapshot with a maximum of ten images.',
      items: imageReferenceSchema,
    },
    registries: {
      type: 'array',
      description: 'Registries is a list of registries including auth information for pulling images with a maximum of ten.',
      items: registrySchema,
    },
    ttlDaysAfterCreated: {
      type: 'integer',
      bits: 32,
      description: 'How long (in days) to retain imageSnapshot after created. Default to nil, which indicates never being deleted.',
    },
  },
  required: ['buildingConfig', 'images'],
}

const pulledImageSchema: StructSchema = {
  type: 'object',
  goType: 'PulledImage',
  properties: {
    digest: { type: 'string', description: 'Image digest, like sha265:xxx.' },
    image: { type: 'string', description: 'Name of the reference.' },
    sizeBytes: { type: 'integer', bits: 64, description: 'The size of the image in bytes.' },
  },
}

const statusSchema: StructSchema = {
  type: 'object',
  goType: 'ImageSnapshotStatus',
  description:
    'Most recently observed status of the ImageSnapshot. This data may not be up to date. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
  properties: {
    expireDateTime: { type: 'string', format: 'date-time', description: timeDescription },
    images: {
      type: 'array',
      description: 'List of pulled images More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions',
      items: pulledImageSchema,
    },
    lastUpdatedTime: { type: 'string', format: 'date-time', description: timeDescription },
    message: { type: 'string', description: 'A human-readable message indicating details about why the imagesnapshot is in this state.' },
    phase: {
      type: 'string',
      description: 'The phase of an ImageSnapshot is a simple, high-level summary of where the ImageSnapshot is in its lifecycle.',
    },
    reason: {
      type: 'string',
      description: 'Reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.',
    },
    snapshotID: { type: 'string', description: 'SnapshotID uniquely identifies a evs snapshot.' },
    snapshotName: { type: 'string', description: 'Snapshot name of an evs snapshot.' },
  },
}

/** The struct types below the top level, keyed by their field of ImageSnapshot. */
const bodySchemas = { spec: specSchema, status: statusSchema } as const

// ---------------------------------------------------------------------------------------------
// Small readers that never follow the prototype chain (the body is user-controlled).

type Json = Record<string, unknown>

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function own(record: Json, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined
}

function ownRecord(record: Json | undefined, key: string): Json | undefined {
  if (!record) return undefined
  const value = own(record, key)
  return isRecord(value) ? value : undefined
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value)
}

// ---------------------------------------------------------------------------------------------
// CCI-10: Go's JSON decoder (the real server decodes into typed Go structs) rejects a wrong JSON type or
// a number that does not fit the field; the machinery answers 400 with the prefix
// `ImageSnapshot in version "v2" cannot be handled as a ImageSnapshot: `.

function goTypeName(schema: FieldSchema): string {
  switch (schema.type) {
    case 'string':
      return 'string'
    case 'boolean':
      return 'bool'
    case 'integer':
      return schema.bits === 32 ? 'int32' : 'int64'
    case 'array':
      return `[]${goTypeName(schema.items)}`
    case 'object':
      return `v2.${schema.goType}`
  }
}

/** How encoding/json names a JSON value in UnmarshalTypeError.Value. */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'object') return 'object'
  if (typeof value === 'number') return 'number'
  if (typeof value === 'boolean') return 'bool'
  return 'string'
}

const intRange = {
  32: [-(2 ** 31), 2 ** 31 - 1],
  64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
} as const

/**
 * The first type error Go's decoder would hit, walking the value in document order, as
 * `json: cannot unmarshal <kind> into Go struct field <Struct>.<json.path> of type <type>`
 * (encoding/json UnmarshalTypeError; array indices are not part of the path). JSON null decodes
 * into anything.
 */
function firstTypeError(value: unknown, schema: FieldSchema, struct: string, path: string): string | undefined {
  if (value === null || value === undefined) return undefined
  const mismatch = (kind: string) => `json: cannot unmarshal ${kind} into Go struct field ${struct}.${path} of type ${goTypeName(schema)}`
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? undefined : mismatch(jsonKind(value))
    case 'boolean':
      return typeof value === 'boolean' ? undefined : mismatch(jsonKind(value))
    case 'integer': {
      if (typeof value !== 'number') return mismatch(jsonKind(value))
      const [min, max] = intRange[schema.bits]
      // Go prints the literal for numbers that are not integers of the field's size: `number 1.5`.
      return Number.isInteger(value) && value >= min && value <= max ? undefined : mismatch(`number ${String(value)}`)
    }
    case 'array': {
      if (!Array.isArray(value)) return mismatch(jsonKind(value))
      for (const element of value) {
        const problem = firstTypeError(element, schema.items, struct, path)
        if (problem) return problem
      }
      return undefined
    }
    case 'object': {
      if (!isRecord(value)) return mismatch(jsonKind(value))
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(schema.properties, key)) continue // unknown fields: fieldValidation's business (K-20)
        const problem = firstTypeError(value[key], schema.properties[key]!, schema.goType, `${path}.${key}`)
        if (problem) return problem
      }
      return undefined
    }
  }
}

/** The decoder error for a body, or undefined when Go would decode it (spec and status only; metadata is the machinery's). */
export function imageSnapshotDecodeError(object: KubeObject): string | undefined {
  for (const key of Object.keys(object)) {
    if (key !== 'spec' && key !== 'status') continue
    const problem = firstTypeError(object[key], bodySchemas[key], 'ImageSnapshot', key)
    if (problem) return problem
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Normalisation: what decoding into Go structs does to a body before anything else sees it.

/** Nulls decode to Go zero values, which the server omits: drop them so a stored spec compares cleanly. */
function withoutNulls(value: unknown, schema: FieldSchema): unknown {
  if (schema.type === 'array' && Array.isArray(value)) {
    const items = schema.items
    return value.map((element) => {
      if (element !== null) return withoutNulls(element, items)
      // A null element of a struct list decodes to an empty struct, of a string list to "".
      return items.type === 'object' ? {} : items.type === 'string' ? '' : element
    })
  }
  if (schema.type === 'object' && isRecord(value)) {
    for (const key of Object.keys(value)) {
      if (value[key] === null) delete value[key]
      else if (Object.hasOwn(schema.properties, key)) value[key] = withoutNulls(value[key], schema.properties[key]!)
    }
  }
  return value
}

/**
 * CCI-17: the stored spec is what was sent, with Go's decoding applied: nulls gone and
 * `autoCreateEIPAttribute` rendered `{}` when absent (a struct field, so the seed example shows `{}`).
 */
function normaliseSpec(object: KubeObject): void {
  if (object.spec === null) {
    delete object.spec
    return
  }
  if (!isRecord(object.spec)) return
  withoutNulls(object.spec, specSchema)
  const building = ownRecord(object.spec, 'buildingConfig')
  if (building && own(building, 'autoCreateEIPAttribute') === undefined) building.autoCreateEIPAttribute = {}
}

// ---------------------------------------------------------------------------------------------
// Validation (cci.md §6). Types are decode's job; these checks only look at well-typed values.

const dns1123LabelFormat = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const dns1123Label = new RegExp(`^${dns1123LabelFormat}$`)
const dns1123Subdomain = new RegExp(`^${dns1123LabelFormat}(\\.${dns1123LabelFormat})*$`)
// apimachinery pkg/util/validation RegexError: the doubled space before `or` is real.
const dns1123LabelMessage =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"

/** apimachinery IsDNS1123Label, reduced to one message per field (cci.md §6: one cause per bad field). */
function dns1123LabelProblem(value: string): string | undefined {
  if (!dns1123Label.test(value)) return dns1123Subdomain.test(value) ? 'must not contain dots' : dns1123LabelMessage
  if (value.length > 63) return 'must be no more than 63 characters'
  return undefined
}

// distribution/reference grammar: [host[:port]/]path[:tag][@digest], lowercase path components.
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*'
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const domainAndPort = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`
const imageReference = new RegExp(
  `^(?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*` +
    `(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
)
/** Longer than any reference distribution accepts (255-character names); keeps the regex linear. */
const maxReferenceLength = 4096

export function isImageReference(value: string): boolean {
  return value.length <= maxReferenceLength && imageReference.test(value)
}

function isIPv4(value: string): boolean {
  const parts = value.split('.')
  // netutils.ParseIPSloppy, which Kubernetes validation uses, accepts leading zeros.
  return parts.length === 4 && parts.every((part) => /^[0-9]{1,3}$/.test(part) && Number(part) <= 255)
}

function isIPv6(value: string): boolean {
  if (!value.includes(':')) return false
  let text = value
  const lastColon = text.lastIndexOf(':')
  const tail = text.slice(lastColon + 1)
  if (tail.includes('.')) {
    // An embedded IPv4 address (::ffff:10.0.0.1) stands for the last two groups.
    if (!isIPv4(tail)) return false
    text = `${text.slice(0, lastColon + 1)}0:0`
  }
  const halves = text.split('::')
  if (halves.length > 2) return false
  const groups = (part: string) => (part === '' ? [] : part.split(':'))
  const hexGroup = /^[0-9a-fA-F]{1,4}$/
  if (halves.length === 2) {
    const all = [...groups(halves[0]!), ...groups(halves[1]!)]
    return all.length <= 7 && all.every((g) => hexGroup.test(g))
  }
  const all = groups(text)
  return all.length === 8 && all.every((g) => hexGroup.test(g))
}

export function isIPAddress(value: string): boolean {
  return isIPv4(value) || isIPv6(value)
}

/** `spec.images[0].image`, the way field.Path prints it. */
function at(path: string, index: number, child?: string): string {
  return `${path}[${index}]${child ? `.${child}` : ''}`
}

function validateBuildingConfig(building: Json | undefined): FieldError[] {
  const errors: FieldError[] = []
  const path = 'spec.buildingConfig'
  const attribute = ownRecord(building, 'autoCreateEIPAttribute')
  if (attribute) {
    const attributePath = `${path}.autoCreateEIPAttribute`
    // CCI-32 (emulator): the two Huawei EIP charging modes, a positive bandwidth, IPv4 or IPv6.
    const chargeMode = own(attribute, 'bandwidthChargeMode')
    if (typeof chargeMode === 'string' && chargeMode !== '' && chargeMode !== 'bandwidth' && chargeMode !== 'traffic') {
      errors.push({ type: 'NotSupported', field: `${attributePath}.bandwidthChargeMode`, value: chargeMode, supported: ['bandwidth', 'traffic'] })
    }
    const bandwidthSize = own(attribute, 'bandwidthSize')
    if (isInteger(bandwidthSize) && bandwidthSize < 1) {
      errors.push({ type: 'Invalid', field: `${attributePath}.bandwidthSize`, value: bandwidthSize, detail: 'must be greater than or equal to 1' })
    }
    const ipVersion = own(attribute, 'ipVersion')
    if (isInteger(ipVersion) && ipVersion !== 4 && ipVersion !== 6) {
      errors.push({ type: 'NotSupported', field: `${attributePath}.ipVersion`, value: ipVersion, supported: ['4', '6'] })
    }
  }
  const dnsServers = building ? own(building, 'dnsServers') : undefined
  if (Array.isArray(dnsServers)) {
    dnsServers.forEach((server, index) => {
      if (typeof server === 'string' && !isIPAddress(server)) {
        // The wording of apimachinery's IsValidIP.
        errors.push({ type: 'Invalid', field: at(`${path}.dnsServers`, index), value: server, detail: 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' })
      }
    })
  }
  // CCI-27/28: the user guide marks the namespace mandatory; it names a Kubernetes namespace.
  const namespace = building ? own(building, 'namespace') : undefined
  if (namespace === undefined || namespace === '') {
    errors.push({ type: 'Required', field: `${path}.namespace` })
  } else if (typeof namespace === 'string') {
    const problem = dns1123LabelProblem(namespace)
    if (problem) errors.push({ type: 'Invalid', field: `${path}.namespace`, value: namespace, detail: problem })
  }
  // CCI-29: seed "the value must range from 30 to 10080".
  const timeout = building ? own(building, 'timeoutMinutes') : undefined
  if (isInteger(timeout) && (timeout < imageSnapshotLimits.minTimeoutMinutes || timeout > imageSnapshotLimits.maxTimeoutMinutes)) {
    errors.push({
      type: 'Invalid',
      field: `${path}.timeoutMinutes`,
      value: timeout,
      detail: `must be between ${imageSnapshotLimits.minTimeoutMinutes} and ${imageSnapshotLimits.maxTimeoutMinutes}`,
    })
  }
  return errors
}

function validateImages(images: unknown): FieldError[] {
  const path = 'spec.images'
  // CCI-20: a snapshot of nothing cannot be built.
  if (!Array.isArray(images) || images.length === 0) return [{ type: 'Required', field: path }]
  const errors: FieldError[] = []
  // CCI-21: seed "with a maximum of ten images".
  if (images.length > imageSnapshotLimits.maxImages) {
    errors.push({ type: 'TooMany', field: path, value: images.length, max: imageSnapshotLimits.maxImages })
  }
  images.forEach((entry, index) => {
    const image = isRecord(entry) ? own(entry, 'image') : undefined
    if (image === undefined || image === '') errors.push({ type: 'Required', field: at(path, index, 'image') })
    else if (typeof image === 'string' && !isImageReference(image)) {
      // CCI-23: docker's own wording for an unparsable reference.
      errors.push({ type: 'Invalid', field: at(path, index, 'image'), value: image, detail: 'invalid reference format' })
    }
  })
  return errors
}

function validateRegistries(registries: unknown): FieldError[] {
  if (!Array.isArray(registries)) return []
  const path = 'spec.registries'
  const errors: FieldError[] = []
  // CCI-24: seed "with a maximum of ten".
  if (registries.length > imageSnapshotLimits.maxRegistries) {
    errors.push({ type: 'TooMany', field: path, value: registries.length, max: imageSnapshotLimits.maxRegistries })
  }
  registries.forEach((entry, index) => {
    const server = isRecord(entry) ? own(entry, 'server') : undefined
    // CCI-25/26: the user guide wants the server, "without the http:// or https:// prefix".
    if (server === undefined || server === '') errors.push({ type: 'Required', field: at(path, index, 'server') })
    else if (typeof server === 'string' && /^https?:\/\//i.test(server)) {
      errors.push({ type: 'Invalid', field: at(path, index, 'server'), value: server, detail: 'must not include a scheme (http:// or https://)' })
    }
  })
  return errors
}

/** Every violation of cci.md §6 in the spec, in field order (CCI-33: all of them, not the first). */
export function validateImageSnapshotSpec(spec: unknown): FieldError[] {
  const record = isRecord(spec) ? spec : {}
  const errors = [...validateBuildingConfig(ownRecord(record, 'buildingConfig'))]
  const size = own(record, 'imageSnapshotSize')
  if (isInteger(size) && size <= 0) {
    // CCI-31 (emulator): a disk of zero GiB cannot hold images.
    errors.push({ type: 'Invalid', field: 'spec.imageSnapshotSize', value: size, detail: 'must be greater than 0' })
  }
  errors.push(...validateImages(own(record, 'images')))
  errors.push(...validateRegistries(own(record, 'registries')))
  const ttl = own(record, 'ttlDaysAfterCreated')
  if (isInteger(ttl) && ttl < 0) {
    // CCI-30: 0 means "never expires" (CCI-8), negatives mean nothing.
    errors.push({ type: 'Invalid', field: 'spec.ttlDaysAfterCreated', value: ttl, detail: 'must be greater than or equal to 0' })
  }
  return errors
}

// ---------------------------------------------------------------------------------------------
// Create and update.

/** The tenant a caller creates in: its project, or the seed's tenant for an open emulator (CCI-16). */
export function tenantOf(principal: Principal | undefined): { projectId: string; domainId: string } {
  if (!principal || principal.project === openPrincipal.project) return { projectId: seedTenant.projectId, domainId: seedTenant.domainId }
  // A token without a domain belongs to the seed's domain (the only one the documentation shows).
  const domain = Object.hasOwn(principal, 'domain') ? principal.domain : undefined
  return { projectId: principal.project, domainId: typeof domain === 'string' && domain !== '' ? domain : seedTenant.domainId }
}

function stampTenant(meta: ObjectMeta, principal: Principal | undefined): void {
  const { projectId, domainId } = tenantOf(principal)
  // Only the four fixed keys are assigned, so a user's `__proto__` label cannot be turned into a prototype write.
  if (meta.labels === undefined || meta.labels === null) meta.labels = {}
  if (isRecord(meta.labels)) {
    meta.labels[tenantLabelKeys.enterpriseProject] = seedTenant.enterpriseProjectId
    meta.labels[tenantLabelKeys.tenant] = projectId
    meta.labels[tenantLabelKeys.domain] = domainId
    meta.labels[tenantLabelKeys.project] = projectId
  }
  if (meta.annotations === undefined || meta.annotations === null) meta.annotations = {}
  if (isRecord(meta.annotations)) meta.annotations[tenantLabelKeys.tenant] = projectId
}

function prepareForCreate(object: KubeObject, ctx: StrategyContext): void {
  normaliseSpec(object)
  // CCI-14: whatever the client sent, a new snapshot is being built.
  object.status = { phase: 'Creating' } satisfies ImageSnapshotStatus
  // CCI-3: ImageSnapshot does not declare generation (the seed example has none).
  delete object.metadata.generation
  // CCI-15: the controller's finalizer, appended once after any the client sent.
  const finalizers = object.metadata.finalizers
  if (finalizers === undefined || finalizers === null) object.metadata.finalizers = [imageSnapshotFinalizer]
  else if (Array.isArray(finalizers) && !finalizers.includes(imageSnapshotFinalizer)) finalizers.push(imageSnapshotFinalizer)
  stampTenant(object.metadata, ctx.principal)
}

function prepareForUpdate(object: KubeObject, old: KubeObject): void {
  normaliseSpec(object)
  // CCI-35: status is "Populated by the system. Read-only": a client's status is ignored.
  if (old.status === undefined) delete object.status
  else object.status = structuredClone(old.status)
  if (old.metadata.generation === undefined) delete object.metadata.generation
  else object.metadata.generation = old.metadata.generation
}

function validateUpdate(object: KubeObject, old: KubeObject): FieldError[] {
  // CCI-34: an image snapshot is a one-shot build; Huawei's Terraform provider treats every spec field as force-new.
  if (!jsonEqual(object.spec, old.spec)) return [{ type: 'Forbidden', field: 'spec', detail: specImmutableDetail }]
  return []
}

// ---------------------------------------------------------------------------------------------
// Output.

function encodeBySchema(value: unknown, schema: FieldSchema): unknown {
  if (schema.type === 'array' && Array.isArray(value)) return value.map((element) => encodeBySchema(element, schema.items))
  if (schema.type !== 'object' || !isRecord(value)) return value
  // A Go struct marshals its fields in declaration order and cannot hold a field it does not declare.
  const out: Json = {}
  for (const [key, child] of Object.entries(schema.properties)) {
    if (Object.hasOwn(value, key) && value[key] !== undefined) out[key] = encodeBySchema(value[key], child)
  }
  return out
}

/** Map keys sorted, as encoding/json writes a Go map; Object.fromEntries defines keys, so `__proto__` stays a key. */
function sortedKeys(value: unknown): unknown {
  return isRecord(value) ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, value[key]])) : value
}

/**
 * Seed 000's example lists metadata keys, labels and annotations alphabetically (`annotations`,
 * `creationTimestamp`, `deletionGracePeriodSeconds`, `deletionTimestamp`, `finalizers`, `labels`, `name`,
 * `resourceVersion`, `uid`), like the rest of the object; the emulator answers in that order.
 */
function encodeMetadata(meta: ObjectMeta): ObjectMeta {
  return Object.fromEntries(
    Object.keys(meta)
      .filter((key) => meta[key] !== undefined)
      .sort()
      .map((key) => [key, key === 'labels' || key === 'annotations' ? sortedKeys(meta[key]) : meta[key]]),
  ) as ObjectMeta
}

/** The wire form: TypeMeta, ObjectMeta, spec, status; every key in the seed example's order. */
export function encodeImageSnapshot(object: KubeObject, groupVersion: string = imageSnapshotGroupVersion): ImageSnapshot {
  const out: ImageSnapshot = { apiVersion: groupVersion, kind: 'ImageSnapshot', metadata: encodeMetadata(object.metadata) }
  if (object.spec !== undefined) out.spec = encodeBySchema(object.spec, specSchema) as ImageSnapshotSpec
  if (object.status !== undefined) out.status = encodeBySchema(object.status, statusSchema) as ImageSnapshotStatus
  return out
}

const tableColumns: TableColumn[] = [
  {
    name: 'Name',
    type: 'string',
    format: 'name',
    description:
      'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: http://kubernetes.io/docs/user-guide/identifiers#names',
    priority: 0,
  },
  { name: 'Phase', type: 'string', format: '', description: statusSchema.properties.phase!.description!, priority: 0 },
  {
    name: 'Age',
    type: 'string',
    format: '',
    description:
      'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.',
    priority: 0,
  },
  { name: 'Snapshot ID', type: 'string', format: '', description: statusSchema.properties.snapshotID!.description!, priority: 1 },
  {
    name: 'Expire Time',
    type: 'string',
    format: '',
    description: 'When the image snapshot is deleted: creationTimestamp plus spec.ttlDaysAfterCreated days.',
    priority: 1,
  },
]

/** CCI-53: Name, Phase, Age, and with `-o wide` the EVS snapshot and the expiry. */
function tableCells(object: KubeObject, ctx: StrategyContext): unknown[] {
  const status = isRecord(object.status) ? object.status : {}
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : '<none>')
  return [
    object.metadata.name ?? '',
    typeof own(status, 'phase') === 'string' ? own(status, 'phase') : '',
    ageSince(object.metadata.creationTimestamp, ctx.clock.now()),
    text(own(status, 'snapshotID')),
    text(own(status, 'expireDateTime')),
  ]
}

// ---------------------------------------------------------------------------------------------
// OpenAPI v3 (kubectl explain; kubectl apply reads the patch media types from the path, K-40).

function toOpenapi(schema: FieldSchema): Record<string, unknown> {
  const described = (body: Record<string, unknown>) => (schema.description ? { description: schema.description, ...body } : body)
  switch (schema.type) {
    case 'string':
      return described(schema.format ? { type: 'string', format: schema.format } : { type: 'string' })
    case 'boolean':
      return described({ type: 'boolean' })
    case 'integer':
      return described({ type: 'integer', format: schema.bits === 32 ? 'int32' : 'int64' })
    case 'array':
      // CCI-38: no merge keys are known, so every list is atomic.
      return described({ type: 'array', items: toOpenapi(schema.items), 'x-kubernetes-list-type': 'atomic' })
    case 'object': {
      const properties: Record<string, unknown> = {}
      for (const [key, child] of Object.entries(schema.properties)) properties[key] = toOpenapi(child)
      return described({ type: 'object', properties, ...(schema.required ? { required: schema.required } : {}) })
    }
  }
}

export const imageSnapshotOpenapiSchema: Record<string, unknown> = {
  description:
    'ImageSnapshot is an EVS disk snapshot with container images pre-pulled into it, so that CCI pods start without pulling them.',
  type: 'object',
  properties: {
    apiVersion: {
      description:
        'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
      type: 'string',
    },
    kind: {
      description:
        'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
      type: 'string',
    },
    metadata: {
      description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
      default: {},
      allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }],
    },
    spec: toOpenapi(specSchema),
    status: toOpenapi(statusSchema),
  },
  'x-kubernetes-group-version-kind': [{ group: imageSnapshotGroup, kind: 'ImageSnapshot', version: imageSnapshotVersion }],
}

// ---------------------------------------------------------------------------------------------

export const imageSnapshotResource: ResourceDefinition = {
  // CCI-50: fixture times move to the emulator clock, so old fixtures' TTLs do not all expire at once.
  prepareFixtures: (objects, nowMs) => rebaseImageSnapshotTimes(objects, nowMs),
  // cci.md §1: cluster-scoped, no shortNames, no categories, no status subresource.
  group: imageSnapshotGroup,
  version: imageSnapshotVersion,
  kind: 'ImageSnapshot',
  listKind: 'ImageSnapshotList',
  plural: 'imagesnapshots',
  singular: 'imagesnapshot',
  listItemsCarryTypeMeta: true,
  // CCI-37: a PUT without resourceVersion is an unconditional update, as for CRDs.
  allowUnconditionalUpdate: true,
  nameRule: 'dns1123Subdomain',
  // CCI-38, listed in K-16's order; strategic merge replaces every list whole.
  patchTypes: [
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/strategic-merge-patch+json',
    'application/apply-patch+yaml',
  ],
  strategicMerge: {
    'spec.images': { strategy: 'replace' },
    'spec.registries': { strategy: 'replace' },
    'spec.buildingConfig.dnsServers': { strategy: 'replace' },
    'status.images': { strategy: 'replace' },
  },
  decode: imageSnapshotDecodeError,
  prepareForCreate,
  validate: (object) => validateImageSnapshotSpec(object.spec),
  prepareForUpdate: (object, old) => prepareForUpdate(object, old),
  validateUpdate: (object, old) => validateUpdate(object, old),
  table: { columns: tableColumns, cells: tableCells },
  encode: encodeImageSnapshot,
  openapiSchema: imageSnapshotOpenapiSchema,
}
