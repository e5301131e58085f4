// What a kind's collection holds per object: the columns the emulator queries by and the object itself as
// JSON text, so every read hands out a fresh copy and no caller can change the store by accident.
//
// @msw/data validates every record it stores against a Standard Schema. Only the store writes records, so the
// schema is these four column checks written out (Standard Schema's own interface), not a validation library
// loaded at startup for them.

export interface StoredRecord {
  /** The object's key: its name (Kubernetes kinds) or id (Glance). */
  key: string
  resourceVersion: number
  /** The labels column: selector scans read it without parsing the document. */
  labels: Record<string, string>
  json: string
}

function isStringMap(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  for (const key in value) if (typeof (value as Record<string, unknown>)[key] !== 'string') return false
  return true
}

function isStoredRecord(value: unknown): value is StoredRecord {
  const record = value as Partial<StoredRecord> | null
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.key === 'string' &&
    typeof record.resourceVersion === 'number' &&
    isStringMap(record.labels) &&
    typeof record.json === 'string'
  )
}

/** The Standard Schema (v1) of a stored record. */
export const storedRecordSchema = {
  '~standard': {
    version: 1 as const,
    vendor: 'image-api-emulator',
    validate: (value: unknown) =>
      isStoredRecord(value) ? { value } : { issues: [{ message: 'expected { key, resourceVersion, labels, json }' }] },
    /** Types only (Standard Schema's inference slot); never read at run time. */
    types: undefined as { input: StoredRecord; output: StoredRecord } | undefined,
  },
}
