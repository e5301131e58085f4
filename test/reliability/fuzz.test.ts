// Property-based fuzzing of each API: random methods, paths, query strings, headers and bodies
// (fuzzRequests.ts). Whatever comes in, the emulator answers — never a 500, never a hang — with an
// error in the API's own dialect, leaves the store as it was when it refuses a request, and never
// touches Object.prototype. `npm test` runs a small fixed-seed sample; `npm run fuzz` sets FUZZ_RUNS
// to 10,000 requests per API (FUZZ_SEED picks another sequence).
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createEmulator, type Emulator, type EmulatorSnapshot } from '../../src/emulator.ts'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'
import { fuzzRequest, fuzzTokens, type FuzzedApi, type FuzzRequest } from './fuzzRequests.ts'
import { glanceErrorProblem, kubeErrorProblem, type Answer } from './dialects.ts'
import { isGlancePath } from '../../src/glance/versions.ts'
import { METHODS } from 'node:http'

const runs = Number(process.env.FUZZ_RUNS ?? 120)
const serverRuns = Math.max(30, Math.round(runs / 10))
const seed = Number(process.env.FUZZ_SEED ?? 20_260_101)
const answerWithinMs = 5_000
/** A 200 whose body stays open this long on a GET is a watch stream (K-28), not a hang. */
const streamIdleMs = 150

const prototypeKeys = () => [Object.getOwnPropertyNames(Object.prototype), Object.getOwnPropertyNames(Array.prototype), Object.getOwnPropertyNames(Function.prototype)].map((names) => names.sort().join(','))
const pristinePrototypes = prototypeKeys()

