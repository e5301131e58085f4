// The inspector's live feed: a text/event-stream that sends the whole inspector state when it
// changes. Changes are noticed by comparing the view's fingerprint a few times a second, so nothing
// is added to the request path or to the store's listeners while nobody is looking.
import type { InspectorView } from './inspectorView.ts'

/** How often an open stream compares the fingerprint (real milliseconds). */
const checkEveryMs = 200
/** A client that stops reading gets no more states until it catches up: at most this much waits for it. */
const maxBacklogBytes = 1 << 20

export interface StateStreams {
  /** A new stream: the state at once, then each changed state. */
  open(): ReadableStream<Uint8Array>
  /** Ends every open stream (the server is closing, the emulator is disposed). */
  closeAll(): void
}

export function createStateStreams(view: InspectorView): StateStreams {
  const open = new Set<() => void>()
  const encoder = new TextEncoder()

  return {
    open() {
      let timer: ReturnType<typeof setInterval> | undefined
      let sent: string | undefined
      let finish = () => undefined as void
      // The stream no longer checks and is no longer among the open ones (closed, failed or cancelled).
      const stop = () => {
        clearInterval(timer)
        open.delete(finish)
      }
      return new ReadableStream<Uint8Array>(
        {
          start(controller) {
            const check = () => {
              if ((controller.desiredSize ?? 0) < -maxBacklogBytes) return
              try {
                const fingerprint = view.fingerprint()
                if (fingerprint === sent) return
                sent = fingerprint
                controller.enqueue(encoder.encode(`event: state\ndata: ${JSON.stringify(view.state())}\n\n`))
              } catch (error) {
                // A state that cannot be read ends the stream (the client reconnects), never the process.
                stop()
                controller.error(error)
              }
            }
            finish = () => {
              stop()
              try {
                controller.close()
              } catch {
                // already closed or cancelled by the client
              }
            }
            open.add(finish)
            check()
            timer = setInterval(check, checkEveryMs)
            // A stream left open must not keep a Node process alive on its own.
            ;(timer as { unref?: () => void }).unref?.()
          },
          cancel: stop,
        },
        { highWaterMark: 0, size: (chunk) => chunk.byteLength },
      )
    },
    closeAll() {
      for (const finish of [...open]) finish()
    },
  }
}
