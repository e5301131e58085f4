// Watches are a hub, not per-handler code: one store listener fans each committed write out to the
// open watches of its kind, after replaying history from the event log (K-28..K-34). A watch is a
// ReadableStream of newline-terminated JSON events, so the same stream serves msw (fetch bodies)
// and the node:http server (chunked, flushed per event).
import type { EmulatorCore } from '../core.ts'
import type { StoredEvent } from '../store/eventLog.ts'
import type { KubeObject } from './resource.ts'
import type { ListSelection, RegistryStore } from './registryStore.ts'
import { failure, type Status } from './status.ts'
import { createWatchReceipts, type WatchReceipt } from './watchReceipts.ts'

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'

export interface WatchRequest {
  registry: RegistryStore
  selection: ListSelection
  /** undefined = unset; 0 = "any"; N = changes after N (K-30). */
  resourceVersion: number | undefined
  sendInitialEvents: boolean | undefined
  bookmarks: boolean
  /** undefined or 0: the server's default. */
  timeoutSeconds: number | undefined
  /** Turns an event into the wire object: kind/apiVersion for this endpoint, or a Table row. */
  encode(type: WatchEventType, object: KubeObject | Status): unknown
  /**
   * Watches with the same key encode an object to the same bytes (plain JSON of one endpoint): each
   * live event is then encoded once for all of them, not once per watcher. Absent for Table watches,
   * whose first row differs.
   */
  sharedEncoding?: string
  /** The `kind`/`apiVersion` a BOOKMARK object carries. */
  bookmarkType: { kind: string; apiVersion: string }
  /** Whether an RV-unset watch gets the 1.32 initial-events-end bookmark (K-33). */
  initialEventsEndBookmark: boolean
  /** The request's path and query, as the inspector shows the watch. */
  path?: string
}

/** An open watch, as scenarios and tests can steer it. */
export interface OpenWatch {
  kind: string
  /** Numbers the watches in the order they opened. */
  readonly id: number
  /** The request's path and query, when the opener gave it. */
  readonly path: string | undefined
  /** Emulator time the watch opened, RFC 3339. */
  readonly opened: string
  /** The last events the client was sent (a bounded history), oldest first. */
  received(): WatchReceipt[]
  /** How many events the client was sent in all. */
  readonly receivedCount: number
  /** Sends an event as if the store had produced it. */
  emit(type: WatchEventType, object: unknown): void
  bookmark(): void
  /** ERROR 410 Expired, then close: clients must re-list. */
  expire(): void
  /** Ends the stream cleanly, as a timeout does. */
  close(): void
  /** Stops delivering events (they are dropped) until close. */
  stall(): void
  readonly closed: boolean
}

export interface WatchHub {
  open(request: WatchRequest): ReadableStream<Uint8Array>
  watches(kind?: string): OpenWatch[]
  closeAll(): void
}

/**
 * A watch whose client stops reading is dropped once this many bytes of live events wait for it, as
 * kube-apiserver closes a watcher whose buffer stays full ("Forcing watcher close due to
 * unresponsiveness"): the client sees its stream end and re-watches. Counting bytes, not events,
 * bounds the memory a stuck client can hold whatever the size of the objects.
 */
export const maxWatchBacklogBytes = 16 * 1024 * 1024
const bookmarkEveryMs = 60_000

