// ImageSnapshot validation (cci.md §6): every violation in the spec, in field order (CCI-33: all of them,
// not the first), with Kubernetes' cause types and wordings. Types are decoding's job (the Go structs in
// imageSnapshotGoTypes.ts); these checks only look at well-typed values.
import type { FieldError } from '../kube/fieldErrors.ts'
import { dns1123LabelErrors, isIPAddress } from '../kube/formatValidation.ts'
import { isJsonObject } from '../json/jsonObject.ts'

const imageSnapshotLimits = {
  maxImages: 10,
  maxRegistries: 10,
  minTimeoutMinutes: 30,
  maxTimeoutMinutes: 10080,
} as const

type Json = Record<string, unknown>

// Readers that never follow the prototype chain (the body is user-controlled).

function own(record: Json, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined
}

function ownRecord(record: Json | undefined, key: string): Json | undefined {
  if (!record) return undefined
  const value = own(record, key)
  return isJsonObject(value) ? value : undefined
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value)
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
    // apimachinery IsDNS1123Label, one message per field (cci.md §6: one cause per bad field).
    const problem = dns1123LabelErrors(namespace).at(-1)
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
    const image = isJsonObject(entry) ? own(entry, 'image') : undefined
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
    const server = isJsonObject(entry) ? own(entry, 'server') : undefined
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
  const record = isJsonObject(spec) ? spec : {}
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

