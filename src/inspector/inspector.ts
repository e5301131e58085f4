// The inspector as the emulator holds it: the read-only view of its state and the live streams of
// that view that the control API serves (/_emulator/state/stream), closed with the emulator.
import { createInspectorView, type InspectorSources, type InspectorView } from './inspectorView.ts'
import { createStateStreams } from './stateStream.ts'

export interface Inspector extends InspectorView {
  /** A text/event-stream of states: the current one at once, then each change. */
  openStream(): ReadableStream<Uint8Array>
  /** Ends every open stream (a server closing, the emulator disposed). */
  closeStreams(): void
}

export function createInspector(sources: InspectorSources): Inspector {
  const view = createInspectorView(sources)
  const streams = createStateStreams(view)
  return { ...view, openStream: streams.open, closeStreams: streams.closeAll }
}