export function createWatchHub(core: EmulatorCore): WatchHub {
  const open = new Set<Watcher>()
  const encoder = new TextEncoder()
  let watchCount = 0

  interface Watcher extends OpenWatch {
    deliver(event: LiveEvent): void
  }

  core.store.subscribe((event) => {
    let live: LiveEvent | undefined
    for (const watcher of open) if (watcher.kind === event.kind) watcher.deliver((live ??= liveEvent(event)))
  })

  function withResourceVersion(json: string, resourceVersion: number): KubeObject {
    const object = JSON.parse(json) as KubeObject
    object.metadata.resourceVersion = String(resourceVersion)
    return object
  }

  /**
   * One committed write as every watch of its kind sees it: the states before and after, decoded once
   * and only read (selectors), and the event lines encoded so far, by sharing key.
   */
  interface LiveEvent {
    event: StoredEvent
    now(): KubeObject | undefined
    before(): KubeObject | undefined
    lines: Map<string, Uint8Array>
  }

  function liveEvent(event: StoredEvent): LiveEvent {
    let now: KubeObject | undefined | null = null
    let before: KubeObject | undefined | null = null
    return {
      event,
      now: () => (now ??= event.type === 'DELETED' ? undefined : withResourceVersion(event.json, event.resourceVersion)),
      before: () => (before ??= event.previousJson ? (JSON.parse(event.previousJson) as KubeObject) : undefined),
      lines: new Map(),
    }
  }

  const line = (type: WatchEventType, object: unknown) => encoder.encode(`${JSON.stringify({ type, object })}\n`)

  function openWatch(request: WatchRequest): ReadableStream<Uint8Array> {
    const { registry } = request
    let controller!: ReadableStreamDefaultController<Uint8Array>
    let closed = false
    let stalled = false
    let lastSent = 0
    const timers: number[] = []
    // What the initial events left queued: the client is only behind on what came after.
    let initialBacklog = 0
    const backlog = () => -(controller.desiredSize ?? 0)
    const receipts = createWatchReceipts(core.clock.now)
    const opened = core.clock.iso()
    // What the client is sent, for the inspector: nothing once the watch is closed or stalled, as send() sends nothing then.
    const note = (type: WatchEventType, name: string, resourceVersion: number | undefined) => {
      if (!closed && !stalled) receipts.record(type, name, resourceVersion)
    }

    const sendLine = (bytes: Uint8Array) => {
      if (closed || stalled) return
      controller.enqueue(bytes)
      if (backlog() - initialBacklog > maxWatchBacklogBytes) drop()
    }
    const send = (type: WatchEventType, object: unknown) => {
      if (!closed && !stalled) sendLine(line(type, object))
    }
    const forget = () => {
      closed = true
      open.delete(watcher)
      for (const id of timers) core.clock.cancel(id)
    }
    /** Ends the stream with an error: the queued events are discarded and the connection is closed. */
    const drop = () => {
      if (closed) return
      forget()
      controller.error(new Error('watch closed: the client fell too far behind'))
    }
    const sendObject = (type: WatchEventType, object: KubeObject) => {
      if (closed || stalled) return
      note(type, object.metadata.name ?? '', Number(object.metadata.resourceVersion) || undefined)
      send(type, request.encode(type, object))
    }
    const bookmark = (annotations?: Record<string, string>) => {
      if (!request.bookmarks) return
      const resourceVersion = Math.max(lastSent, core.store.resourceVersion())
      const metadata: Record<string, unknown> = { resourceVersion: String(resourceVersion), creationTimestamp: null }
      if (annotations) metadata.annotations = annotations
      note('BOOKMARK', '', resourceVersion)
      send('BOOKMARK', { ...request.bookmarkType, metadata })
    }
    const finish = () => {
      if (closed) return
      forget()
      try {
        controller.close()
      } catch {
        // already closed or cancelled by the client
      }
    }
    const error = (status: Status) => {
      note('ERROR', status.reason ?? '', undefined)
      send('ERROR', status)
      finish()
    }

    /** Sends `state` (the stored JSON of the event's current or previous state, at the event's RV) as `type`. */
    const sendState = (live: LiveEvent, type: WatchEventType, state: 'json' | 'previousJson') => {
      if (closed || stalled) return
      const { event } = live
      note(type, event.key, event.resourceVersion)
      const fresh = () => withResourceVersion(event[state]!, event.resourceVersion)
      const shared = request.sharedEncoding
      if (shared === undefined) return send(type, request.encode(type, fresh()))
      const key = `${shared} ${type} ${state}`
      let bytes = live.lines.get(key)
      if (!bytes) live.lines.set(key, (bytes = line(type, request.encode(type, fresh()))))
      sendLine(bytes)
    }

    const deliver = (live: LiveEvent) => {
      const { event } = live
      if (event.resourceVersion <= lastSent) return
      lastSent = event.resourceVersion
      const now = live.now()
      const before = live.before()
      const matchesNow = now ? registry.matches(now, request.selection) : false
      const matchedBefore = before ? registry.matches(before, request.selection) : false
      if (event.type === 'ADDED') {
        if (matchesNow) sendState(live, 'ADDED', 'json')
      } else if (event.type === 'MODIFIED') {
        if (matchesNow && matchedBefore) sendState(live, 'MODIFIED', 'json')
        else if (matchesNow) sendState(live, 'ADDED', 'json')
        // K-31: leaving the selection is a DELETED carrying the last matching state at the new RV.
        else if (matchedBefore) sendState(live, 'DELETED', 'previousJson')
      } else if (matchedBefore) {
        sendState(live, 'DELETED', 'json')
      }
    }

    const watcher: Watcher = {
      kind: registry.kind,
      id: ++watchCount,
      path: request.path,
      opened,
      received: () => receipts.list(core.clock.iso),
      get receivedCount() {
        return receipts.count
      },
      deliver,
      emit: (type, object) => {
        const metadata = (object as { metadata?: { name?: unknown; resourceVersion?: unknown } } | undefined)?.metadata
        note(type, typeof metadata?.name === 'string' ? metadata.name : '', Number(metadata?.resourceVersion) || undefined)
        send(type, object)
      },
      bookmark: () => bookmark(),
      expire: () =>
        error(failure(410, 'Expired', `too old resource version: ${lastSent} (${core.store.resourceVersion()})`).status),
      close: finish,
      stall: () => {
        stalled = true
      },
      get closed() {
        return closed
      },
    }

    return new ReadableStream<Uint8Array>(
      {
        start(c) {
          controller = c
          // msw writes a mocked response's head only with its first body chunk; an empty chunk sends
          // the 200 at once, as kube-apiserver flushes watch headers before any event (K-28).
          controller.enqueue(new Uint8Array(0))
          const counter = core.store.resourceVersion()
          const rv = request.resourceVersion
          const initial = request.sendInitialEvents ?? (rv === undefined || rv === 0)
          if (rv !== undefined && rv > 0 && !request.sendInitialEvents) {
            const history = core.store.events.since(registry.kind, rv)
            if (!history) {
              // K-30: an expired start is an ERROR event on a 200 stream, never an HTTP 410.
              const oldest = core.store.events.compactedThrough()
              error(failure(410, 'Expired', `too old resource version: ${rv} (${oldest})`).status)
              return
            }
            lastSent = rv
            for (const event of history) deliver(liveEvent(event))
          } else {
            if (initial) {
              const { items } = registry.list(request.selection, {})
              for (const object of items) sendObject('ADDED', object)
            }
            lastSent = counter
            // K-33: the end of the initial events is marked when the client asked for bookmarks.
            if (initial && (request.sendInitialEvents || request.initialEventsEndBookmark)) {
              bookmark({ 'k8s.io/initial-events-end': 'true' })
            }
          }
          initialBacklog = backlog()
          open.add(watcher)
          // K-34: an unset timeout — or 0, which the apiserver reads as unset — is drawn from 1800–3600 s,
          // its default minRequestTimeout × [1, 2), from the seeded ids.
          const timeoutSeconds = request.timeoutSeconds || 1800 + Math.floor(core.ids.random('watch-timeout') * 1800)
          const timeoutMs = timeoutSeconds * 1000
          const deadline = core.clock.now() + timeoutMs
          if (request.bookmarks) {
            const every = () => {
              if (closed) return
              bookmark()
              if (core.clock.now() + bookmarkEveryMs < deadline - 2000) timers.push(core.clock.after(bookmarkEveryMs, every))
            }
            if (core.clock.now() + bookmarkEveryMs < deadline - 2000) timers.push(core.clock.after(bookmarkEveryMs, every))
            if (timeoutMs > 2000) timers.push(core.clock.at(deadline - 2000, () => bookmark()))
          }
          timers.push(core.clock.at(deadline, finish))
        },
        cancel() {
          // The client went away: forget the watch and its timers.
          forget()
        },
      },
      // Counted in bytes, so the backlog check above measures memory.
      { highWaterMark: 0, size: (chunk) => chunk.byteLength },
    )
  }

  return {
    open: openWatch,
    watches: (kind) => [...open].filter((w) => !kind || w.kind === kind),
    closeAll() {
      for (const watcher of [...open]) watcher.close()
    },
  }
}
