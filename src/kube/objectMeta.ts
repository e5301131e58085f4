// ObjectMeta as the apiserver stores and prints it: keys in Go struct order, and `omitempty` fields
// dropped when empty (an empty `labels: {}` sent by a client does not come back), K-11.

const goOrder = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
] as const

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true
  if (Array.isArray(value)) return value.length === 0
  if (typeof value === 'object') return Object.keys(value).length === 0
  return false
}

/** A copy of `meta` in Go order with empty optional fields removed; unknown keys are dropped. */
export function canonicalObjectMeta(meta: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of goOrder) {
    if (!Object.hasOwn(meta, key)) continue
    const value = meta[key]
    // creationTimestamp has no omitempty: a zero time prints as null (K-7).
    if (key === 'creationTimestamp') {
      out[key] = value ?? null
      continue
    }
    if (key === 'generation' || key === 'deletionGracePeriodSeconds') {
      if (typeof value === 'number' && (value !== 0 || key === 'deletionGracePeriodSeconds')) out[key] = value
      continue
    }
    if (!isEmpty(value)) out[key] = value
  }
  return out
}
