// Just enough of Python's jsonschema to reject what Glance rejects, with its words. Glance reports
// `Provided object does not match schema 'image': <message>` (glance/schema.py Schema.validate);
// jsonschema's best_match picks the shallowest error, the first one met in the schema's own
// property order (spec G3.6: the first line of the message).
import { pythonRepr } from './pythonRepr.ts'
import { badRequest, type GlanceError } from './errors.ts'
import type { JsonSchema } from './schemas.ts'
import { jsonEqual } from '../jsonEqual.ts'
import { isJsonObject } from '../json/jsonObject.ts'

interface SchemaError {
  depth: number
  message: string
}

function typeMatches(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null
    case 'string':
      return typeof value === 'string'
    case 'boolean':
      return typeof value === 'boolean'
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
    case 'number':
      return typeof value === 'number'
    case 'array':
      return Array.isArray(value)
    case 'object':
      return isJsonObject(value)
    default:
      return true
  }
}

function describeExtras(extras: string[]): string {
  const verb = extras.length === 1 ? 'was' : 'were'
  return `${extras.map(pythonRepr).join(', ')} ${verb} unexpected`
}

function validate(value: unknown, schema: JsonSchema, depth: number, errors: SchemaError[]): void {
  for (const keyword of Object.keys(schema)) {
    const rule = schema[keyword]
    switch (keyword) {
      case 'type': {
        const types = Array.isArray(rule) ? (rule as string[]) : [rule as string]
        if (!types.some((t) => typeMatches(value, t))) {
          errors.push({ depth, message: `${pythonRepr(value)} is not of type ${types.map(pythonRepr).join(', ')}` })
        }
        break
      }
      case 'enum':
        if (!(rule as unknown[]).some((option) => jsonEqual(option, value))) {
          errors.push({ depth, message: `${pythonRepr(value)} is not one of ${pythonRepr(rule)}` })
        }
        break
      case 'maxLength':
        if (typeof value === 'string' && [...value].length > (rule as number)) errors.push({ depth, message: `${pythonRepr(value)} is too long` })
        break
      case 'minLength':
        if (typeof value === 'string' && [...value].length < (rule as number)) errors.push({ depth, message: `${pythonRepr(value)} is too short` })
        break
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(rule as string, 'u').test(value)) {
          errors.push({ depth, message: `${pythonRepr(value)} does not match ${pythonRepr(rule)}` })
        }
        break
      case 'minimum':
        if (typeof value === 'number' && value < (rule as number)) {
          errors.push({ depth, message: `${pythonRepr(value)} is less than the minimum of ${pythonRepr(rule)}` })
        }
        break
      case 'items':
        if (Array.isArray(value)) for (const item of value) validate(item, rule as JsonSchema, depth + 1, errors)
        break
      case 'required':
        if (typeMatches(value, 'object')) {
          for (const name of rule as string[]) {
            if (!Object.hasOwn(value as object, name)) errors.push({ depth, message: `${pythonRepr(name)} is a required property` })
          }
        }
        break
      case 'properties':
        if (typeMatches(value, 'object')) {
          const properties = rule as Record<string, JsonSchema>
          for (const name of Object.keys(properties)) {
            if (Object.hasOwn(value as object, name)) validate((value as Record<string, unknown>)[name], properties[name]!, depth + 1, errors)
          }
        }
        break
      case 'additionalProperties':
        if (typeMatches(value, 'object')) {
          const known = (schema.properties ?? {}) as Record<string, unknown>
          const extras = Object.keys(value as object).filter((name) => !Object.hasOwn(known, name))
          if (rule === false) {
            if (extras.length > 0) errors.push({ depth, message: `Additional properties are not allowed (${describeExtras(extras)})` })
          } else if (typeof rule === 'object' && rule !== null) {
            for (const name of extras) validate((value as Record<string, unknown>)[name], rule as JsonSchema, depth + 1, errors)
          }
        }
        break
      default:
        break
    }
  }
}

/** jsonschema.validate + best_match: the message of the error that would be raised, if any. */
export function schemaViolation(value: unknown, schema: JsonSchema): string | undefined {
  const errors: SchemaError[] = []
  validate(value, schema, 0, errors)
  let best: SchemaError | undefined
  for (const error of errors) if (!best || error.depth < best.depth) best = error
  return best?.message
}

/** glance.common.exception.InvalidObject as the 400 Glance answers with. */
export function invalidObject(schemaName: string, message: string): GlanceError {
  return badRequest(`Provided object does not match schema '${schemaName}': ${message}`)
}

/** Throws Glance's 400 when `value` does not match `schema`. */
export function assertMatchesSchema(value: unknown, schema: JsonSchema): void {
  const message = schemaViolation(value, schema)
  if (message !== undefined) throw invalidObject(String(schema.name), message)
}
