// `watch` steps act on the streams open when they fire (design §3 "Watches are a hub"): emit an event,
// send a bookmark, stall, close cleanly, or expire with ERROR 410 so clients re-list (K-30). One YAML
// file, through msw and over the standalone server.
import { beforeEach, describe, expect, test } from 'vitest'
import { loadScenarioFile } from '../../src/scenarios/loadScenarioFile.ts'
import type { PlayHandle } from '../../src/scenarios/engine.ts'
import { transports, useEmulator, watchEvents } from '../support/transports.ts'

const file = 'test/scenarios/files/watches.yaml'
const images = '/apis/image.openshift.io/v1/images'
const snapshots = '/apis/cci/v2/imagesnapshots'

describe.each(transports)('scenario watch actions over %s', (transport) => {
  const h = useEmulator(transport)
  let handle: PlayHandle
  const call = (path: string, init: RequestInit = {}) => fetch(`${h.base}${path}`, init)
  const watch = async (path: string, query = '') =>
    watchEvents(await call(`${path}?watch=true&resourceVersion=${h.emulator.store.resourceVersion()}${query}`))
  const createSnapshot = (name: string) =>
    call(snapshots, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name }, spec: { buildingConfig: { namespace: 'ns-a' }, images: [{ image: 'nginx:latest' }] } }),
    })

  beforeEach(async () => {
    handle = h.emulator.play(await loadScenarioFile(file))
    await handle.ready
  })

  test('emit, bookmark and close on OpenShift watches; stall and expire on CCI watches', async () => {
    // Something stored, so watches start from a resourceVersion of their own (no initial events).
    await createSnapshot('snap-0')
    const openshift = await watch(images)
    const stalled = await watch(snapshots)

    await h.emulator.clock.advance('1m')
    expect(await openshift.until(1)).toEqual([
      { type: 'MODIFIED', object: { kind: 'Image', apiVersion: 'image.openshift.io/v1', metadata: { name: 'injected', resourceVersion: '999' } } },
    ])

    // Bookmarks go only to watches that asked for them (K-33); this one's own periodic bookmark is a minute away.
    await h.emulator.clock.advance('30s')
    const bookmarks = await watch(images, '&allowWatchBookmarks=true')
    await h.emulator.clock.advance('30s')
    expect(await bookmarks.until(1)).toEqual([
      { type: 'BOOKMARK', object: { kind: 'Image', apiVersion: 'image.openshift.io/v1', metadata: { resourceVersion: String(h.emulator.store.resourceVersion()), creationTimestamp: null } } },
    ])
    expect(openshift.events).toHaveLength(1)

    await h.emulator.clock.advance('1m')
    // A watch opened after the stall is not stalled.
    const expiring = await watch(snapshots)
    await createSnapshot('snap-1')
    expect((await expiring.until(1)).map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED snap-1'])

    await h.emulator.clock.advance('1m')
    expect(await openshift.ends()).toBe(true)
    expect(await bookmarks.ends()).toBe(true)
    expect(openshift.events).toHaveLength(1)

    await h.emulator.clock.advance('1m')
    expect(await expiring.ends()).toBe(true)
    // snap-1 became Available at 4m30s (90s after its creation), then the expiry came.
    expect(expiring.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'ERROR'])
    expect(expiring.events[2]).toEqual({
      type: 'ERROR',
      object: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: expect.stringMatching(/^too old resource version: \d+ \(\d+\)$/),
        reason: 'Expired',
        code: 410,
      },
    })
    // The stalled watch saw snap-0 turn Available at 1m30s, then nothing: not snap-1, not the expiry.
    expect(await stalled.ends()).toBe(true)
    expect(stalled.events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.status.phase}`)).toEqual(['MODIFIED snap-0 Available'])
    expect(() => handle.expectComplete()).not.toThrow()
  })
})
