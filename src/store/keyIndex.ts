// The index a kind's collection keeps of its own records: key → record for O(1) gets, and the keys in byte
// order for lists and pages (Kubernetes' storage order for cluster-scoped kinds). It is an @msw/data
// extension fed only by the collection's create and delete hooks, so a record is in the index exactly while
// it is in the collection: the collection is the store of record, the index only finds records in it.
import { defineExtension, type Extension } from '@msw/data/extensions'
import { compareBytes } from '../order/byteOrder.ts'
import { partitionPoint } from '../order/partitionPoint.ts'

export interface KeyIndex<R extends { key: string }> {
  /** Installs the index on a collection (pass it in the collection's `extensions`). */
  extension: Extension
  get(key: string): R | undefined
  /** Keys in byte order. */
  keys(): readonly string[]
}

export function createKeyIndex<R extends { key: string }>(): KeyIndex<R> {
  const byKey = new Map<string, R>()
  const sortedKeys: string[] = []
  const position = (key: string) => partitionPoint(sortedKeys, (k) => compareBytes(k, key) < 0)

  return {
    extension: defineExtension({
      name: 'keyIndex',
      extend(collection) {
        collection.hooks.on('create', (event) => {
          const record = event.data.record as R
          // Keys are unique: a second record under a key would make one of them unreachable.
          if (byKey.has(record.key)) throw new Error(`a record with key ${record.key} is already stored`)
          byKey.set(record.key, record)
          sortedKeys.splice(position(record.key), 0, record.key)
        })
        collection.hooks.on('delete', (event) => {
          const record = event.data.deletedRecord as R
          if (!byKey.has(record.key)) return
          byKey.delete(record.key)
          sortedKeys.splice(position(record.key), 1)
        })
      },
    }),
    get: (key) => byKey.get(key),
    keys: () => sortedKeys,
  }
}
