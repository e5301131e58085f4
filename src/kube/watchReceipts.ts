// What one open watch has sent its client, for the inspector: the last events (type, object name,
// resourceVersion, emulator time) and how many there were. A ring of parallel arrays, so recording an
// event on the delivery path stores four values and allocates nothing once the ring is full.

import type { WatchEventType } from './watchHub.ts'

/** One event as a watch's client received it. */
export interface WatchReceipt {
  type: WatchEventType
  /** The object's name (its store key; '' for a BOOKMARK or an ERROR). */
  name: string
  resourceVersion: number | undefined
  /** Emulator time of sending, RFC 3339. */
  time: string
}

export interface WatchReceipts {
  record(type: WatchEventType, name: string, resourceVersion: number | undefined): void
  /** The last events, oldest first. */
  list(iso: (at: number) => string): WatchReceipt[]
  /** How many events were sent in all. */
  readonly count: number
}

/** Events kept per watch: enough to see what a client just got, bounded whatever the traffic. */
const watchReceiptCapacity = 50

export function createWatchReceipts(now: () => number, capacity = watchReceiptCapacity): WatchReceipts {
  const types: WatchEventType[] = []
  const names: string[] = []
  const versions: Array<number | undefined> = []
  const times: number[] = []
  let count = 0
  return {
    record(type, name, resourceVersion) {
      const at = count % capacity
      types[at] = type
      names[at] = name
      versions[at] = resourceVersion
      times[at] = now()
      count++
    },
    list(iso) {
      const kept = Math.min(count, capacity)
      const receipts: WatchReceipt[] = []
      for (let i = count - kept; i < count; i++) {
        const at = i % capacity
        receipts.push({ type: types[at]!, name: names[at]!, resourceVersion: versions[at], time: iso(times[at]!) })
      }
      return receipts
    },
    get count() {
      return count
    },
  }
}
