// 3. Watch fan-out: 100 watchers, 1,000 writes. Every watcher must get every event once and in
// resourceVersion order (asserted); the figure is the delivery lag from commit to arrival, against a
// bare fan-out of the same bytes through the same kind of streams. Twice: HTTP watches (streams in
// process), and WebSocket watches over loopback from the standalone server, against a bare `ws`
// server sending the same bytes to as many sockets.
import { WebSocketServer, WebSocket } from 'ws'
import { createEmulator, type Emulator } from '../src/emulator.ts'
import { listen } from '../src/runtimes/server.ts'
import { figure, type Figure } from './figures.ts'
import { loadOpenshiftImages, openshiftImageName } from './benchObjects.ts'
import { call, expectStatus, imagesPath, readWatch } from './emulatorCalls.ts'
import { nextTurn, percentile } from './sampling.ts'
import { section } from './profile.ts'

const watchers = 100
const writes = 1_000

interface Lags {
  lags: number[]
  seconds: number
}

/** The i-th of the measured writes: a label on one of ten images, each an event to every watcher. */
const write = (emulator: Emulator, i: number) =>
  expectStatus(emulator, 200, 'PATCH', `${imagesPath}/${openshiftImageName(i % 10)}`, { metadata: { labels: { write: String(i) } } }, 'application/merge-patch+json')

/** Every watcher saw every write once, in resourceVersion order, from `from` on. */
function assertEveryEventOnceInOrder(versions: number[][], from: number, watcher: string): void {
  const expected = Array.from({ length: writes }, (_, i) => from + i + 1)
  versions.forEach((seen, w) => {
    if (seen.length !== writes || seen.some((rv, i) => rv !== expected[i])) throw new Error(`${watcher} ${w} saw ${seen.length} events out of order or repeated`)
  })
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
    Array.from({ length: watchers }, async () => {
      const response = await call(emulator, 'GET', `${imagesPath}?watch=true&resourceVersion=${from}`)
      const versions: number[] = []
      const done = readWatch(response, (event, at) => {
        const rv = Number(event.object.metadata.resourceVersion)
        versions.push(rv)
        lags.push(at - committedAt.get(rv)!)
        return versions.length < writes
      })
      return { versions, done }
    }),
  )
  const start = performance.now()
  for (let i = 0; i < writes; i++) await write(emulator, i)
  await Promise.all(readers.map((r) => r.done))
  const seconds = (performance.now() - start) / 1000
  assertEveryEventOnceInOrder(readers.map((reader) => reader.versions), from, 'watcher')
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

/** `watchers` WebSocket clients of `url`; each calls `onMessage` with the arrival time of every message. */
async function connectWatchers(url: string, onMessage: (watcher: number, text: string, at: number) => boolean | void): Promise<{ done: Promise<void>[]; close(): void }> {
  const sockets: WebSocket[] = []
  const done: Promise<void>[] = []
  await Promise.all(
    Array.from({ length: watchers }, (_, w) => {
      const socket = new WebSocket(url, { origin: 'http://bench.local', perMessageDeflate: false })
      sockets.push(socket)
      done.push(
        new Promise<void>((resolve, reject) => {
          socket.on('message', (data) => {
            if (onMessage(w, String(data), performance.now()) === false) resolve()
          })
          socket.on('close', () => reject(new Error(`watcher ${w} closed early`)))
        }),
      )
      return new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve())
        socket.once('error', reject)
      })
    }),
  )
  for (const finished of done) finished.catch(() => undefined)
  return {
    done,
    close() {
      for (const socket of sockets) socket.terminate()
    },
  }
}

/** The same writes as emulatorFanout, watched by WebSocket clients of the standalone server over loopback. */
async function webSocketFanout(): Promise<Lags> {
  const server = await listen({ emulatorOptions: { seed: 1 } })
  try {
    const { emulator } = server
    await emulator.ready
    await loadOpenshiftImages(emulator, 10)
    const committedAt = new Map<number, number>()
    emulator.store.subscribe((event) => void committedAt.set(event.resourceVersion, performance.now()))
    const from = emulator.store.resourceVersion()
    const lags: number[] = []
    const versions: number[][] = Array.from({ length: watchers }, () => [])
    const clients = await connectWatchers(`${server.url.replace(/^http/, 'ws')}${imagesPath}?watch=true&resourceVersion=${from}`, (w, text, at) => {
      const rv = Number(JSON.parse(text).object.metadata.resourceVersion)
      versions[w]!.push(rv)
      lags.push(at - committedAt.get(rv)!)
      return versions[w]!.length < writes
    })
    const start = performance.now()
    for (let i = 0; i < writes; i++) {
      await write(emulator, i)
      // The sockets are read in the event loop's I/O phase: the writer (in process, answered without
      // I/O) gives it one turn per write, as the bare writer below does and a remote writer would.
      await nextTurn()
    }
    await Promise.all(clients.done)
    const seconds = (performance.now() - start) / 1000
    clients.close()
    assertEveryEventOnceInOrder(versions, from, 'WebSocket watcher')
    return { lags, seconds }
  } finally {
    await server.close()
  }
}

/** A bare `ws` server sending the same line, one message per write, to as many sockets. */
async function bareWebSocketFanout(line: string): Promise<Lags> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false })
  try {
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
    const { port } = wss.address() as { port: number }
    const committedAt: number[] = []
    const lags: number[] = []
    const seen = new Array<number>(watchers).fill(0)
    const clients = await connectWatchers(`ws://127.0.0.1:${port}/`, (w, text, at) => {
      lags.push(at - committedAt[Number(JSON.parse(text).object.metadata.resourceVersion)]!)
      return ++seen[w]! < writes
    })
    const start = performance.now()
    for (let i = 0; i < writes; i++) {
      committedAt[i] = performance.now()
      const bytes = Buffer.from(line.replace('"resourceVersion":"0"', `"resourceVersion":"${i}"`))
      for (const socket of wss.clients) socket.send(bytes, { binary: false })
      await nextTurn()
    }
    await Promise.all(clients.done)
    const seconds = (performance.now() - start) / 1000
    clients.close()
    return { lags, seconds }
  } finally {
    await new Promise<void>((resolve) => wss.close(() => resolve()))
  }
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
  await bareWebSocketFanout(line)
  const bareSocket = await bareWebSocketFanout(line)
  const overSocket = await section('watch.webSocketFanout', webSocketFanout)
  const bareSocketWhat = 'bare ws server fan-out, same bytes, same sockets'
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
    figure({
      id: 'watch.webSocket.lagP50',
      what: `${watchers} WebSocket watchers (standalone server, loopback) × ${writes} writes, each event once and in order: delivery lag p50`,
      value: percentile(overSocket.lags, 50),
      unit: 'ms',
      baseline: percentile(bareSocket.lags, 50),
      baselineWhat: bareSocketWhat,
      detail: { events: overSocket.lags.length },
    }),
    figure({
      id: 'watch.webSocket.writesPerSecond',
      what: `writes per second while ${watchers} WebSocket watchers each receive every event`,
      value: writes / overSocket.seconds,
      unit: 'writes/s',
      baseline: writes / bareSocket.seconds,
      baselineWhat: bareSocketWhat,
    }),
    figure({
      id: 'watch.webSocket.lagP99',
      what: 'WebSocket delivery lag p99',
      value: percentile(overSocket.lags, 99),
      unit: 'ms',
      baseline: percentile(bareSocket.lags, 99),
      baselineWhat: bareSocketWhat,
    }),
  ]
}
