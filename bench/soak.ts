// 7. Soak: mixed traffic against the standalone server, its memory sampled every few seconds. What is
// written is deleted again, so a server that keeps nothing per request levels off once its bounded
// histories (the journal and the event log, 10,000 entries each; the ids of deleted Glance images, 500
// in this server) are full. The traffic first runs until they are (at most BENCH_SOAK_FILL_SECONDS,
// default 300: a slow machine gets there later), settles for BENCH_SOAK_SETTLE_SECONDS (default 240:
// V8 sizes its heap spaces and the allocator its arenas to the load, which RSS shows after the heap has
// levelled), then runs BENCH_SOAK_SECONDS more (default 180):
// the figure is memory growth per minute over that window, fitted by least squares, judged against the
// noise around the fit. Every sample, settling included, is printed. The server runs in its own
// process with --expose-gc; the traffic comes from this one.
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { figure, type Figure } from './figures.ts'
import { openshiftImage } from './benchObjects.ts'

const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 180)
const fillSeconds = Number(process.env.BENCH_SOAK_FILL_SECONDS ?? 300)
const settleSeconds = Number(process.env.BENCH_SOAK_SETTLE_SECONDS ?? 240)
const workers = 6
const sampleEveryMs = 5_000

interface Memory {
  rss: number
  heapUsed: number
  heapTotal: number
  external: number
  arrayBuffers: number
  /** Entries in the journal and the event log. */
  journal: number
  events: number
}

/** Both histories' capacity (createJournal, createObjectStore defaults). */
const historyCapacity = 10_000

interface Sample extends Memory {
  /** Seconds since the traffic started. */
  at: number
}

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(new URL('./servers/soakServer.ts', import.meta.url))
  const child = fork(script, [], { execArgv: [...process.execArgv, '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the soak server did not start within 60 s')), 60_000)
    child.once('message', (message) => (clearTimeout(timer), resolve((message as { url: string }).url)))
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`the soak server exited with ${code}`))))
  }).catch(async (error: unknown) => {
    await stopServer(child)
    throw error
  })
  return { child, url }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

function memoryOf(child: ChildProcess): Promise<Memory> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the soak server did not report its memory within 30 s')), 30_000)
    const onMessage = (message: unknown) => {
      const memory = (message as { memory?: Memory }).memory
      if (!memory) return
      clearTimeout(timer)
      child.off('message', onMessage)
      resolve(memory)
    }
    child.on('message', onMessage)
    child.send('memory')
  })
}

/** Counts answers; an answer outside `expected` is an error the suite reports (the soak is also a correctness run). */
class Traffic {
  requests = 0
  failures = 0
  errors: string[] = []
  readonly base: string
  constructor(base: string) {
    this.base = base
  }

  async call(method: string, path: string, expected: number, body?: unknown, contentType = 'application/json'): Promise<string> {
    // Bounded: an answer that does not come within 30 s is an error, not a hung benchmark.
    const init: RequestInit = { method, signal: AbortSignal.timeout(30_000) }
    if (body !== undefined) {
      init.body = body instanceof Uint8Array ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body)
      init.headers = { 'content-type': contentType }
    }
    let status: number
    let text: string
    try {
      const response = await fetch(`${this.base}${path}`, init)
      status = response.status
      text = await response.text()
    } catch (error) {
      status = 0
      text = String(error)
    }
    this.requests++
    if (status !== expected) {
      this.failures++
      if (this.errors.length < 20) this.errors.push(`${method} ${path}: ${status} (expected ${expected}) ${text.slice(0, 120)}`)
    }
    return text
  }
}

const images = '/apis/image.openshift.io/v1/images'
const data: Uint8Array<ArrayBuffer> = new Uint8Array(4096).map((_, i) => (i * 31) & 0xff)

/** One writer's round: an OpenShift Image and a Glance image made, read, changed, listed and deleted. */
async function writeRound(traffic: Traffic, n: number): Promise<void> {
  const image = openshiftImage(1_000_000 + n)
  const name = image.metadata.name!
  await traffic.call('POST', images, 201, image)
  await traffic.call('GET', `${images}/${name}`, 200)
  await traffic.call('PATCH', `${images}/${name}`, 200, { metadata: { labels: { round: String(n % 7) } } }, 'application/merge-patch+json')
  await traffic.call('GET', `${images}?labelSelector=shard%3D${n % 10}&limit=20`, 200)
  await traffic.call('DELETE', `${images}/${name}`, 200)

  const created = JSON.parse(await traffic.call('POST', '/v2/images', 201, { name: `soak-${n}`, disk_format: 'raw', container_format: 'bare', tags: ['soak'] })) as { id: string }
  await traffic.call('PUT', `/v2/images/${created.id}/file`, 204, data, 'application/octet-stream')
  await traffic.call('GET', `/v2/images/${created.id}/file`, 200)
  await traffic.call('PUT', `/v2/images/${created.id}/tags/round-${n % 5}`, 204)
  await traffic.call('GET', '/v2/images?limit=20&tag=soak', 200)
  await traffic.call('DELETE', `/v2/images/${created.id}`, 204)
}

