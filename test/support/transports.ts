// Runs a suite against both doors of the emulator: msw's setupServer intercepting fetch, and the
// standalone node:http server over loopback. Both reach the same dispatch().
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { createEmulator, type Emulator, type EmulatorOptions } from '../../src/index.ts'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'

export type Transport = 'msw' | 'server'
export const transports: Transport[] = ['msw', 'server']

export interface Harness {
  emulator: Emulator
  base: string
}

/** Starts the emulator on `transport` for the enclosing describe; resets it after each test. */
export function useEmulator(transport: Transport, options: EmulatorOptions = { seed: 1 }): Harness {
  const harness = { emulator: createEmulator(options), base: '' } as Harness
  let server: RunningServer | undefined
  let msw: ReturnType<typeof setupServer> | undefined
  beforeAll(async () => {
    if (transport === 'msw') {
      msw = setupServer(...harness.emulator.handlers)
      msw.listen({ onUnhandledFrame: 'error' })
      harness.base = 'http://kube.test'
    } else {
      server = await listen({ emulator: harness.emulator })
      harness.base = server.url
    }
  })
  afterEach(async () => {
    await harness.emulator.reset()
  })
  afterAll(async () => {
    msw?.close()
    await server?.close()
    harness.emulator.dispose()
  })
  return harness
}

export async function readJson(response: Response): Promise<any> {
  const text = await response.text()
  try {
    return JSON.parse(text)
  } catch {
    throw new Error(`not JSON (${response.status}): ${text.slice(0, 200)}`)
  }
}

/** Splits a watch body into its newline-delimited JSON events as they arrive (K-28). */
function eventReader(response: Response) {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  return {
    reader,
    /** The next batch of complete events, or undefined at the end of the stream. */
    async next(): Promise<any[] | undefined> {
      const { done, value } = await reader.read()
      if (done) return undefined
      buffer += decoder.decode(value, { stream: true })
      const lines = buffer.split('\n')
      buffer = lines.pop()!
      return lines.filter((line) => line.trim()).map((line) => JSON.parse(line))
    },
  }
}

/** Reads watch events until `count` arrived or the stream ends, then lets the stream go. */
export async function readEvents(response: Response, count: number): Promise<any[]> {
  const stream = eventReader(response)
  const events: any[] = []
  while (events.length < count) {
    const batch = await stream.next()
    if (!batch) break
    events.push(...batch)
  }
  await stream.reader.cancel().catch(() => undefined)
  return events
}

/** A stream reader that collects events as they come, for tests that write while watching. */
export function watchEvents(response: Response) {
  const stream = eventReader(response)
  const events: any[] = []
  let ended = false
  const pump = (async () => {
    try {
      for (let batch = await stream.next(); batch; batch = await stream.next()) events.push(...batch)
    } catch {
      // cancelled
    }
    ended = true
  })()
  return {
    events,
    get ended() {
      return ended
    },
    /** Waits (real time, bounded) until `count` events arrived. */
    async until(count: number, ms = 5000) {
      const deadline = Date.now() + ms
      while (events.length < count && !ended && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
      return events
    },
    async ends(ms = 5000) {
      const deadline = Date.now() + ms
      while (!ended && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
      return ended
    },
    async stop() {
      await stream.reader.cancel().catch(() => undefined)
      await pump
    },
  }
}
