// The emulator's only source of time. Timestamps, TTLs, lifecycle delays, scenario timers and
// watch deadlines all read it, so a test that advances it gets the same bytes on every run.
// The per-function entry: the package root evaluates every one of date-fns's ~300 modules.
import { parseISO } from 'date-fns/parseISO'
import { toMilliseconds, type Duration } from './duration.ts'

export type ClockMode = 'manual' | 'realtime'

/** The last instant a Date can hold (ECMA-262 time range). */
const maxEpochMs = 8.64e15

export interface ClockOptions {
  /** Virtual time at creation (and after reset). Default 2026-01-01T00:00:00Z. */
  start?: string | number | Date
  /** manual: time moves only when told; realtime: it follows the wall clock times `speed`. */
  mode?: ClockMode
  speed?: number
}

export type TimerCallback = () => void | Promise<void>

export interface Clock {
  readonly mode: ClockMode
  /** Milliseconds since the epoch, virtual. */
  now(): number
  /** RFC 3339 with whole seconds, UTC: `2026-01-01T00:00:00Z` (K-7). */
  iso(at?: number): string
  /** Moves time forward, firing due timers in time order and awaiting each one's effects. */
  advance(duration: Duration): Promise<void>
  advanceTo(at: string | number | Date): Promise<void>
  /** Fires every pending timer, including the ones they schedule, up to `limit` of them. */
  runAll(limit?: number): Promise<void>
  /** Schedules `callback` at virtual time `at` (ms); returns an id for cancel(). */
  at(at: number, callback: TimerCallback): number
  after(delay: Duration, callback: TimerCallback): number
  cancel(id: number): void
  /** How many timers are waiting. */
  pending(): number
  /** Back to the start time with no timers. */
  reset(): void
  /** Stops the realtime driver. */
  dispose(): void
}

const defaultClockStart = '2026-01-01T00:00:00Z'

interface Timer {
  id: number
  at: number
  seq: number
  callback: TimerCallback
}

function toEpoch(value: string | number | Date): number {
  if (typeof value === 'number') return value
  if (value instanceof Date) return value.getTime()
  const parsed = parseISO(value).getTime()
  if (Number.isNaN(parsed)) throw new RangeError(`invalid time: ${JSON.stringify(value)}`)
  return parsed
}

/** UTC, whole seconds, `Z` — the only time format Kubernetes metadata uses. */
export function rfc3339(at: number): string {
  const second = Math.floor(at / 1000)
  // Every answer is journaled with the time, and the clock seldom moves between two of them.
  if (second !== lastSecond) {
    lastSecond = second
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z')
  }
  return lastText
}
let lastSecond = Number.NaN
let lastText = ''

/**
 * The node timer's delay for a wait: exact below a second, else the largest power of two not above it
 * (the timer then wakes early and sets the rest). Node keeps a list per distinct delay, and an unref'd
 * timer's list outlives clearTimeout until that delay has passed; with a delay of its own for every
 * reschedule, a realtime clock that reschedules often would hold thousands of them.
 */
export function driverDelay(wait: number): number {
  if (wait < 1024) return Math.ceil(wait)
  return 2 ** Math.min(30, Math.floor(Math.log2(wait)))
}

export function createClock(options: ClockOptions = {}): Clock {
  const mode = options.mode ?? 'manual'
  const speed = options.speed ?? 1
  const start = toEpoch(options.start ?? defaultClockStart)
  let timers: Timer[] = []
  let nextId = 1
  let seq = 0
  let manualNow = start
  // realtime: virtual = anchorVirtual + (wall - anchorWall) * speed
  let anchorWall = Date.now()
  let anchorVirtual = start
  let driver: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> = Promise.resolve()

  const now = () => (mode === 'manual' ? manualNow : anchorVirtual + (Date.now() - anchorWall) * speed)

  function setNow(at: number) {
    if (mode === 'manual') manualNow = at
    else {
      anchorWall = Date.now()
      anchorVirtual = at
    }
  }

  function insert(timer: Timer) {
    timers.push(timer)
    timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
  }

  async function fireDue(until: number, limit = Infinity) {
    let fired = 0
    while (timers.length > 0 && timers[0]!.at <= until && fired < limit) {
      const timer = timers.shift()!
      if (timer.at > now()) setNow(timer.at)
      fired++
      await timer.callback()
    }
    return fired
  }

  // A time no Date can hold (past 275760-09-13) would leave the clock unable to print itself: refused.
  function assertRepresentable(target: number): void {
    if (!(Math.abs(target) <= maxEpochMs)) throw new RangeError(`the clock cannot move past ${new Date(maxEpochMs).toISOString()}`)
  }

  // Serialises advance/runAll/realtime ticks so timers never fire concurrently or out of order.
  function exclusive(work: () => Promise<void>): Promise<void> {
    const result = running.then(work)
    running = result.catch(() => undefined)
    return result
  }

  function scheduleDriver() {
    if (mode !== 'realtime') return
    if (driver) clearTimeout(driver)
    driver = undefined
    const next = timers[0]
    if (!next) return
    const wait = Math.max(0, (next.at - now()) / speed)
    driver = setTimeout(() => {
      driver = undefined
      void exclusive(() => fireDue(now()).then(() => undefined)).finally(scheduleDriver)
    }, driverDelay(wait))
    driver.unref?.()
  }

  const clock: Clock = {
    mode,
    now,
    iso: (at) => rfc3339(at ?? now()),
    advance(duration) {
      const delta = toMilliseconds(duration)
      return exclusive(async () => {
        const target = now() + delta
        assertRepresentable(target)
        await fireDue(target)
        if (now() < target) setNow(target)
      }).finally(scheduleDriver)
    },
    advanceTo(at) {
      const target = toEpoch(at)
      return exclusive(async () => {
        assertRepresentable(target)
        await fireDue(target)
        if (now() < target) setNow(target)
      }).finally(scheduleDriver)
    },
    runAll(limit = 10_000) {
      return exclusive(async () => {
        await fireDue(Infinity, limit)
      }).finally(scheduleDriver)
    },
    at(at, callback) {
      const id = nextId++
      insert({ id, at, seq: seq++, callback })
      scheduleDriver()
      return id
    },
    after(delay, callback) {
      return clock.at(now() + toMilliseconds(delay), callback)
    },
    cancel(id) {
      timers = timers.filter((t) => t.id !== id)
      scheduleDriver()
    },
    pending: () => timers.length,
    reset() {
      timers = []
      manualNow = start
      anchorWall = Date.now()
      anchorVirtual = start
      scheduleDriver()
    },
    dispose() {
      timers = []
      if (driver) clearTimeout(driver)
      driver = undefined
    },
  }
  return clock
}
