// emulator.fetch: the direct door for clients that take a fetch implementation. It answers like the
// msw door (same bytes, scenarios, journal, control API, watches streamed event by event) with no
// msw server listening.
import { setupServer } from 'msw/node'
import { afterEach, describe, expect, test } from 'vitest'
import { createEmulator, type Emulator } from '../../src/index.ts'
import updateConflict from '../../scenarios/update-conflict.ts'
import openshiftImages from '../../fixtures/openshift-images.json' with { type: 'json' }
import { loadScenarioFile } from '../../src/scenarios/loadScenarioFile.ts'

const base = 'https://api.example.com'
const images = `${base}/apis/image.openshift.io/v1/images`
const fixtureImage = openshiftImages[0]!
const fixtureName = fixtureImage.metadata.name

const created: Emulator[] = []
function emulatorWithFixtures(): Emulator {
  const emulator = createEmulator({ seed: 1, fixtures: ['openshift-images'] })
  created.push(emulator)
  return emulator
}
afterEach(() => {
  for (const emulator of created.splice(0)) emulator.dispose()
})

const json = (body: unknown): RequestInit => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

/** A fixture image with a label, written with PUT (K-15). */
async function relabel(fetchImpl: typeof fetch, value: string): Promise<Response> {
  const current = (await (await fetchImpl(`${images}/${fixtureName}`)).json()) as { metadata: Record<string, unknown> }
  return fetchImpl(`${images}/${fixtureName}`, { method: 'PUT', ...json({ ...current, metadata: { ...current.metadata, labels: { tier: value } } }) })
}

/** Splits a watch body into events as its chunks arrive. */
function eventsOf(response: Response) {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  return {
    reader,
    /** The next complete events, or undefined when the stream ended. */
    async next(): Promise<Array<{ type: string; object: { metadata: { name: string; labels?: Record<string, string> } } }> | undefined> {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return undefined
        buffer += decoder.decode(value, { stream: true })
        const lines = buffer.split('\n')
        buffer = lines.pop()!
        const events = lines.filter((line) => line.trim()).map((line) => JSON.parse(line))
        if (events.length) return events
      }
    },
  }
}

