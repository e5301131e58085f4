// A decoded JSON object: what every decoder, patch and validator walks. One definition, so "is this a JSON
// object" means the same everywhere (arrays and null are not).

/** A JSON object as JSON.parse hands it back. */
export type JsonObject = Record<string, unknown>

/** Whether a decoded JSON value is an object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