/** Reads of everything else: CCI, discovery, OpenAPI, health and the control API. */
async function readRound(traffic: Traffic): Promise<void> {
  await traffic.call('GET', '/apis/cci/v2/imagesnapshots', 200)
  await traffic.call('GET', '/apis', 200)
  await traffic.call('GET', '/openapi/v3', 200)
  await traffic.call('GET', '/readyz?verbose', 200)
  await traffic.call('GET', '/_emulator/clock', 200)
  await traffic.call('GET', '/v2/images/00000000-0000-0000-0000-000000000000', 404)
}

/** A watch that sees its initial events and ends at its timeout (one second of the real-time clock). */
async function watchRound(traffic: Traffic): Promise<void> {
  await traffic.call('GET', `${images}?watch=true&timeoutSeconds=1`, 200)
}

async function worker(traffic: Traffic, index: number, until: () => number): Promise<void> {
  for (let round = 0; Date.now() < until(); round++) {
    await writeRound(traffic, index * 10_000_000 + round)
    if (round % 4 === 0) await readRound(traffic)
    if (round % 25 === 0) await watchRound(traffic)
  }
}

/** Least-squares slope (per second) and the standard deviation of the points around the line. */
function fit(points: Array<[number, number]>): { slope: number; noise: number } {
  const n = points.length
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n
  let sxy = 0
  let sxx = 0
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my)
    sxx += (x - mx) ** 2
  }
  const slope = sxx ? sxy / sxx : 0
  const residuals = points.map(([x, y]) => y - (my + slope * (x - mx)))
  const noise = Math.sqrt(residuals.reduce((sum, r) => sum + r * r, 0) / Math.max(1, n - 2))
  return { slope, noise }
}

const mb = (bytes: number) => bytes / 1024 / 1024

/** Growth over the measured window against the noise around the fit (or 2% of the level, if larger). */
function growthFigure(id: string, what: string, samples: Sample[], key: 'rss' | 'heapUsed', windowSeconds: number): Figure {
  const { slope, noise } = fit(samples.map((s) => [s.at, mb(s[key])]))
  const level = mb(samples[0]![key])
  const perMinute = slope * 60
  const allowed = Math.max(3 * noise, 0.02 * level)
  return figure({
    id,
    what,
    value: perMinute,
    unit: 'MB/min',
    baseline: level,
    baselineWhat: 'level after warm-up, MB',
    target: 'growth over the window ≤ max(3σ noise, 2% of level)',
    pass: perMinute * (windowSeconds / 60) <= allowed,
    detail: { noiseMb: noise, allowedMb: allowed, firstMb: level, lastMb: mb(samples.at(-1)![key]), peakMb: Math.max(...samples.map((s) => mb(s[key]))) },
  })
}

export async function soakSuite(): Promise<Figure[]> {
  const { child, url } = await startServer()
  try {
    const traffic = new Traffic(url)
    const started = Date.now()
    // The window starts once both histories are full (or the fill time is up): until then, the end is open.
    let warmUp: number | undefined
    let filledAt: number | undefined
    let full = false
    const until = () => (warmUp === undefined ? Number.POSITIVE_INFINITY : started + (warmUp + seconds) * 1000)
    const samples: Sample[] = []
    const sampling = (async () => {
      while (Date.now() < until()) {
        const memory = await memoryOf(child)
        const at = (Date.now() - started) / 1000
        samples.push({ at, ...memory })
        if (warmUp === undefined && ((full = memory.journal >= historyCapacity && memory.events >= historyCapacity) || at >= fillSeconds)) {
          filledAt = at
          warmUp = at + settleSeconds
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(sampleEveryMs, Math.max(0, until() - Date.now()))))
      }
    })()
    await Promise.all([...Array.from({ length: workers }, (_, i) => worker(traffic, i + 1, until)), sampling])
    const measured = samples.filter((sample) => sample.at >= warmUp!)
    const windowSeconds = measured.at(-1)!.at - measured[0]!.at
    const rss = growthFigure('soak.rssGrowth', `RSS growth per minute of the standalone server under mixed traffic, over ${windowSeconds.toFixed(0)} s after ${warmUp!.toFixed(0)} s of warm-up (${full ? `histories full at ${filledAt!.toFixed(0)} s` : 'histories NOT full: growth includes filling them'}, then ${settleSeconds} s to settle)`, measured, 'rss', windowSeconds)
    const heap = growthFigure('soak.heapGrowth', 'heap (after a full GC) growth per minute, same window', measured, 'heapUsed', windowSeconds)
    const elapsed = (Date.now() - started) / 1000
    const extra = { windowSeconds, warmUpSeconds: warmUp!, filledSeconds: filledAt!, historiesFull: full, requests: traffic.requests, requestsPerSecond: traffic.requests / elapsed, errors: traffic.failures, samples: samples.length }
    Object.assign(rss.detail!, extra)
    if (traffic.failures) {
      rss.pass = false
      process.stderr.write(`soak: unexpected answers:\n  ${traffic.errors.join('\n  ')}\n`)
    }
    process.stderr.write(`soak: ${samples.map((s) => `${s.at.toFixed(0)}s rss=${mb(s.rss).toFixed(1)} heap=${mb(s.heapUsed).toFixed(1)}/${mb(s.heapTotal).toFixed(1)} ext=${mb(s.external).toFixed(1)} journal=${s.journal} events=${s.events}`).join(' | ')}\n`)
    return [rss, heap]
  } finally {
    await stopServer(child)
  }
}
