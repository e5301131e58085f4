// The control API under /_emulator/: lets a test in another process (or language) steer a running
// emulator — reset it, move its clock, read its journal, load fixtures. JSON in, JSON out. When the
// emulator checks tokens, so does this API (401 as a Kubernetes Status). Its own requests are not
// journaled: the journal records the API traffic under test.
import type { ApiModule } from '../core.ts'
import type { AuthContext } from '../auth.ts'
import type { Clock } from '../clock.ts'
import type { Journal, JournalEntry } from '../journal.ts'
import type { ScenarioEngine, PlayHandle } from '../scenarios/engine.ts'
import type { Scenario } from '../scenarios/scenario.ts'
import { parseScenarioText, ScenarioError } from '../scenarios/parseScenario.ts'
import { builtInScenarios } from '../../scenarios/index.ts'
import { isFilePath } from '../scenarios/scenarioReference.ts'
import type { FixtureSource } from '../fixtures.ts'
import { authenticate } from '../auth.ts'
import { failure, StatusError, statusErrors, statusAnswer } from '../kube/status.ts'
import type { ApiRequest } from '../http/apiRequest.ts'
import { answer, type Answer } from '../http/answer.ts'
import { readBounded } from '../http/boundedBody.ts'
import type { Inspector } from '../inspector/inspector.ts'
import { inspectorEndpoints, inspectorPageAnswer, inspectorPagePath, inspectorRoute } from './inspectorRoutes.ts'

/** Where the control API is served, on every origin the emulator answers. */
const controlPrefix = '/_emulator'

/** Whether a URL is the control API's (its index or one of its endpoints). */
export const isControlPath = (url: URL) => url.pathname === controlPrefix || url.pathname.startsWith(`${controlPrefix}/`)

export interface ControlTarget {
  auth: AuthContext
  clock: Clock
  journal: Journal
  reset(): Promise<void>
  loadFixtures(sources: FixtureSource[]): Promise<void>
  scenarios: ScenarioEngine
  /** Carries out an API's own action, as a scenario step named after the API does. */
  act(api: string, action: unknown): Promise<void>
  /** What the inspector shows (read-only). */
  inspector: Inspector
}

/** Request headers that carry credentials; the journal shows that they were sent, not what they were. */
const secretHeaders = new Set(['authorization', 'x-auth-token', 'cookie'])

function redact(entry: JournalEntry): JournalEntry {
  const requestHeaders: Record<string, string> = {}
  for (const [name, value] of Object.entries(entry.requestHeaders)) requestHeaders[name] = secretHeaders.has(name.toLowerCase()) ? '<redacted>' : value
  return { ...entry, requestHeaders }
}

