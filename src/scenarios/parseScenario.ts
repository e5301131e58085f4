// Loading a scenario: the data is checked against the schema, then against the rules that span
// fields, and every problem is reported at once, naming the file, the step and the field:
//   snapshot.yaml: step 2 ("conflict"): respond.status: must be an HTTP status code (100-599)
import { parse as parseYaml } from 'yaml'
import type { z } from 'zod'
import { builtInFixtures } from '../fixtures.ts'
import { apis } from '../apis.ts'
import { compilePathPattern, PathPatternError } from './pathPattern.ts'
import type { Scenario, ScenarioStep } from './scenario.ts'
import { scenarioSchemas } from './scenarioSchema.ts'
import { isJsonObject } from '../json/jsonObject.ts'

export interface ScenarioIssue {
  /** The file (or other source) the scenario came from. */
  source: string
  /** 1-based step number, when the problem is in a step. */
  step?: number
  stepId?: string
  /** Dotted path of the field inside the step (or the scenario), '' for the whole thing. */
  field: string
  message: string
}

function stepLabel(step: number, id: string | undefined): string {
  return id ? `step ${step} (${JSON.stringify(id)})` : `step ${step}`
}

function formatIssue(issue: ScenarioIssue): string {
  const where = [issue.source]
  if (issue.step !== undefined) where.push(stepLabel(issue.step, issue.stepId))
  if (issue.field) where.push(issue.field)
  return `${where.join(': ')}: ${issue.message}`
}

export class ScenarioError extends Error {
  readonly source: string
  readonly issues: ScenarioIssue[]
  constructor(source: string, issues: ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'))
    this.name = 'ScenarioError'
    this.source = source
    this.issues = issues
  }
}

type Path = ReadonlyArray<PropertyKey>

function fieldPath(path: Path): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out ? `.${String(key)}` : String(key)
  }
  return out
}

/** The step a path points into, and the path inside it. */
function locate(path: Path): { step?: number; inner: Path } {
  if (path[0] === 'steps' && typeof path[1] === 'number') return { step: path[1], inner: path.slice(2) }
  return { inner: path }
}

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * Scenarios are plain data: no functions, dates or class instances, and no `__proto__` key anywhere
 * (a JSON or YAML document can carry one as an own property; it must never reach an object's prototype).
 */
function plainDataProblems(value: unknown, path: PropertyKey[], out: Array<{ path: Path; message: string }>, seen: Set<object>): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push({ path, message: 'must be a finite number' })
    return
  }
  if (typeof value !== 'object') {
    out.push({ path, message: `must be plain data, not ${typeof value}` })
    return
  }
  if (seen.has(value)) {
    out.push({ path, message: 'must not refer to itself' })
    return
  }
  seen.add(value)
  if (Array.isArray(value)) {
    value.forEach((item, i) => plainDataProblems(item, [...path, i], out, seen))
  } else {
    const proto = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) {
      out.push({ path, message: 'must be plain data (an object, list, string, number, boolean or null)' })
    } else {
      for (const key of Object.keys(value)) {
        if (key === '__proto__') {
          out.push({ path: [...path, key], message: 'this key is not allowed' })
          continue
        }
        const item = (value as Record<string, unknown>)[key]
        if (item === undefined) continue
        plainDataProblems(item, [...path, key], out, seen)
      }
    }
  }
  seen.delete(value)
}

function zodMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return 'required'
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `must be one of ${(issue.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
  }
  return issue.message.replace(/^Invalid input: expected/, 'expected').replace(/^Invalid option: expected one of/, 'must be one of')
}

type Report = (path: Path, message: string) => void

const actionKeys = ['transition', 'create', 'update', 'delete', 'respond', 'watch'] as const
/** APIs with an action of their own, named after them (`identity`). */
const apiActionKeys = apis.filter((api) => 'actionSchema' in api.scenario && api.scenario.actionSchema).map((api) => api.name)
const triggerKeys = ['at', 'after', 'when'] as const
const connectionFaults = new Set(['connection-reset', 'network-error', 'hang'])

function pathParams(step: ScenarioStep): string[][] {
  const paths = step.when?.path === undefined ? [] : Array.isArray(step.when.path) ? step.when.path : [step.when.path]
  const params: string[][] = []
  for (const source of paths) {
    try {
      params.push(compilePathPattern(source).params)
    } catch {
      params.push([])
    }
  }
  return params
}

const descriptorOf = (api: string) => apis.find((descriptor) => descriptor.name === api)!

/** A target named by the action or taken from the request path (`:name` / `:id`) of a `when` step. */
function checkTarget(step: ScenarioStep, action: string, api: string, given: { name?: string; id?: string }, report: Report): void {
  const key = descriptorOf(api).scenario.key
  const other = key === 'id' ? 'name' : 'id'
  if (given[other] !== undefined) report([action, other], `${descriptorOf(api).scenario.objects} are named by ${key}: use ${key}`)
  if (given[key] !== undefined) return
  if (!step.when) {
    report([action, key], `required (only a when step can take it from the request path's :${key})`)
    return
  }
  const params = pathParams(step)
  if (params.length === 0 || params.some((names) => !names.includes(key))) {
    report([action, key], `required: every when.path must have a :${key} segment to take it from`)
  }
}

