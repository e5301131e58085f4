// Query-parameter options of the Kubernetes verbs, parsed and validated as kube-apiserver does
// (k8s.io/apimachinery pkg/apis/meta/v1 validation): errors are 422s on the options "object" (K-17,
// K-25) or 400s for undecodable values.
import type { FieldError } from './fieldErrors.ts'
import { statusErrors } from './status.ts'
import { isJsonObject } from '../json/jsonObject.ts'

/**
 * A bool query parameter as the parameter codec decodes it (runtime.Convert_Slice_string_To_bool and
 * _To_Pointer_bool): `0` or `false` in any case is false, any other value — `True` from python, an empty
 * `?watch=`, `yes` — is true (K-38a). Never an error.
 */
function parseBool(value: string | null): boolean | undefined {
  if (value === null) return undefined
  return !(value === '0' || value.toLowerCase() === 'false')
}

const int64Max = 2n ** 63n - 1n
const uint64Max = 2n ** 64n - 1n

/**
 * An int64 query parameter as the parameter codec decodes it (runtime.Convert_Slice_string_To_int64:
 * strconv.ParseInt(s, 10, 64) of the first value): a sign, decimal digits, within int64 — an empty value
 * is invalid syntax, one beyond int64 is out of range, each a 400 with strconv's own text.
 */
function parseInt64(value: string | null): number | undefined {
  if (value === null) return undefined
  if (!/^[+-]?\d+$/.test(value)) throw statusErrors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`)
  const parsed = BigInt(value)
  if (parsed > int64Max || parsed < -int64Max - 1n) throw statusErrors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: value out of range`)
  return Number(parsed)
}

export interface WriteOptions {
  dryRun: boolean
  fieldManager: string | undefined
  fieldValidation: '' | 'Ignore' | 'Warn' | 'Strict'
  force: boolean | undefined
}

function validateDryRun(values: string[], errors: FieldError[]): boolean {
  if (values.length === 0) return false
  if (values.some((v) => v !== 'All')) {
    errors.push({ type: 'NotSupported', field: 'dryRun', value: values, supported: ['All'] })
  }
  return true
}

/** K-17 for create/update/patch (`CreateOptions`, `UpdateOptions`, `PatchOptions`). */
export function parseWriteOptions(query: URLSearchParams, optionsKind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions', isApply = false): WriteOptions {
  const errors: FieldError[] = []
  const dryRun = validateDryRun(query.getAll('dryRun'), errors)
  const fieldValidation = query.get('fieldValidation') ?? ''
  if (!['', 'Ignore', 'Strict', 'Warn'].includes(fieldValidation)) {
    errors.push({ type: 'NotSupported', field: 'fieldValidation', value: fieldValidation, supported: ['', 'Ignore', 'Strict', 'Warn'] })
  }
  const fieldManager = query.get('fieldManager') ?? undefined
  if (fieldManager !== undefined && fieldManager.length > 128) {
    errors.push({ type: 'TooLong', field: 'fieldManager', max: 128 })
  }
  const force = parseBool(query.get('force'))
  if (optionsKind === 'PatchOptions') {
    if (isApply && !fieldManager) errors.push({ type: 'Required', field: 'fieldManager', detail: 'is required for apply patch' })
    if (!isApply && force !== undefined) errors.push({ type: 'Forbidden', field: 'force', detail: 'may not be specified for non-apply patch' })
  }
  if (errors.length) throw statusErrors.invalidOptions(optionsKind, errors)
  return { dryRun, fieldManager, fieldValidation: fieldValidation as WriteOptions['fieldValidation'], force }
}

export interface ListOptions {
  labelSelector: string
  fieldSelector: string
  limit: number
  continueToken: string | undefined
  resourceVersion: string | undefined
  resourceVersionMatch: string | undefined
  watch: boolean
  allowWatchBookmarks: boolean
  sendInitialEvents: boolean | undefined
  timeoutSeconds: number | undefined
}

/** Non-numeric resourceVersions are rejected before anything else looks at them (K-25). */
export function parseResourceVersion(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  if (!/^\d+$/.test(value)) {
    throw statusErrors.badRequest(`invalid resource version: strconv.ParseUint: parsing ${JSON.stringify(value)}: invalid syntax`)
  }
  // APIObjectVersioner.ParseResourceVersion: strconv.ParseUint(s, 10, 64).
  if (BigInt(value) > uint64Max) {
    throw statusErrors.badRequest(`invalid resource version: strconv.ParseUint: parsing ${JSON.stringify(value)}: value out of range`)
  }
  return Number(value)
}

