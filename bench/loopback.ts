// 2. The standalone server over loopback: autocannon against the emulator, a bare node:http server
// returning the same bytes, and json-server serving the same data. Each server runs in its own
// process (one core for the server, one for the client on a 2-core machine), each load is bounded in
// time, and every process is stopped when the suite ends, whatever happens.
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { figure, type Figure } from './figures.ts'
import { glanceImage, glanceImageId, openshiftImage, openshiftImageName } from './benchObjects.ts'

const count = 1_000
const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 3)
const rounds = 3
const connections = 10

interface Running {
  url: string
  child: ChildProcess
}

async function start(script: string, args: string[]): Promise<Running> {
  const child = fork(fileURLToPath(new URL(`./servers/${script}`, import.meta.url)), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 60 s`)), 60_000)
    child.once('message', (message) => {
      clearTimeout(timer)
      resolve((message as { url: string }).url)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${script} exited with ${code}`))
    })
  })
  return { url, child }
}

async function stop(running: Running | undefined): Promise<void> {
  if (!running || running.child.exitCode !== null) return
  const exited = new Promise<void>((resolve) => running.child.once('exit', () => resolve()))
  running.child.kill('SIGTERM')
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

interface Load {
  rps: number
  p99: number
}

/** One bounded autocannon run; refuses a run with errors or non-2xx answers. */
async function load(url: string, duration: number): Promise<Load> {
  const result = await autocannon({ url, connections, duration })
  if (result.errors || result.timeouts || result.non2xx) throw new Error(`${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`)
  return { rps: result.requests.average, p99: result.latency.p99 }
}

/**
 * Loads every target in turn, `rounds` times over, so that anything else running on the machine
 * weighs on all of them alike; averages each target's rounds.
 */
async function loadInTurn(urls: string[]): Promise<Load[]> {
  for (const url of urls) await load(url, 1)
  const totals = urls.map(() => ({ rps: 0, p99: 0 }))
  for (let round = 0; round < rounds; round++) {
    for (const [i, url] of urls.entries()) {
      const measured = await load(url, seconds)
      totals[i]!.rps += measured.rps / rounds
      totals[i]!.p99 = Math.max(totals[i]!.p99, measured.p99)
    }
  }
  return totals
}

const skipped = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length'])

async function captureAnswer(url: string) {
  const response = await fetch(url)
  const bytes = Buffer.from(await response.arrayBuffer())
  const headers: Record<string, string> = {}
  response.headers.forEach((value, key) => {
    if (!skipped.has(key)) headers[key] = value
  })
  return { headers, base64: bytes.toString('base64'), bytes: bytes.byteLength }
}

export async function loopbackSuite(): Promise<Figure[]> {
  const work = mkdtempSync(join(tmpdir(), 'image-api-emulator-bench-'))
  const name = openshiftImageName(421)
  const id = glanceImageId(421)
  const byName = `/apis/image.openshift.io/v1/images/${name}`
  const byId = `/v2/images/${id}`
  let emulator: Running | undefined
  let bare: Running | undefined
  let jsonServer: Running | undefined
  try {
    emulator = await start('emulatorServer.ts', [String(count)])
    const answers = { [byName]: await captureAnswer(`${emulator.url}${byName}`), [byId]: await captureAnswer(`${emulator.url}${byId}`) }
    writeFileSync(join(work, 'answers.json'), JSON.stringify(answers))
    const images = Array.from({ length: count }, (_, i) => ({ id: openshiftImageName(i), ...openshiftImage(i) }))
    const glance = Array.from({ length: count }, (_, i) => glanceImage(i))
    writeFileSync(join(work, 'db.json'), JSON.stringify({ images, glance }))

    bare = await start('bareServer.ts', [join(work, 'answers.json')])
    jsonServer = await start('jsonServerProcess.ts', [join(work, 'db.json')])
    const [emulatorByName, bareByName, jsonByName, emulatorById, bareById, jsonById] = await loadInTurn([
      `${emulator.url}${byName}`,
      `${bare.url}${byName}`,
      `${jsonServer.url}/images/${encodeURIComponent(name)}`,
      `${emulator.url}${byId}`,
      `${bare.url}${byId}`,
      `${jsonServer.url}/glance/${id}`,
    ])

    const rows: Array<[string, string, Load, Load, Load]> = [
      ['getByName', 'GET an OpenShift Image by name', emulatorByName!, bareByName!, jsonByName!],
      ['getByGlanceId', 'GET a Glance image by id', emulatorById!, bareById!, jsonById!],
    ]
    return rows.flatMap(([key, what, measured, bareServer, json]) => [
      figure({
        id: `loopback.${key}.vsBare`,
        what: `${what}: requests/s over loopback (${connections} connections)`,
        value: measured.rps,
        unit: 'req/s',
        baseline: bareServer.rps,
        baselineWhat: 'bare node:http, same bytes',
        target: 'ratio ≥ 0.5',
        pass: measured.rps / bareServer.rps >= 0.5,
        detail: { p99Ms: measured.p99, bareP99Ms: bareServer.p99 },
      }),
      figure({
        id: `loopback.${key}.vsJsonServer`,
        what: `${what}: requests/s over loopback`,
        value: measured.rps,
        unit: 'req/s',
        baseline: json.rps,
        baselineWhat: 'json-server 0.17, same data',
        target: 'ratio ≥ 2',
        pass: measured.rps / json.rps >= 2,
        detail: { jsonServerP99Ms: json.p99 },
      }),
    ])
  } finally {
    await Promise.all([stop(emulator), stop(bare), stop(jsonServer)])
    rmSync(work, { recursive: true, force: true })
  }
}