function checkMapKeys(map: Record<string, unknown> | undefined, path: Path, report: Report): void {
  for (const key of Object.keys(map ?? {})) if (forbiddenKeys.has(key)) report([...path, key], 'this key is not allowed')
}

function checkStep(step: ScenarioStep, ids: Set<string>, report: Report): void {
  const triggers = triggerKeys.filter((key) => step[key] !== undefined)
  if (triggers.length === 0) report([], 'needs a trigger: at, after or when')
  if (triggers.length > 1) report([triggers[1]!], `a step has one trigger; this one also has ${triggers[0]}`)
  if (!actionKeys.some((key) => step[key] !== undefined) && !apiActionKeys.some((key) => (step as Record<string, unknown>)[key] !== undefined)) {
    report([], `has no action: give ${[...actionKeys, ...apiActionKeys].slice(0, -1).join(', ')} or ${[...actionKeys, ...apiActionKeys].at(-1)}`)
  }
  if (!step.when) {
    if (step.times !== undefined) report(['times'], 'only a when step counts requests')
    if (step.nth !== undefined) report(['nth'], 'only a when step counts requests')
    if (step.respond) report(['respond'], 'answers a request, so it needs a when trigger')
  }

  if (step.when) {
    const paths = step.when.path === undefined ? [] : Array.isArray(step.when.path) ? step.when.path : [step.when.path]
    paths.forEach((source, i) => {
      try {
        compilePathPattern(source)
      } catch (error) {
        if (error instanceof PathPatternError) report(['when', 'path', ...(Array.isArray(step.when!.path) ? [i] : [])], error.message)
        else throw error
      }
    })
    checkMapKeys(step.when.query, ['when', 'query'], report)
    checkMapKeys(step.when.headers, ['when', 'headers'], report)
    checkMapKeys(step.when.body, ['when', 'body'], report)
    for (const field of Object.keys(step.when.body ?? {})) {
      if (field.split('.').some((part) => part === '' || forbiddenKeys.has(part))) report(['when', 'body', field], 'must be a dotted path of field names')
    }
  }

  if (step.after !== undefined) {
    const target = typeof step.after === 'string' ? step.after : step.after.step
    const field = typeof step.after === 'string' ? ['after'] : ['after', 'step']
    if (target === step.id) report(field, 'a step cannot wait for itself')
    else if (!ids.has(target)) report(field, `no step has the id ${JSON.stringify(target)}`)
  }

  const respond = step.respond
  if (respond) {
    checkMapKeys(respond.headers, ['respond', 'headers'], report)
    if (respond.fault && connectionFaults.has(respond.fault)) {
      const extra = (['status', 'reason', 'message', 'causes', 'body', 'headers', 'retryAfter'] as const).filter((key) => respond[key] !== undefined)
      if (extra.length) report(['respond', 'fault'], `${respond.fault} sends no response, so ${extra.join(', ')} would never be seen`)
    }
    if (respond.retryAfter !== undefined && respond.status === undefined) report(['respond', 'retryAfter'], 'needs a status (e.g. 429 or 503)')
    const describesError = (['reason', 'message', 'causes'] as const).filter((key) => respond[key] !== undefined)
    if (describesError.length && respond.body !== undefined) {
      report(['respond', 'body'], `a body of your own replaces the rendered error, so ${describesError.join(', ')} would never be seen`)
    }
    if (describesError.length && respond.status === undefined) report(['respond', describesError[0]!], 'describes an error: give a status (400-599)')
    if (describesError.length && respond.status !== undefined && respond.status < 400) {
      report(['respond', describesError[0]!], 'describes an error, but the status is not one (400-599)')
    }
  }

  if (step.transition) checkTarget(step, 'transition', step.transition.api, step.transition as { name?: string; id?: string }, report)
  if (step.update) {
    checkTarget(step, 'update', step.update.api, step.update, report)
    checkMapKeys(step.update.patch, ['update', 'patch'], report)
  }
  if (step.delete) checkTarget(step, 'delete', step.delete.api, step.delete, report)
  if (step.create && descriptorOf(step.create.api).kube) {
    const metadata = step.create.object.metadata
    const named =
      isJsonObject(metadata) && (typeof metadata.name === 'string' || typeof metadata.generateName === 'string')
    if (!named) report(['create', 'object', 'metadata'], 'a Kubernetes object needs metadata.name or metadata.generateName')
  }

  if (step.watch) {
    if (step.watch.action === 'emit' && !step.watch.event) report(['watch', 'event'], 'required: emit sends this event')
    if (step.watch.action !== 'emit' && step.watch.event) report(['watch', 'event'], `only emit sends an event, not ${step.watch.action}`)
  }
}