function ok(body: unknown, status = 200): Answer {
  return answer(status, `${JSON.stringify(body)}\n`, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' })
}

const badRequest = (message: string) => statusErrors.badRequest(message)

/** Fixture and scenario documents may be large, but not unbounded: past this the answer is 413, as on the Kubernetes paths. */
const maxControlBodyBytes = 32 * 1024 * 1024

async function bodyText(request: ApiRequest): Promise<string> {
  const tooLarge = () => statusErrors.requestEntityTooLarge(`limit is ${maxControlBodyBytes}`)
  if (Number(request.headers.get('content-length') ?? 0) > maxControlBodyBytes) throw tooLarge()
  return new TextDecoder().decode(await readBounded(request.body, maxControlBodyBytes, { tooLarge }))
}

async function readJsonBody(request: ApiRequest): Promise<Record<string, unknown>> {
  const text = (await bodyText(request)).trim()
  if (!text) return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw badRequest(`the request body is not JSON: ${(error as Error).message}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('the request body must be a JSON object')
  return value as Record<string, unknown>
}

function clockState(clock: Clock) {
  return { now: clock.iso(), mode: clock.mode, pendingTimers: clock.pending() }
}

const index = {
  endpoints: [
    { method: 'POST', path: `${controlPrefix}/reset`, does: 'back to the initial state: fixtures reloaded, clock at its start, same seed' },
    { method: 'GET', path: `${controlPrefix}/clock`, does: 'the emulator time' },
    { method: 'POST', path: `${controlPrefix}/clock/advance`, does: 'moves time forward: {"by":"2m"} or {"to":"2026-01-01T00:10:00Z"}' },
    { method: 'GET', path: `${controlPrefix}/journal`, does: 'the requests answered so far; ?method=, ?api=, ?path= filter' },
    { method: 'DELETE', path: `${controlPrefix}/journal`, does: 'forgets the requests answered so far' },
    { method: 'POST', path: `${controlPrefix}/fixtures`, does: 'loads fixtures: {"sources":["openshift-images"]} or {"documents":[[...objects]]}' },
    { method: 'POST', path: `${controlPrefix}/scenarios`, does: 'plays a scenario: the scenario document as JSON or YAML, or {"name":"update-conflict"} for a built-in' },
    { method: 'GET', path: `${controlPrefix}/scenarios`, does: 'the scenarios playing and the state of their steps' },
    { method: 'DELETE', path: `${controlPrefix}/scenarios`, does: 'stops every scenario' },
    {
      method: 'POST',
      path: `${controlPrefix}/web-downloads`,
      does: 'serves a URL to Glance web-download until the next reset: {"uri":"https://…","data":"<base64>"} or {"uri":"https://…","size":1024,"seed":7}',
    },
    ...inspectorEndpoints,
  ],
}

const notFound = (path: string): never => {
  throw failure(404, 'NotFound', `no control endpoint ${path}; GET ${controlPrefix} lists them`, {})
}

export function controlApi(target: ControlTarget): ApiModule {
  const methodNotAllowed = () => statusErrors.methodNotAllowed()
  const source = 'POST /_emulator/scenarios'

  /** play()'s rule, less files: a name alone ({"name":"update-conflict"} or "update-conflict") is a built-in's. */
  const builtInByName = (name: string): Scenario => {
    if (Object.hasOwn(builtInScenarios, name)) return builtInScenarios[name]!
    const message = isFilePath(name)
      ? 'the control API reads no files: send the scenario document itself (JSON or YAML)'
      : `unknown scenario ${JSON.stringify(name)}: built-in scenarios are ${Object.keys(builtInScenarios).join(', ')}`
    throw new ScenarioError(source, [{ source, field: 'name', message }])
  }

  const report = (handle: PlayHandle) => ({ name: handle.scenario.name, playing: handle.playing, steps: handle.steps() })

  /** Scenarios arrive as documents only: a control API that read server-side paths would be a file reader. */
  async function scenarioRoute(request: ApiRequest, method: string): Promise<Answer> {
    if (method === 'GET') return ok({ scenarios: target.scenarios.playing().map(report) })
    if (method === 'DELETE') {
      await target.scenarios.clear()
      return ok({ scenarios: [] })
    }
    if (method !== 'POST') throw methodNotAllowed()
    let handle: PlayHandle
    try {
      const text = await bodyText(request)
      const named = /^\s*(?:\{\s*"name"\s*:\s*"([^"]+)"\s*\}|"([^"]+)")\s*$/.exec(text)
      const scenario: Scenario = named ? builtInByName(named[1] ?? named[2]!) : parseScenarioText(text, source)
      handle = target.scenarios.play(scenario, { source })
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error
      throw failure(400, 'BadRequest', error.message, {
        causes: error.issues.map((issue) => ({ reason: 'FieldValueInvalid', message: issue.message, field: [issue.step ? `steps[${issue.step - 1}]` : '', issue.field].filter(Boolean).join('.') })),
      })
    }
    await handle.ready
    return ok(report(handle), 201)
  }

  async function route(request: ApiRequest, url: URL): Promise<Answer> {
    const path = url.pathname.replace(/\/+$/, '') || '/'
    const method = request.method.toUpperCase()
    const only = (allowed: string) => {
      if (method !== allowed) throw methodNotAllowed()
    }
    switch (path) {
      case controlPrefix:
        only('GET')
        return ok(index)
      case `${controlPrefix}/reset`:
        only('POST')
        await target.reset()
        return ok({ reset: true, clock: clockState(target.clock) })
      case `${controlPrefix}/clock`:
        only('GET')
        return ok(clockState(target.clock))
      case `${controlPrefix}/clock/advance`: {
        only('POST')
        const body = await readJsonBody(request)
        const { by, to } = body
        if ((by === undefined) === (to === undefined)) throw badRequest('give exactly one of "by" (a duration such as "90s" or "2m") or "to" (an RFC 3339 time)')
        try {
          if (by !== undefined) {
            if (typeof by !== 'string' && typeof by !== 'number') throw new RangeError('"by" must be a duration such as "90s" or a number of milliseconds')
            await target.clock.advance(by)
          } else {
            if (typeof to !== 'string') throw new RangeError('"to" must be an RFC 3339 time')
            const at = Date.parse(to)
            if (Number.isNaN(at)) throw new RangeError(`invalid time: ${JSON.stringify(to)}`)
            if (at < target.clock.now()) throw new RangeError(`"to" (${to}) is before the emulator time (${target.clock.iso()}); the clock only moves forward`)
            await target.clock.advanceTo(at)
          }
        } catch (error) {
          if (error instanceof RangeError) throw badRequest(error.message)
          throw error
        }
        return ok(clockState(target.clock))
      }
      case `${controlPrefix}/journal`: {
        if (method === 'DELETE') {
          target.journal.clear()
          return ok({ entries: [] })
        }
        only('GET')
        const entries = target.journal.entries({
          api: url.searchParams.get('api') ?? undefined,
          method: url.searchParams.get('method') ?? undefined,
          path: url.searchParams.get('path') ?? undefined,
        })
        return ok({ entries: entries.map(redact) })
      }
      case `${controlPrefix}/fixtures`: {
        only('POST')
        const body = await readJsonBody(request)
        const sources: FixtureSource[] = []
        if (body.sources !== undefined) {
          if (!Array.isArray(body.sources) || !body.sources.every((s) => typeof s === 'string')) throw badRequest('"sources" must be a list of fixture set names')
          sources.push(...body.sources)
        }
        if (body.documents !== undefined) {
          if (!Array.isArray(body.documents)) throw badRequest('"documents" must be a list of fixture documents')
          sources.push(...body.documents)
        }
        if (!sources.length) throw badRequest('give "sources" (fixture set names) or "documents" (fixture documents)')
        try {
          await target.loadFixtures(sources)
        } catch (error) {
          if (error instanceof StatusError) throw error
          throw badRequest(error instanceof Error ? error.message : String(error))
        }
        return ok({ loaded: sources.length }, 201)
      }
      case `${controlPrefix}/scenarios`:
        return await scenarioRoute(request, method)
      case `${controlPrefix}/web-downloads`: {
        only('POST')
        const body = await readJsonBody(request)
        const { uri, data, size, seed } = body
        if (typeof uri !== 'string') throw badRequest('"uri" must be the http(s) URL to serve')
        if ((data === undefined) === (size === undefined)) throw badRequest('give exactly one of "data" (the bytes, base64) or "size" (with an optional "seed") for generated bytes')
        let bytes: number
        if (data !== undefined) {
          if (typeof data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 === 1) throw badRequest('"data" must be base64')
          bytes = atob(data).length
        } else {
          if (typeof size !== 'number' || (seed !== undefined && typeof seed !== 'number')) throw badRequest('"size" and "seed" must be numbers')
          bytes = size
        }
        try {
          await target.act('glance', { webDownload: data !== undefined ? { uri, base64: data } : { uri, size, seed } })
        } catch (error) {
          if (error instanceof RangeError) throw badRequest(error.message)
          throw error
        }
        return ok({ uri, size: bytes }, 201)
      }
      default:
        return inspectorRoute(target.inspector, path, method) ?? notFound(path)
    }
  }

  return {
    name: 'control',
    claims: isControlPath,
    async handle(request, url) {
      try {
        if (url.pathname.replace(/\/+$/, '') === inspectorPagePath) return inspectorPageAnswer(request.method.toUpperCase())
        if (!authenticate(request.headers, target.auth).ok) throw statusErrors.unauthorized()
        return await route(request, url)
      } catch (error) {
        if (error instanceof StatusError) return statusAnswer(error)
        return statusAnswer(statusErrors.internal(error instanceof Error ? error.message : String(error)))
      }
    },
  }
}