export function parseListOptions(query: URLSearchParams, watchPath: boolean): ListOptions {
  const options: ListOptions = {
    labelSelector: query.get('labelSelector') ?? '',
    fieldSelector: query.get('fieldSelector') ?? '',
    limit: Math.max(0, parseInt64(query.get('limit')) ?? 0),
    continueToken: query.get('continue') || undefined,
    resourceVersion: query.get('resourceVersion') ?? undefined,
    resourceVersionMatch: query.get('resourceVersionMatch') || undefined,
    watch: watchPath || (parseBool(query.get('watch')) ?? false),
    allowWatchBookmarks: parseBool(query.get('allowWatchBookmarks')) ?? false,
    sendInitialEvents: parseBool(query.get('sendInitialEvents')),
    timeoutSeconds: parseInt64(query.get('timeoutSeconds')),
  }
  parseResourceVersion(options.resourceVersion)
  const errors: FieldError[] = []
  const rvm = options.resourceVersionMatch
  if (rvm !== undefined) {
    // A watch-list request (sendInitialEvents) may leave resourceVersion empty; a list may not.
    if (!options.resourceVersion && !(options.watch && options.sendInitialEvents !== undefined)) {
      errors.push({ type: 'Forbidden', field: 'resourceVersionMatch', detail: 'resourceVersionMatch is forbidden unless resourceVersion is provided' })
    }
    if (options.continueToken) {
      errors.push({ type: 'Forbidden', field: 'resourceVersionMatch', detail: 'resourceVersionMatch is forbidden when continue is provided' })
    }
    if (rvm !== 'Exact' && rvm !== 'NotOlderThan') {
      errors.push({ type: 'NotSupported', field: 'resourceVersionMatch', value: rvm, supported: ['Exact', 'NotOlderThan', ''] })
    }
    if (rvm === 'Exact' && options.resourceVersion === '0') {
      errors.push({ type: 'Forbidden', field: 'resourceVersionMatch', detail: 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"' })
    }
  }
  if (options.sendInitialEvents !== undefined) {
    if (!options.watch) {
      errors.push({ type: 'Forbidden', field: 'sendInitialEvents', detail: 'sendInitialEvents is forbidden for list' })
    } else if (rvm !== 'NotOlderThan') {
      errors.push({
        type: 'Forbidden',
        field: 'resourceVersionMatch',
        detail: "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan",
      })
    }
  } else if (options.watch && rvm !== undefined && errors.length === 0) {
    errors.push({ type: 'Forbidden', field: 'resourceVersionMatch', detail: 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided' })
  }
  if (errors.length) throw statusErrors.invalidOptions('ListOptions', errors)
  return options
}

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan'

export interface DeleteOptions {
  dryRun: boolean
  gracePeriodSeconds: number | undefined
  propagationPolicy: PropagationPolicy | undefined
  orphanDependents: boolean | undefined
  preconditions: { uid?: string; resourceVersion?: string }
}

/**
 * K-21: the JSON DeleteOptions body wins when it is non-empty; the query is read only otherwise.
 * `body` is the decoded JSON (or undefined for an empty body).
 */
export function parseDeleteOptions(query: URLSearchParams, body: unknown): DeleteOptions {
  const fromBody = isJsonObject(body) && Object.keys(body).length > 0
  const errors: FieldError[] = []
  let raw: Record<string, unknown>
  if (fromBody) {
    raw = body as Record<string, unknown>
    if (raw.kind !== undefined && raw.kind !== 'DeleteOptions') {
      throw statusErrors.badRequest(`the object provided is unrecognized (must be of type DeleteOptions): no kind "${String(raw.kind)}" is registered`)
    }
  } else {
    raw = {
      dryRun: query.getAll('dryRun'),
      gracePeriodSeconds: parseInt64(query.get('gracePeriodSeconds')),
      propagationPolicy: query.get('propagationPolicy') ?? undefined,
      orphanDependents: parseBool(query.get('orphanDependents')),
    }
  }
  const dryRunValues = raw.dryRun === undefined || raw.dryRun === null ? [] : raw.dryRun
  if (!Array.isArray(dryRunValues) || dryRunValues.some((v) => typeof v !== 'string')) {
    throw statusErrors.badRequest('the object provided is unrecognized (must be of type DeleteOptions): json: cannot unmarshal into Go struct field DeleteOptions.dryRun of type []string')
  }
  const dryRun = validateDryRun(dryRunValues as string[], errors)
  const grace = raw.gracePeriodSeconds
  // Go's decoder refuses a number an int64 cannot hold (JSON.parse has already rounded it to a double).
  if (grace !== undefined && grace !== null && (!Number.isInteger(grace) || (grace as number) >= 2 ** 63 || (grace as number) < -(2 ** 63))) {
    throw statusErrors.badRequest('the object provided is unrecognized (must be of type DeleteOptions): json: cannot unmarshal into Go struct field DeleteOptions.gracePeriodSeconds of type int64')
  }
  const policy = raw.propagationPolicy ?? undefined
  if (policy !== undefined && !['Foreground', 'Background', 'Orphan'].includes(policy as string)) {
    errors.push({ type: 'NotSupported', field: 'propagationPolicy', value: policy, supported: ['Foreground', 'Background', 'Orphan', 'nil'] })
  }
  const orphan = raw.orphanDependents ?? undefined
  if (orphan !== undefined && typeof orphan !== 'boolean') {
    throw statusErrors.badRequest('the object provided is unrecognized (must be of type DeleteOptions): json: cannot unmarshal into Go struct field DeleteOptions.orphanDependents of type bool')
  }
  if (orphan !== undefined && policy !== undefined) {
    errors.push({ type: 'Invalid', field: 'propagationPolicy', value: policy, detail: 'orphanDependents and deletionPropagation cannot be both set' })
  }
  const pre = (raw.preconditions ?? {}) as Record<string, unknown>
  if (typeof pre !== 'object' || Array.isArray(pre)) {
    throw statusErrors.badRequest('the object provided is unrecognized (must be of type DeleteOptions): json: cannot unmarshal into Go struct field DeleteOptions.preconditions')
  }
  if (errors.length) throw statusErrors.invalidOptions('DeleteOptions', errors)
  return {
    dryRun,
    gracePeriodSeconds: (grace as number | undefined) ?? undefined,
    propagationPolicy: policy as PropagationPolicy | undefined,
    orphanDependents: orphan as boolean | undefined,
    preconditions: {
      uid: typeof pre.uid === 'string' ? pre.uid : undefined,
      resourceVersion: typeof pre.resourceVersion === 'string' ? pre.resourceVersion : undefined,
    },
  }
}
