// Requests a scenario holds back: a `delay` (until the emulator clock has moved on by that much) or a
// `hang` (until the client gives up). Every hold also ends when the emulator is reset or disposed, so
// nothing a scenario started outlives it: no timer, no pending promise, no open socket.
import type { Clock } from '../clock.ts'

/** How a hold ended: its time came, the client went away, or the emulator let go of it. */
export type HoldOutcome = 'elapsed' | 'aborted' | 'released'

export interface HeldRequests {
  /** Waits `ms` of emulator time, or forever when `ms` is undefined. */
  hold(ms: number | undefined, signal: AbortSignal | undefined): Promise<HoldOutcome>
  /** How many requests are being held. */
  count(): number
  /** Ends every hold with 'released'. */
  releaseAll(): void
}

export function createHeldRequests(clock: Clock): HeldRequests {
  const held = new Set<(outcome: HoldOutcome) => void>()

  return {
    hold(ms, signal) {
      if (ms !== undefined && ms <= 0) return Promise.resolve('elapsed')
      if (signal?.aborted) return Promise.resolve('aborted')
      return new Promise<HoldOutcome>((resolve) => {
        let timer: number | undefined
        const onAbort = () => finish('aborted')
        const finish = (outcome: HoldOutcome) => {
          if (!held.delete(finish)) return
          if (timer !== undefined && outcome !== 'elapsed') clock.cancel(timer)
          signal?.removeEventListener('abort', onAbort)
          resolve(outcome)
        }
        held.add(finish)
        signal?.addEventListener('abort', onAbort, { once: true })
        if (ms !== undefined) timer = clock.after(ms, () => finish('elapsed'))
      })
    },
    count: () => held.size,
    releaseAll() {
      for (const finish of [...held]) finish('released')
    },
  }
}
