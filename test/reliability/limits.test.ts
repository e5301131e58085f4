// Limits: request bodies (413), list limits, label/annotation sizes, Glance quotas and nesting, and
// watchers that never read — they are dropped, as kube-apiserver drops unresponsive watchers, so a
// stuck client cannot make the emulator hold events without bound.
import { connect } from 'node:net'
import { describe, expect, test } from 'vitest'
import { readJson, transports, useEmulator } from '../support/transports.ts'
import { glanceHarness } from '../glance/glanceSetup.ts'
import { maxWatchBacklogBytes } from '../../src/kube/watchHub.ts'

const images = '/apis/image.openshift.io/v1/images'
const digest = (i: number) => `sha256:${i.toString(16).padStart(64, '0')}`
const image = (i: number, metadata: Record<string, unknown> = {}) => ({ metadata: { name: digest(i), ...metadata }, dockerImageReference: `quay.io/a/b@${digest(i)}` })

describe.each(transports)('Kubernetes limits over %s', (transport) => {
  const h = useEmulator(transport)
  // Every answer is read to its end: an unread body left on a socket trips undici when msw closes it.
  const send = async (method: string, path: string, body: unknown, contentType = 'application/json') => {
    const response = await fetch(`${h.base}${path}`, { method, headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) })
    const text = await response.text()
    return { status: response.status, json: () => JSON.parse(text) }
  }

  test('K-14: a body over 3 MiB is 413 on create, replace and patch; 3 MiB exactly is decoded', async () => {
    expect((await send('POST', images, image(1))).status).toBe(201)
    const filler = (bytes: number) => 'x'.repeat(bytes)
    const over = { ...image(2), dockerImageManifest: filler(3 * 1024 * 1024) }
    for (const [method, path, contentType] of [
      ['POST', images, 'application/json'],
      ['PUT', `${images}/${digest(1)}`, 'application/json'],
      ['PATCH', `${images}/${digest(1)}`, 'application/merge-patch+json'],
    ] as const) {
      const response = await send(method, path, over, contentType)
      expect(response.status).toBe(413)
      expect(response.json().message).toBe('Request entity too large: limit is 3145728')
    }
    // 3 MiB exactly passes the size check.
    const body = JSON.stringify({ ...image(3), dockerImageManifest: '' })
    const exact = body.replace('"dockerImageManifest":""', `"dockerImageManifest":"${filler(3 * 1024 * 1024 - body.length)}"`)
    expect(new TextEncoder().encode(exact).byteLength).toBe(3 * 1024 * 1024)
    // ... and stored: the size check is the only limit such a body meets.
    expect((await send('POST', images, exact)).status).toBe(201)
    expect((await readJson(await fetch(`${h.base}${images}/${digest(3)}`))).dockerImageManifest).toHaveLength(3 * 1024 * 1024 - body.length)
  })

  test('K-24, K-26: limit pages the list; 0, negative and huge limits list everything', async () => {
    for (let i = 0; i < 5; i++) await h.emulator.openshift.images.load(image(i) as never)
    const names = async (query: string) => {
      const list = await readJson(await fetch(`${h.base}${images}${query}`))
      return { count: list.items.length, continued: Boolean(list.metadata.continue) }
    }
    expect(await names('?limit=2')).toEqual({ count: 2, continued: true })
    for (const query of ['?limit=0', '?limit=-1', '?limit=1000000', '']) expect(await names(query)).toEqual({ count: 5, continued: false })
    const bad = await fetch(`${h.base}${images}?limit=abc`)
    expect(bad.status).toBeLessThan(500)
    await bad.text()
  })

  test('K-13: label keys and values of 63 characters pass, 64 fail; annotations total 262144 bytes', async () => {
    const ok = await send('POST', images, image(1, { labels: { ['k'.repeat(63)]: 'v'.repeat(63), [`${'p'.repeat(253)}/name`]: 'x' } }))
    expect(ok.status).toBe(201)
    for (const labels of [{ ['k'.repeat(64)]: 'v' }, { k: 'v'.repeat(64) }, { [`${'p'.repeat(254)}/name`]: 'x' }]) {
      const response = await send('POST', images, image(2, { labels }))
      expect(response.status).toBe(422)
      expect(response.json().message).toMatch(/metadata\.labels/)
    }
    const annotationsOf = (total: number) => ({ a: 'x'.repeat(total - 1) })
    expect((await send('POST', images, image(3, { annotations: annotationsOf(262_144) }))).status).toBe(201)
    const tooLong = await send('POST', images, image(4, { annotations: annotationsOf(262_145) }))
    expect(tooLong.status).toBe(422)
    expect(tooLong.json().message).toMatch(/metadata\.annotations: Too long: may not be more than 262144 bytes/)
  })
})