/** Step ids that wait on each other in a circle never fire. */
function afterCycles(steps: ScenarioStep[]): number[] {
  const byId = new Map<string, number>()
  steps.forEach((step, i) => step.id !== undefined && !byId.has(step.id) && byId.set(step.id, i))
  const waitsFor = (i: number) => {
    const after = steps[i]!.after
    return after === undefined ? undefined : byId.get(typeof after === 'string' ? after : after.step)
  }
  const inCycle: number[] = []
  steps.forEach((_, start) => {
    const visited = new Set<number>()
    for (let at = waitsFor(start); at !== undefined; at = waitsFor(at)) {
      if (at === start) {
        inCycle.push(start)
        break
      }
      if (visited.has(at)) break
      visited.add(at)
    }
  })
  return inCycle
}

/**
 * Checks `value` as a scenario and returns it, normalised (methods in upper case). Throws a
 * ScenarioError listing every problem; `source` names the file or origin in its messages.
 */
export function parseScenario(value: unknown, source = 'scenario'): Scenario {
  const issues: ScenarioIssue[] = []
  let stepIds: Array<string | undefined> = []
  if (typeof value === 'object' && value !== null && Array.isArray((value as { steps?: unknown }).steps)) {
    stepIds = ((value as { steps: unknown[] }).steps).map((step) =>
      typeof step === 'object' && step !== null && typeof (step as { id?: unknown }).id === 'string' ? (step as { id: string }).id : undefined,
    )
  }
  const add = (path: Path, message: string) => {
    const { step, inner } = locate(path)
    issues.push({
      source,
      ...(step !== undefined ? { step: step + 1, ...(stepIds[step] !== undefined ? { stepId: stepIds[step] } : {}) } : {}),
      field: fieldPath(inner),
      message,
    })
  }

  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    add([], 'a scenario must be an object with name and steps')
    throw new ScenarioError(source, issues)
  }
  const plain: Array<{ path: Path; message: string }> = []
  plainDataProblems(value, [], plain, new Set())
  for (const problem of plain) add(problem.path, problem.message)
  if (issues.length) throw new ScenarioError(source, issues)

  const report = (issue: z.core.$ZodIssue, prefix: PropertyKey[]) => {
    const path = [...prefix, ...issue.path]
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) add([...path, key], 'unknown field')
    else add(path, zodMessage(issue))
  }
  const { scenarioShellSchema, stepSchema } = scenarioSchemas()
  const shell = scenarioShellSchema.safeParse(value)
  if (!shell.success) for (const issue of shell.error.issues) report(issue, [])
  const rawSteps = Array.isArray((value as { steps?: unknown }).steps) ? ((value as { steps: unknown[] }).steps) : []
  const steps: Array<ScenarioStep | undefined> = rawSteps.map((raw, i) => {
    const parsed = stepSchema.safeParse(raw)
    if (parsed.success) return parsed.data as ScenarioStep
    for (const issue of parsed.error.issues) report(issue, ['steps', i])
    return undefined
  })

  if (shell.success) {
    shell.data.fixtures?.forEach((fixture, i) => {
      if (typeof fixture === 'string' && !Object.hasOwn(builtInFixtures, fixture)) {
        add(['fixtures', i], `unknown fixture set ${JSON.stringify(fixture)}; built-in sets: ${Object.keys(builtInFixtures).join(', ')} (a file path works only in a scenario file)`)
      }
    })
  }
  const ids = new Set<string>()
  stepIds.forEach((id, i) => {
    if (id === undefined) return
    if (ids.has(id)) add(['steps', i, 'id'], `another step already has the id ${JSON.stringify(id)}`)
    ids.add(id)
  })
  steps.forEach((step, i) => step && checkStep(step, ids, (path, message) => add(['steps', i, ...path], message)))
  if (steps.every((step) => step !== undefined)) {
    for (const i of afterCycles(steps as ScenarioStep[])) add(['steps', i, 'after'], 'steps that wait for each other in a circle never fire')
  }
  // Scenario-level problems first, then step by step.
  issues.sort((a, b) => (a.step ?? 0) - (b.step ?? 0))
  if (issues.length || !shell.success) throw new ScenarioError(source, issues)
  const scenario = { ...shell.data, steps: steps as ScenarioStep[] } as Scenario

  for (const step of scenario.steps) {
    if (step.when?.method !== undefined) {
      step.when.method = Array.isArray(step.when.method) ? step.when.method.map((m) => m.toUpperCase()) : step.when.method.toUpperCase()
    }
  }
  return scenario
}

export type ScenarioFormat = 'json' | 'yaml'

/** Parses JSON or YAML text (YAML is a superset of JSON, so 'yaml' reads both) and checks it. */
export function parseScenarioText(text: string, source: string, format: ScenarioFormat = 'yaml'): Scenario {
  let value: unknown
  try {
    value = format === 'json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true })
  } catch (error) {
    throw new ScenarioError(source, [{ source, field: '', message: `not ${format === 'json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}` }])
  }
  return parseScenario(value, source)
}