describe('emulator.fetch', () => {
  test('answers with the same status, headers and bytes as the msw door, for reads, writes and errors (K-15, K-20)', async () => {
    const direct = emulatorWithFixtures()
    const behindMsw = emulatorWithFixtures()
    const server = setupServer(...behindMsw.handlers)
    server.listen({ onUnhandledFrame: 'error' })
    try {
      const requests: Array<[string, RequestInit?]> = [
        [`${images}/${fixtureName}`],
        [`${images}?limit=2`],
        [images, { method: 'POST', ...json({ apiVersion: 'image.openshift.io/v1', kind: 'Image', metadata: { name: 'sha256:0123' }, dockerImageReference: 'quay.io/a/b@sha256:0123' }) }],
        [`${images}/sha256:0123`, { method: 'DELETE' }],
        [`${images}/missing`],
        [`${images}/${fixtureName}`, { method: 'head' }],
        [new URL(`${images}?limit=1`).href, { method: 'get', headers: { accept: 'application/json;as=Table;g=meta.k8s.io;v=v1' } }],
        [images, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"kind":' }],
        [`${base}/v2/images`],
        [`${base}/apis/cci/v2/imagesnapshots`],
      ]
      for (const [url, init] of requests) {
        const viaFetch = await direct.fetch(url, init)
        const viaMsw = await fetch(url, init)
        expect(viaFetch.status, url).toBe(viaMsw.status)
        expect(viaFetch.headers.get('content-type'), url).toBe(viaMsw.headers.get('content-type'))
        expect(await viaFetch.text(), url).toBe(await viaMsw.text())
      }
    } finally {
      server.close()
    }
  })

  test('needs no msw: nothing intercepts the global fetch, and a path no API serves is 404 page not found', async () => {
    const emulator = emulatorWithFixtures()
    const response = await emulator.fetch(`${images}/${fixtureName}`)
    expect(response.status).toBe(200)
    expect(response.url).toBe(`${images}/${fixtureName}`)
    expect(((await response.json()) as { metadata: { name: string } }).metadata.name).toBe(fixtureName)
    const unknown = await emulator.fetch(`${base}/nothing/here`)
    expect(unknown.status).toBe(404)
    expect(await unknown.text()).toBe('404 page not found\n')
  })

  test('accepts a Request, as fetch does', async () => {
    const emulator = emulatorWithFixtures()
    const response = await emulator.fetch(new Request(`${images}/${fixtureName}`, { headers: { accept: 'application/json' } }))
    expect(response.status).toBe(200)
  })

  test('a watch streams each event as it happens while the virtual clock moves, and ends at timeoutSeconds (K-28, K-31)', async () => {
    const emulator = emulatorWithFixtures()
    const list = (await (await emulator.fetch(images)).json()) as { metadata: { resourceVersion: string } }
    const watch = await emulator.fetch(`${images}?watch=true&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=60`)
    expect(watch.status).toBe(200)
    const events = eventsOf(watch)

    expect((await relabel(emulator.fetch, 'first')).status).toBe(200)
    const [first] = (await events.next())!
    expect(first).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: fixtureName, labels: { tier: 'first' } } } })

    await emulator.clock.advance('30s')
    expect((await relabel(emulator.fetch, 'second')).status).toBe(200)
    const [second] = (await events.next())!
    expect(second).toMatchObject({ type: 'MODIFIED', object: { metadata: { labels: { tier: 'second' } } } })

    // The watch's 60 s pass on the emulator's clock: the stream ends.
    await emulator.clock.advance('31s')
    expect(await events.next()).toBeUndefined()
  })

  test('aborting a watch rejects the read with the signal’s reason and closes the watch', async () => {
    const emulator = emulatorWithFixtures()
    const controller = new AbortController()
    const watch = await emulator.fetch(`${images}?watch=true&timeoutSeconds=600`, { signal: controller.signal })
    const events = eventsOf(watch)
    // The initial ADDED events of the fixtures (K-28: no resourceVersion sends the current state first).
    expect((await events.next())!.length).toBeGreaterThan(0)
    expect(emulator.kube.hub.watches()).toHaveLength(1)
    controller.abort()
    await expect(events.reader.read()).rejects.toMatchObject({ name: 'AbortError' })
    await expect.poll(() => emulator.kube.hub.watches()).toHaveLength(0)
    await expect(emulator.fetch(`${images}/${fixtureName}`, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' })
  })

  test('a scenario answers through it: the first update is a 409 Conflict, the retry succeeds (update-conflict, K-15)', async () => {
    const emulator = emulatorWithFixtures()
    emulator.play(updateConflict)
    const conflict = await relabel(emulator.fetch, 'a')
    expect(conflict.status).toBe(409)
    expect(await conflict.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Conflict', code: 409 })
    expect((await relabel(emulator.fetch, 'a')).status).toBe(200)
  })

  test('scenario faults: a broken connection rejects with a TypeError; a hang lasts until the caller aborts, and nothing stays held', async () => {
    const emulator = emulatorWithFixtures()
    await emulator.play(await loadScenarioFile('test/scenarios/files/faults.yaml')).ready
    const snapshots = `${base}/apis/cci/v2/imagesnapshots`
    await expect(emulator.fetch(`${snapshots}/snap-x?fault=reset`)).rejects.toBeInstanceOf(TypeError)
    await expect(emulator.fetch(`${snapshots}/snap-x?fault=drop`)).rejects.toBeInstanceOf(TypeError)
    expect((await emulator.fetch(`${snapshots}/snap-x`)).status).toBe(404)

    const abort = new AbortController()
    const pending = emulator.fetch(`${snapshots}/snap-x?fault=hang`, { signal: abort.signal })
    await expect.poll(() => emulator.scenarios.heldRequests()).toBe(1)
    abort.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    await expect.poll(() => emulator.scenarios.heldRequests()).toBe(0)
  })

  test('its requests are journaled, and the control API answers through it', async () => {
    const emulator = emulatorWithFixtures()
    await emulator.fetch(`${images}/${fixtureName}`)
    await emulator.fetch(`${images}/missing`)
    expect(emulator.journal.entries({ api: 'openshift' }).map((entry) => [entry.method, entry.url, entry.status])).toEqual([
      ['GET', `/apis/image.openshift.io/v1/images/${fixtureName}`, 200],
      ['GET', '/apis/image.openshift.io/v1/images/missing', 404],
    ])
    const advanced = await emulator.fetch(`${base}/_emulator/clock/advance`, { method: 'POST', ...json({ by: '2m' }) })
    expect(advanced.status).toBe(200)
    expect(emulator.clock.iso()).toBe('2026-01-01T00:02:00Z')
    const journal = (await (await emulator.fetch(`${base}/_emulator/journal`)).json()) as { entries: unknown[] }
    expect(journal.entries).toHaveLength(2)
  })
})
