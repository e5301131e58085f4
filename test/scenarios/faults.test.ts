// Faults and delays, through msw and over the standalone server from one YAML file. A connection fault
// is a failed request: msw rejects the fetch, the server resets (RST) or drops the socket. A hang ends
// when the client gives up or the emulator is reset. A delay elapses on the emulator clock, so a
// manual-clock test decides when the answer comes.
import { beforeEach, describe, expect, test } from 'vitest'
import { loadScenarioFile } from '../../src/scenarios/loadScenarioFile.ts'
import type { PlayHandle } from '../../src/scenarios/engine.ts'
import { readJson, transports, useEmulator } from '../support/transports.ts'

const file = 'test/scenarios/files/faults.yaml'

/** Waits (real time, bounded) until `check` holds: requests cross a socket before the emulator sees them. */
async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** Lets pending I/O and promise callbacks run, so an answer that was due would have arrived. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30))

function track<T>(promise: Promise<T>) {
  const state = { settled: false }
  void promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  )
  return state
}

describe.each(transports)('scenario faults over %s', (transport) => {
  const h = useEmulator(transport)
  let handle: PlayHandle
  const call = (path: string, init: RequestInit = {}) => fetch(`${h.base}${path}`, init)
  const fired = (id: string) => handle.steps().find((step) => step.id === id)!.fired

  beforeEach(async () => {
    handle = h.emulator.play(await loadScenarioFile(file))
    await handle.ready
  })

  test('connection-reset: the request fails with no response', async () => {
    const error = await call('/apis/cci/v2/imagesnapshots/snap-x?fault=reset').then(
      () => undefined,
      (e: unknown) => e as TypeError & { cause?: { code?: string } },
    )
    expect(error).toBeInstanceOf(TypeError)
    // Over a real socket the client sees the reset itself.
    if (transport === 'server') expect(error!.cause?.code).toBe('ECONNRESET')
    expect(h.emulator.journal.entries().map((entry) => entry.status)).toEqual([0])
  })

  test('network-error: the request fails with no response', async () => {
    await expect(call('/apis/cci/v2/imagesnapshots/snap-x?fault=drop')).rejects.toBeInstanceOf(TypeError)
    // The emulator answers the next request as usual.
    expect((await call('/apis/cci/v2/imagesnapshots/snap-x')).status).toBe(404)
  })

  test('hang: no answer until the client aborts; nothing is left held', async () => {
    const abort = new AbortController()
    const pending = call('/apis/cci/v2/imagesnapshots/snap-x?fault=hang', { signal: abort.signal })
    const state = track(pending)
    await until(() => h.emulator.scenarios.heldRequests() === 1)
    await h.emulator.clock.advance('1h')
    await settle()
    expect(state.settled).toBe(false)
    abort.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    await until(() => h.emulator.scenarios.heldRequests() === 0)
  })

  test('hang: reset() ends it, and the journal after the reset is empty', async () => {
    const pending = call('/apis/cci/v2/imagesnapshots/snap-x?fault=hang')
    await until(() => h.emulator.scenarios.heldRequests() === 1)
    await h.emulator.reset()
    await expect(pending).rejects.toBeInstanceOf(TypeError)
    expect(h.emulator.scenarios.heldRequests()).toBe(0)
    expect(h.emulator.scenarios.playing()).toEqual([])
    expect(h.emulator.journal.entries()).toEqual([])
  })

  test('malformed-body: the step’s own Status, cut off mid-JSON', async () => {
    const response = await call('/apis/cci/v2/imagesnapshots/snap-x?fault=cut-own')
    expect(response.status).toBe(409)
    expect(response.headers.get('content-type')).toBe('application/json')
    const text = await response.text()
    expect(text.startsWith('{"kind":"Status","apiVersion":"v1"')).toBe(true)
    expect(() => JSON.parse(text)).toThrow(SyntaxError)
  })

  test('malformed-body: the API’s own answer, cut off mid-JSON', async () => {
    const response = await call('/v2/images', { headers: { 'x-auth-token': 'any' } })
    expect(response.status).toBe(200)
    const text = await response.text()
    expect(text.startsWith('{"images": [], ')).toBe(true)
    expect(() => JSON.parse(text)).toThrow(SyntaxError)
  })

  test('delay: the API answers once the emulator clock has moved on by the delay; the journal keeps the request time', async () => {
    const pending = call('/apis/image.openshift.io/v1/images')
    const state = track(pending)
    await until(() => fired('slow') === 1)
    await h.emulator.clock.advance('1s')
    await settle()
    expect(state.settled).toBe(false)
    await h.emulator.clock.advance('500ms')
    const response = await pending
    expect(response.status).toBe(200)
    expect((await readJson(response)).kind).toBe('ImageList')
    expect(h.emulator.journal.entries().map((entry) => [entry.time, entry.status])).toEqual([['2026-01-01T00:00:00Z', 200]])
  })

  test('delay then an error of the step’s own: Glance 503 with Retry-After after 2s', async () => {
    const pending = call('/v2/images/6ff0eaa6-a444-441b-b769-78099d06f985', { headers: { accept: 'application/json' } })
    await until(() => fired('slow-and-failing') === 1)
    await h.emulator.clock.advance('2s')
    const response = await pending
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('2')
    expect(await readJson(response)).toMatchObject({ message: 'The server is currently unavailable. Please try again at a later time.<br /><br />\n\n\n' })
  })

  test('a delayed request is let go when the client aborts it', async () => {
    const abort = new AbortController()
    const pending = call('/apis/image.openshift.io/v1/images', { signal: abort.signal })
    await until(() => h.emulator.scenarios.heldRequests() === 1)
    abort.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    await until(() => h.emulator.scenarios.heldRequests() === 0)
    // Its timer went with it.
    await h.emulator.clock.advance('2s')
    expect(h.emulator.scenarios.heldRequests()).toBe(0)
  })
})
