// Timing and percentiles for the benchmarks: repeated runs, medians and tails.
import { performance } from 'node:perf_hooks'

export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}

export const median = (samples: readonly number[]) => percentile(samples, 50)

/**
 * Lets the event loop turn. msw's Node interception releases each request's socket on a later turn;
 * a loop of fetches that never yields piles them up (and their memory) until it does, and the
 * measurement would be of that pile-up's garbage collection rather than of the request.
 */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Runs `task` `times` times in sequence, letting the event loop turn between runs; the duration of each run in milliseconds. */
export async function timeEach(times: number, task: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < times; i++) {
    const start = performance.now()
    await task(i)
    out.push(performance.now() - start)
    await nextTurn()
  }
  return out
}

/**
 * Alternates two measurements in rounds so that drift (JIT warm-up, GC, a noisy neighbour) falls on
 * both alike; returns every sample of each.
 */
export async function interleave(
  rounds: number,
  a: () => Promise<number[]>,
  b: () => Promise<number[]>,
): Promise<{ a: number[]; b: number[] }> {
  const out = { a: [] as number[], b: [] as number[] }
  for (let round = 0; round < rounds; round++) {
    out.a.push(...(await a()))
    out.b.push(...(await b()))
  }
  return out
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
