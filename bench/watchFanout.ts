// 3. Watch fan-out: 100 watchers, 1,000 writes. Every watcher must get every event once and in
// resourceVersion order (asserted); the figure is the delivery lag from commit to arrival, against a
// bare fan-out of the same bytes through the same kind of streams.
import { createEmulator } from '../src/emulator.ts'
import { figure, type Figure } from './figures.ts'
import { loadOpenshiftImages, openshiftImageName } from './benchObjects.ts'
import { call, expectStatus, imagesPath, readWatch } from './emulatorCalls.ts'
import { percentile } from './sampling.ts'
import { section } from './profile.ts'

const watchers = 100
const writes = 1_000

interface Lags {
  lags: number[]
  seconds: number
}

async function emulatorFanout(): Promise<Lags> {
  const emulator = createEmulator({ seed: 1 })
  await emulator.ready
  await loadOpenshiftImages(emulator, 10)
  const committedAt = new Map<number, number>()
  emulator.store.subscribe((event) => void committedAt.set(event.resourceVersion, performance.now()))
  const from = emulator.store.resourceVersion()
  const lags: number[] = []
  const readers = await Promise.all(
    Array.from({ length: watchers }, async (_, w) => {
      const response = await call(emulator, 'GET', `${imagesPath}?watch=true&resourceVersion=${from}`)
      const versions: number[] = []
      const done = readWatch(response, (event, at) => {
        const rv = Number(event.object.metadata.resourceVersion)
        versions.push(rv)
        lags.push(at - committedAt.get(rv)!)
        return versions.length < writes
      })
      return { w, versions, done }
    }),
  )
  const start = performance.now()
  for (let i = 0; i < writes; i++) {
    await expectStatus(emulator, 200, 'PATCH', `${imagesPath}/${openshiftImageName(i % 10)}`, { metadata: { labels: { write: String(i) } } }, 'application/merge-patch+json')
  }
  await Promise.all(readers.map((r) => r.done))
  const seconds = (performance.now() - start) / 1000
  const expected = Array.from({ length: writes }, (_, i) => from + i + 1)
  for (const reader of readers) {
    if (reader.versions.length !== writes || reader.versions.some((rv, i) => rv !== expected[i])) {
      throw new Error(`watcher ${reader.w} saw ${reader.versions.length} events out of order or repeated`)
    }
  }
  emulator.dispose()
  return { lags, seconds }
}

/** The same shape without the emulator: one line per write, enqueued to every stream, read the same way. */
async function bareFanout(line: string): Promise<Lags> {
  const encoder = new TextEncoder()
  const controllers: ReadableStreamDefaultController<Uint8Array>[] = []
  const committedAt: number[] = []
  const lags: number[] = []
  const readers = Array.from({ length: watchers }, () => {
    const stream = new ReadableStream<Uint8Array>({ start: (c) => void controllers.push(c) }, { highWaterMark: 1 })
    let seen = 0
    return readWatch(new Response(stream), (event, at) => {
      lags.push(at - committedAt[Number(event.object.metadata.resourceVersion)]!)
      return ++seen < writes
    })
  })
  const start = performance.now()
  for (let i = 0; i < writes; i++) {
    await Promise.resolve()
    committedAt[i] = performance.now()
    const bytes = line.replace('"resourceVersion":"0"', `"resourceVersion":"${i}"`)
    for (const controller of controllers) controller.enqueue(encoder.encode(bytes))
    // The emulator's writer waits for its PATCH answer; the bare writer yields once a write too.
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  await Promise.all(readers)
  return { lags, seconds: (performance.now() - start) / 1000 }
}

export async function watchFanoutSuite(): Promise<Figure[]> {
  // An event line as the emulator sends it, for the bare fan-out.
  const probe = createEmulator({ seed: 1 })
  await loadOpenshiftImages(probe, 1)
  const object = JSON.parse(await expectStatus(probe, 200, 'GET', `${imagesPath}/${openshiftImageName(0)}`))
  object.metadata.resourceVersion = '0'
  probe.dispose()
  const line = `${JSON.stringify({ type: 'MODIFIED', object })}\n`

  await bareFanout(line)
  const bare = await bareFanout(line)
  const measured = await section('watch.fanout', emulatorFanout)
  const p50 = percentile(measured.lags, 50)
  const p99 = percentile(measured.lags, 99)
  return [
    figure({
      id: 'watch.lagP50',
      what: `${watchers} watchers × ${writes} writes, each event once and in order: delivery lag p50`,
      value: p50,
      unit: 'ms',
      baseline: percentile(bare.lags, 50),
      baselineWhat: 'bare stream fan-out, same bytes',
      detail: { events: measured.lags.length },
    }),
    figure({
      id: 'watch.writesPerSecond',
      what: `writes per second while ${watchers} watchers each receive every event`,
      value: writes / measured.seconds,
      unit: 'writes/s',
      baseline: writes / bare.seconds,
      baselineWhat: 'bare stream fan-out, same bytes',
    }),
    figure({
      id: 'watch.lagP99',
      what: 'delivery lag p99',
      value: p99,
      unit: 'ms',
      baseline: percentile(bare.lags, 99),
      baselineWhat: 'bare stream fan-out, same bytes',
    }),
  ]
}
