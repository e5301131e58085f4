// Field-level validation errors, shaped like k8s.io/apimachinery/pkg/util/validation/field.
// A resource's validate() returns these; status.ts turns a list of them into one 422 Invalid Status.

export type FieldErrorType = 'Required' | 'Invalid' | 'NotSupported' | 'Forbidden' | 'TooLong' | 'TooMany' | 'Duplicate'

export interface FieldError {
  type: FieldErrorType
  /** Path as the real validator prints it: `metadata.name`, `spec.images[0].image`. */
  field: string
  /** The offending value (Invalid, NotSupported, Duplicate). */
  value?: unknown
  /** Free text after the type's prefix. */
  detail?: string
  /** NotSupported: the accepted values, in the order the server prints them. */
  supported?: string[]
  /** TooLong: the maximum length; TooMany: the maximum count. */
  max?: number
}

export interface StatusCause {
  reason: string
  message: string
  field: string
}

const causeReason: Record<FieldErrorType, string> = {
  Required: 'FieldValueRequired',
  Invalid: 'FieldValueInvalid',
  NotSupported: 'FieldValueNotSupported',
  Forbidden: 'FieldValueForbidden',
  TooLong: 'FieldValueTooLong',
  TooMany: 'FieldValueTooMany',
  Duplicate: 'FieldValueDuplicate',
}

/**
 * Renders a value the way field.Error does: strings quoted, numbers and bools bare,
 * anything else in Go's %#v spelling for the few shapes that occur (K-3).
 */
export function goValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value === null || value === undefined) return '<nil>'
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return `[]string{${value.map((v) => JSON.stringify(v)).join(', ')}}`
    return `[]interface {}{${value.map(goValue).join(', ')}}`
  }
  return `map[string]interface {}{${Object.keys(value as object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${goValue((value as Record<string, unknown>)[k])}`)
    .join(', ')}}`
}

/** The message field.Error.ErrorBody() produces, without the field path. */
function fieldErrorBody(error: FieldError): string {
  const detail = error.detail ? `: ${error.detail}` : ''
  switch (error.type) {
    case 'Required':
      return `Required value${detail}`
    case 'Forbidden':
      return `Forbidden${detail}`
    case 'Invalid':
      return `Invalid value: ${goValue(error.value)}${detail}`
    case 'Duplicate':
      return `Duplicate value: ${goValue(error.value)}`
    case 'NotSupported': {
      const supported = (error.supported ?? []).map((s) => JSON.stringify(s)).join(', ')
      return `Unsupported value: ${goValue(error.value)}${supported ? `: supported values: ${supported}` : ''}`
    }
    case 'TooLong':
      return `Too long: may not be more than ${error.max} bytes`
    case 'TooMany':
      return `Too many: ${goValue(error.value)}: must have at most ${error.max} items`
  }
}

export function toCause(error: FieldError): StatusCause {
  return { reason: causeReason[error.type], message: fieldErrorBody(error), field: error.field }
}

/** `field: body` — one element of an Invalid Status message. */
export function fieldErrorText(error: FieldError): string {
  return `${error.field}: ${fieldErrorBody(error)}`
}

/** Joins causes as apimachinery's errors.NewInvalid does: one bare, several in brackets. */
export function aggregateText(errors: FieldError[]): string {
  const parts = errors.map(fieldErrorText)
  return parts.length === 1 ? parts[0]! : `[${parts.join(', ')}]`
}
