// The ids of deleted images. Glance soft-deletes: the row stays, marked deleted, so a deleted image's id
// cannot be given to a new image (409). Keeping the whole image for that would make memory grow with
// every delete; only the id is kept, and the oldest ids are purged past a bound, as an operator's
// `glance-manage db purge` does with old deleted rows.

export interface DeletedImageIds {
  has(id: string): boolean
  add(id: string): void
  clear(): void
  snapshot(): unknown
  restore(state: unknown): void
}

/** How many deleted ids are kept: about 100 bytes each. */
const deletedIdsKept = 100_000

export function createDeletedImageIds(capacity = deletedIdsKept): DeletedImageIds {
  // A Set iterates in insertion order: its first id is the oldest delete.
  let ids = new Set<string>()
  return {
    has: (id) => ids.has(id),
    add(id) {
      ids.delete(id)
      ids.add(id)
      if (ids.size > capacity) ids.delete(ids.values().next().value!)
    },
    clear() {
      ids = new Set()
    },
    snapshot: () => [...ids],
    restore(state) {
      ids = new Set((state as string[] | undefined) ?? [])
    },
  }
}