function request(base: string, fuzzed: FuzzRequest): Request {
  return new Request(`${base}${fuzzed.target}`, {
    method: fuzzed.method,
    headers: fuzzed.headers,
    body: fuzzed.body as BodyInit | undefined,
  })
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${what} took more than ${ms} ms`)), ms)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

/** The whole answer; an open stream on a GET is read until it goes quiet, then cancelled. */
async function answerOf(response: Response, fuzzed: FuzzRequest): Promise<Answer> {
  if (!response.body) return { status: response.status, headers: response.headers, text: '' }
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  const deadline = Date.now() + answerWithinMs
  let pending = reader.read()
  for (;;) {
    const idle = new Promise<'idle'>((resolve) => setTimeout(() => resolve('idle'), streamIdleMs))
    const chunk = await Promise.race([pending, idle])
    if (chunk === 'idle') {
      if (response.status === 200 && fuzzed.method.toUpperCase() === 'GET') {
        await reader.cancel().catch(() => undefined)
        return { status: response.status, headers: response.headers, text }
      }
      if (Date.now() > deadline) throw new Error(`hang: the body of a ${response.status} did not end`)
      continue
    }
    if (chunk.done) return { status: response.status, headers: response.headers, text: text + decoder.decode() }
    text += decoder.decode(chunk.value, { stream: true })
    pending = reader.read()
  }
}

/** K-6: a create body carrying a resourceVersion fails inside storage with a bare 500, as the real server does. */
function isDocumented500(api: FuzzedApi, answer: Answer): boolean {
  if (api === 'glance') return false
  try {
    return JSON.parse(answer.text).message === 'resourceVersion should not be set on objects to be created'
  } catch {
    return false
  }
}

function describeRequest(fuzzed: FuzzRequest): string {
  const body = fuzzed.body === undefined ? '' : typeof fuzzed.body === 'string' ? fuzzed.body.slice(0, 300) : `<${fuzzed.body.byteLength} bytes>`
  return `${fuzzed.method} ${fuzzed.target.slice(0, 300)} ${JSON.stringify(fuzzed.headers)} ${body}`
}

/** Answers by status per API, printed in the long mode so a run shows what it reached. */
const statusCounts = new Map<string, Map<number, number>>()

type Transport = 'in process' | 'server'

async function checkOne(api: FuzzedApi, transport: Transport, emulator: Emulator, send: (request: FuzzRequest) => Promise<Response>, fuzzed: FuzzRequest): Promise<void> {
  const before = JSON.stringify(emulator.store.snapshot())
  if (process.env.FUZZ_TRACE) console.log(`>> ${describeRequest(fuzzed).slice(0, 400)}`)
  const response = await within(send(fuzzed), answerWithinMs, describeRequest(fuzzed))
  const answer = await answerOf(response, fuzzed)
  const counts = statusCounts.get(api) ?? new Map<number, number>()
  counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1)
  statusCounts.set(api, counts)
  const context = `${describeRequest(fuzzed)}\n→ ${answer.status} ${answer.text.slice(0, 300)}`
  // node's HTTP parser refuses methods it does not know before the emulator sees them (server.ts answers 400).
  // fetch upper-cases only the six methods the Fetch standard normalises; `Patch` goes out as written.
  const normalised = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'].includes(fuzzed.method.toUpperCase()) ? fuzzed.method.toUpperCase() : fuzzed.method
  const refusedByNode = transport === 'server' && !METHODS.includes(normalised)
  if (refusedByNode) {
    if (answer.status !== 400 || answer.text !== '400 Bad Request') throw new Error(`node refused the method, but: ${context}`)
    return
  }
  if (answer.status >= 500 && !isDocumented500(api, answer) && answer.status !== 504) {
    throw new Error(`server error: ${context}`)
  }
  if (answer.status >= 400) {
    // The dialect is that of the API the path reaches once the client normalised it (`/v2/%2e%2e/x` is `/x`).
    const pathname = new URL(fuzzed.target, 'http://emulator.test').pathname
    // A HEAD answer has no body to judge (RFC 9110 §9.3.2): its status and the store are checked.
    const judged = fuzzed.method.toUpperCase() === 'HEAD' ? undefined : answer
    const problem = !judged ? undefined : api === 'glance' && isGlancePath(pathname) ? glanceErrorProblem(judged) : kubeErrorProblem(judged)
    if (problem) throw new Error(`malformed error (${problem}): ${context}`)
    const after = JSON.stringify(emulator.store.snapshot())
    if (after !== before) throw new Error(`a refused request changed the store: ${context}`)
  }
  if (prototypeKeys().join('|') !== pristinePrototypes.join('|') || ({} as Record<string, unknown>).polluted !== undefined) {
    throw new Error(`prototype polluted by: ${context}`)
  }
}

const apis: FuzzedApi[] = ['openshift', 'cci', 'glance']

describe.each(apis)('fuzzing the %s API', (api) => {
  let emulator: Emulator
  let initial: EmulatorSnapshot
  let server: RunningServer

  beforeAll(async () => {
    emulator = createEmulator({ seed: 1, auth: { tokens: fuzzTokens }, fixtures: ['openshift-images', 'cci-snapshots', 'glance-images'] })
    await emulator.ready
    initial = emulator.snapshot()
    server = await listen({ emulator })
  })
  afterAll(async () => {
    await server.close()
    emulator.dispose()
    if (process.env.FUZZ_RUNS) {
      console.log(`${api}: answers by status`, Object.fromEntries([...(statusCounts.get(api) ?? [])].sort((a, b) => a[0] - b[0])))
    }
  })

  /** Every run starts from the fixtures, so a failure replays from its seed and path alone. */
  async function fromFixtures() {
    emulator.kube.hub.closeAll()
    await emulator.restore(initial)
  }

  test(`${runs} random requests in process: no 500, no hang, errors in the API's dialect, refused requests change nothing`, async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequest(api), async (fuzzed) => {
        await fromFixtures()
        await checkOne(api, 'in process', emulator, (r) => emulator.dispatch(request('http://emulator.test', r)), fuzzed)
      }),
      { numRuns: runs, seed, endOnFailure: true },
    )
    expect(prototypeKeys()).toEqual(pristinePrototypes)
  }, 60_000 + runs * 60)

  test(`${serverRuns} random requests over the standalone server: the same, through node:http`, async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequest(api), async (fuzzed) => {
        await fromFixtures()
        await checkOne(api, 'server', emulator, (r) => fetch(`${server.url}${r.target}`, { method: r.method, headers: r.headers, body: r.body as BodyInit | undefined }), fuzzed)
      }),
      { numRuns: serverRuns, seed: seed + 1, endOnFailure: true },
    )
  }, 60_000 + serverRuns * 200)
})
