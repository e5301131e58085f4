// Concurrency: many clients writing one object at once. Optimistic concurrency must hold as in
// kube-apiserver (K-15, K-16): for each resourceVersion exactly one writer wins and the others get
// 409; unconditional patches all land (no lost update); a watch sees every committed change once,
// in order. Glance, which has no preconditions, must not lose concurrent tag writes either.
import { describe, expect, test } from 'vitest'
import { readJson, transports, useEmulator, watchEvents } from '../support/transports.ts'
import { glanceHarness } from '../glance/glanceSetup.ts'

const images = '/apis/image.openshift.io/v1/images'
const name = `sha256:${'c'.repeat(64)}`
const writers = 1_000

describe.each(transports)('concurrent writes of one Image over %s', (transport) => {
  const h = useEmulator(transport)
  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const response = await fetch(`${h.base}${path}`, { method, headers: { 'content-type': contentType }, body: body === undefined ? undefined : JSON.stringify(body) })
    return { status: response.status, body: await readJson(response) }
  }

  async function createAndWatch() {
    const created = await call('POST', images, { metadata: { name, labels: { app: 'web' } }, dockerImageReference: 'quay.io/a/b:1' })
    expect(created.status).toBe(201)
    const watch = watchEvents(await fetch(`${h.base}${images}?watch=true&resourceVersion=${created.body.metadata.resourceVersion}`))
    return { created: created.body, watch }
  }

  test(`${writers} replaces from the same resourceVersion: exactly one wins, the rest are 409 Conflict`, async () => {
    const { created, watch } = await createAndWatch()
    const answers = await Promise.all(
      Array.from({ length: writers }, (_, i) => call('PUT', `${images}/${name}`, { ...created, metadata: { ...created.metadata, labels: { writer: String(i) } } })),
    )
    const winners = answers.filter((a) => a.status === 200)
    expect(winners).toHaveLength(1)
    expect(answers.filter((a) => a.status === 409)).toHaveLength(writers - 1)
    expect(answers.find((a) => a.status === 409)!.body.reason).toBe('Conflict')
    const stored = await call('GET', `${images}/${name}`)
    expect(stored.body.metadata.labels).toEqual(winners[0]!.body.metadata.labels)
    const events = await watch.until(1)
    await watch.stop()
    expect(events.map((e) => [e.type, e.object.metadata.resourceVersion])).toEqual([['MODIFIED', winners[0]!.body.metadata.resourceVersion]])
  })

  test(`${writers} merge patches at once: each lands at its own resourceVersion, and the watch sees each write once, in order`, async () => {
    const { watch } = await createAndWatch()
    const answers = await Promise.all(
      Array.from({ length: writers }, (_, i) => call('PATCH', `${images}/${name}`, { metadata: { labels: { writer: String(i) } } }, 'application/merge-patch+json')),
    )
    expect(answers.every((a) => a.status === 200)).toBe(true)
    const writerAt = new Map(answers.map((a) => [Number(a.body.metadata.resourceVersion), a.body.metadata.labels.writer]))
    expect(writerAt.size).toBe(writers)
    expect(new Set(writerAt.values()).size).toBe(writers)
    const events = await watch.until(writers, 20_000)
    await watch.stop()
    // No lost update: the watch shows, at each resourceVersion, exactly the write answered with it.
    expect(events.map((e) => [Number(e.object.metadata.resourceVersion), e.object.metadata.labels.writer])).toEqual(
      [...writerAt.entries()].sort((a, b) => a[0] - b[0]),
    )
    expect(events.every((e) => e.type === 'MODIFIED')).toBe(true)
  })

  test('100 merge patches adding different annotations at once: every annotation is kept', async () => {
    await createAndWatch().then(({ watch }) => watch.stop())
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => call('PATCH', `${images}/${name}`, { metadata: { annotations: { [`writer-${i}`]: 'x' } } }, 'application/merge-patch+json')),
    )
    expect(answers.every((a) => a.status === 200)).toBe(true)
    const stored = await call('GET', `${images}/${name}`)
    expect(Object.keys(stored.body.metadata.annotations).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `writer-${i}`).sort())
  })

  test('read-modify-write with retries on 409: every increment lands once, and each resourceVersion has one winner', async () => {
    await createAndWatch().then(({ watch }) => watch.stop())
    const clients = 20
    const incrementsEach = 5
    const basedOn: string[] = []
    async function increment() {
      for (let attempt = 0; attempt < 1_000; attempt++) {
        const current = (await call('GET', `${images}/${name}`)).body
        const count = Number(current.metadata.annotations?.count ?? '0')
        const put = await call('PUT', `${images}/${name}`, { ...current, metadata: { ...current.metadata, annotations: { count: String(count + 1) } } })
        if (put.status === 200) return void basedOn.push(current.metadata.resourceVersion)
        expect(put.status).toBe(409)
      }
      throw new Error('no increment landed')
    }
    await Promise.all(Array.from({ length: clients }, async () => {
      for (let i = 0; i < incrementsEach; i++) await increment()
    }))
    const stored = await call('GET', `${images}/${name}`)
    expect(stored.body.metadata.annotations.count).toBe(String(clients * incrementsEach))
    expect(new Set(basedOn).size).toBe(clients * incrementsEach)
  })
})

describe('concurrent Glance writes', () => {
  const g = glanceHarness()

  test('100 tags added at once all land; 100 concurrent renames leave one of them, each answered 200', async () => {
    const image = await g.createImage()
    const tags = Array.from({ length: 100 }, (_, i) => `tag-${i}`)
    const added = await Promise.all(tags.map((tag) => g.call('PUT', `/v2/images/${image.id}/tags/${tag}`)))
    expect(added.every((r) => r.status === 204)).toBe(true)
    const shown = await g.ok('GET', `/v2/images/${image.id}`)
    expect([...shown.tags].sort()).toEqual([...tags].sort())
    const renames = await Promise.all(
      tags.map((tag) =>
        g.call('PATCH', `/v2/images/${image.id}`, { body: JSON.stringify([{ op: 'replace', path: '/name', value: tag }]), headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' } }),
      ),
    )
    const names = await Promise.all(renames.map(async (r) => (r.status === 200 ? ((await r.json()) as { name: string }).name : r.status)))
    expect(names.sort()).toEqual([...tags].sort())
    expect(tags).toContain((await g.ok('GET', `/v2/images/${image.id}`)).name)
  })
})
