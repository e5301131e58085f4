// The clock an emulator in a browser page runs on, unless told otherwise: real time from the wall
// clock's now (an app that shows "created 2 minutes ago" compares with Date.now()), optionally faster.
import type { ClockOptions } from '../clock.ts'

/** `speed` is a shorthand for clock.speed; a manual clock keeps the emulator's default start. */
export function pageClockOptions(options: { clock?: ClockOptions; speed?: number }): ClockOptions {
  const mode = options.clock?.mode ?? 'realtime'
  return {
    ...options.clock,
    mode,
    speed: options.speed ?? options.clock?.speed ?? 1,
    start: options.clock?.start ?? (mode === 'realtime' ? Date.now() : undefined),
  }
}