describe('Glance limits', () => {
  const g = glanceHarness({ glance: { maxImageSize: 1024 } })

  test('G10.3: data over the size cap is 413 and the image goes back to queued with nothing kept', async () => {
    const image = await g.createImage()
    const response = await g.upload(image.id, new Uint8Array(1025))
    expect(response.status).toBe(413)
    const after = await g.ok('GET', `/v2/images/${image.id}`)
    expect(after).toMatchObject({ status: 'queued', size: null, checksum: null })
    expect(g.emulator.glance.imageData(image.id)).toBeUndefined()
    expect((await g.upload(image.id, new Uint8Array(1024))).status).toBe(204)
  })

  test('G6.2: limit above 1000 is capped; negative and non-integer limits are 400', async () => {
    const views = Array.from({ length: 1001 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      name: `img-${i}`,
      visibility: 'public',
      status: 'queued',
      created_at: '2026-01-01T00:00:00Z',
    }))
    await g.emulator.loadFixtures([{ images: views }])
    expect(((await g.ok('GET', '/v2/images?limit=5000')) as { images: unknown[] }).images).toHaveLength(1000)
    expect((await g.call('GET', '/v2/images?limit=-1')).status).toBe(400)
    expect((await g.call('GET', '/v2/images?limit=1.5')).status).toBe(400)
  })

  test('G5.4, G9.1: more than 128 extra properties or tags is 413; a 256-character tag is 400', async () => {
    const properties = Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`p${i}`, 'v']))
    expect((await g.call('POST', '/v2/images', { json: { name: 'many', ...properties } })).status).toBe(413)
    const image = await g.createImage({ tags: Array.from({ length: 128 }, (_, i) => `t${i}`) })
    expect((await g.call('PUT', `/v2/images/${image.id}/tags/one-more`)).status).toBe(413)
    expect((await g.call('PUT', `/v2/images/${image.id}/tags/${'t'.repeat(256)}`)).status).toBe(400)
  })

  test('a JSON body nested deeper than Python’s recursion limit is 400 Malformed JSON, never a 500', async () => {
    const deep = (depth: number) => `{"name":"deep","description":${'['.repeat(depth)}${']'.repeat(depth)}}`
    for (const depth of [1_001, 20_000]) {
      const response = await g.call('POST', '/v2/images', { body: deep(depth), headers: { 'content-type': 'application/json' } })
      expect(response.status).toBe(400)
      expect((await response.json()).message).toMatch(/^Malformed JSON in request body\./)
    }
    const patched = await g.call('PATCH', `/v2/images/${(await g.createImage()).id}`, {
      body: `[{"op":"add","path":"/description","value":${'['.repeat(5_000)}${']'.repeat(5_000)}}]`,
      headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' },
    })
    expect(patched.status).toBe(400)
  })
})

describe('watchers that never read', () => {
  const h = useEmulator('server')
  const bigImage = (i: number) => image(i, { annotations: { blob: 'b'.repeat(200_000) } })

  test('in process: the hub drops a watch once its unread backlog passes the bound', async () => {
    await h.emulator.openshift.images.load(image(0) as never)
    const watch = await h.emulator.dispatch(new Request(`http://kube.test${images}?watch=true&resourceVersion=${h.emulator.store.resourceVersion()}`))
    expect(watch.status).toBe(200)
    expect(h.emulator.kube.hub.watches()).toHaveLength(1)
    // Each event carries ~200 kB; the bound is reached well before the last write.
    const writes = Math.ceil(maxWatchBacklogBytes / 200_000) + 10
    for (let i = 1; i <= writes; i++) await h.emulator.openshift.images.load(bigImage(i) as never)
    expect(h.emulator.kube.hub.watches()).toHaveLength(0)
    // The client finds its stream cut, as a dropped connection.
    await expect(watch.text()).rejects.toThrow()
  })

  test('over the server: a socket that never reads is closed by the server and the watch forgotten', async () => {
    const url = new URL(h.base)
    const socket = connect(Number(url.port), url.hostname)
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    socket.pause()
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    socket.write(`GET ${images}?watch=true HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`)
    const deadline = Date.now() + 5_000
    while (h.emulator.kube.hub.watches().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    expect(h.emulator.kube.hub.watches()).toHaveLength(1)
    const writes = Math.ceil(maxWatchBacklogBytes / 200_000) * 2 + 20
    for (let i = 1; i <= writes && h.emulator.kube.hub.watches().length; i++) {
      await h.emulator.openshift.images.load(bigImage(i) as never)
      // Let the server move bytes to the socket between writes.
      await new Promise((r) => setImmediate(r))
    }
    expect(h.emulator.kube.hub.watches()).toHaveLength(0)
    socket.resume()
    await closed
    expect(socket.destroyed).toBe(true)
  })
})
