// Every request the emulator answered, with the response status, in order: tests assert on it
// ("the client retried twice", "no DELETE was sent") without wrapping fetch themselves.

export interface JournalEntry {
  seq: number
  /** Emulator time of the request, RFC 3339. */
  time: string
  api: string
  method: string
  /** Path and query, as sent. */
  url: string
  status: number
  requestHeaders: Record<string, string>
}

export interface Journal {
  /** `headers` are copied into the entry when it is first read, not on every request. */
  record(entry: Omit<JournalEntry, 'seq' | 'requestHeaders'>, headers: Iterable<[string, string]>): void
  entries(filter?: { api?: string; method?: string; path?: string | RegExp }): JournalEntry[]
  /** The last `count` entries, oldest first, without copying the rest (the inspector's view). */
  tail(count: number): JournalEntry[]
  clear(): void
}

/** What a slot before `start` holds once its entry is dropped (never read: reads start at `start`). */
const dropped = undefined as unknown as JournalEntry

export function createJournal(capacity = 10_000): Journal {
  let entries: JournalEntry[] = []
  // Entries before `start` have been dropped; the array is compacted only when half of it is dead,
  // so recording stays O(1) once the journal is full.
  let start = 0
  let seq = 0
  return {
    record({ time, api, method, url, status }, headers) {
      let copied: Record<string, string> | undefined
      entries.push({
        seq: ++seq,
        time,
        api,
        method,
        url,
        status,
        get requestHeaders() {
          return (copied ??= Object.fromEntries(headers))
        },
      })
      if (entries.length - start > capacity) {
        // The dropped entry (and the request headers it holds) is released now, not at the next compaction.
        entries[start] = dropped
        start++
      }
      if (start > capacity) {
        entries = entries.slice(start)
        start = 0
      }
    },
    entries(filter = {}) {
      return entries.slice(start).filter((e) => {
        if (filter.api && e.api !== filter.api) return false
        if (filter.method && e.method !== filter.method.toUpperCase()) return false
        if (filter.path !== undefined) {
          const path = e.url.split('?')[0]!
          if (typeof filter.path === 'string' ? path !== filter.path : !filter.path.test(path)) return false
        }
        return true
      })
    },
    tail(count) {
      return entries.slice(Math.max(start, entries.length - count))
    },
    clear() {
      entries = []
      start = 0
      seq = 0
    },
  }
}
