// What a scenario is: plain, serialisable data (JSON, YAML, or a .ts file using defineScenario for
// the types), so the same file plays in vitest, the standalone server, the CLI and a browser. A
// scenario is a list of steps; each step has one trigger (a time, another step, or a request) and
// one or more actions (a lifecycle transition, a write, an answer, something done to open watches).
import type { Duration } from '../duration.ts'
import type { JsonValue } from '../jsonValue.ts'
import type { ActionOf, ErrorCause, TransitionOf } from '../apiDescriptor.ts'
import type { Apis, ApiName as RegisteredApi } from '../apis.ts'

export type { Duration, JsonValue }

/** The APIs the emulator serves, as the journal names them (the registry's, and Kubernetes discovery). */
export type ApiName = RegisteredApi | 'discovery'
/** The APIs whose objects a scenario writes. */
export type ObjectApi = RegisteredApi
/** The APIs that have watches: the Kubernetes-style ones. */
export type WatchApi = Extract<Apis, { kube: object }>['name']

/** Which requests a `when` step answers. Every given criterion must hold. */
export interface RequestMatcher {
  /** Only requests to this API. */
  api?: ApiName
  /** `GET`, `PUT`…; a list matches any of them. */
  method?: string | string[]
  /**
   * Path patterns (the query is matched separately): `:name` matches one segment and captures it,
   * `*` matches one segment (or part of one, as in `/v2/images*`), `**` any number of segments.
   * A list matches any of them.
   */
  path?: string | string[]
  /** Query parameters: a value (`*` wildcards allowed), `true` = present, `false` = absent. */
  query?: Record<string, string | boolean>
  /** Request headers (names case-insensitive): a value (`*` wildcards allowed), `true` = present, `false` = absent. */
  headers?: Record<string, string | boolean>
  /** JSON body fields by dotted path (`metadata.name`, `spec.images.0.image`), compared as JSON. */
  body?: Record<string, JsonValue>
}

/** A status change as the service itself would make it: each API's own (CCI's controller, Glance's status machine). */
export type TransitionAction = TransitionOf<Apis>

export interface CreateAction {
  api: ObjectApi
  /** A Kubernetes object (created as an administrator would POST it) or a Glance image create body. */
  object: { [key: string]: JsonValue }
}

export interface UpdateAction {
  api: ObjectApi
  /** Kubernetes: the object's name (default: the request path's `:name`). */
  name?: string
  /** Glance: the image id (default: the request path's `:id`). */
  id?: string
  /** Kubernetes: a JSON merge patch (RFC 7386). Glance: properties to set, `null` to remove one. */
  patch: { [key: string]: JsonValue }
}

export interface DeleteAction {
  api: ObjectApi
  name?: string
  id?: string
}

/** A field error of a 422 answer, as the Kubernetes validator reports one (K-3). */
export type ScenarioCause = ErrorCause

export type Fault = 'connection-reset' | 'network-error' | 'malformed-body' | 'hang'

/**
 * How a matched request is answered. With `status`, `body` or a `fault` the step answers the request
 * itself; with only `delay` and `headers` the API still answers, later and with the extra headers.
 */
export interface RespondAction {
  /** An error status is rendered in the API's own dialect: a Kubernetes Status or Glance's error body. */
  status?: number
  /** Kubernetes only: the Status reason (default: the one kube-apiserver uses for the code). */
  reason?: string
  /** The error's message (Kubernetes Status message, Glance explanation). */
  message?: string
  /** Kubernetes 422: the field errors (details.causes and the message's list). */
  causes?: ScenarioCause[]
  /** A body of your own: JSON, or a string sent as it is. */
  body?: JsonValue
  headers?: Record<string, string>
  /** Retry-After (whole seconds, rounded up); Kubernetes also gets details.retryAfterSeconds (K-4). */
  retryAfter?: Duration
  /** How long the answer takes, on the emulator clock. */
  delay?: Duration
  /**
   * connection-reset: the connection is reset, no response; network-error: the connection drops, no
   * response; malformed-body: the answer's body is cut off mid-JSON; hang: no answer until the client
   * gives up or the emulator is reset.
   */
  fault?: Fault
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'

/** Something done to the open watches of an API (all Kubernetes watches when `api` is absent). */
export interface WatchAction {
  api?: WatchApi
  /** emit: send `event`; bookmark: a BOOKMARK; expire: ERROR 410 Expired, then the end (clients re-list); close: a clean end; stall: no more events. */
  action: 'emit' | 'bookmark' | 'expire' | 'close' | 'stall'
  event?: { type: WatchEventType; object: JsonValue }
}

/** `after` another step: when it first fires, plus an optional delay on the emulator clock. */
export type AfterTrigger = string | { step: string; delay?: Duration }

/**
 * Actions of an API's own, each named after its API: identity `{ revoke: 'all' }` or `{ expire: 'demo' }`;
 * glance `{ webDownload: { uri, size: 1024, seed: 7 } }`.
 */
export type ApiActions = { [D in Apis as [ActionOf<D>] extends [never] ? never : D['name']]?: ActionOf<D> }

export interface ScenarioStep extends ApiActions {
  /** The step's name, for `after`, pending() and error messages. */
  id?: string
  description?: string
  /** Trigger: this long after play() on the emulator clock (`0` fires during play). */
  at?: Duration
  /** Trigger: when another step of this scenario first fires. */
  after?: AfterTrigger
  /** Trigger: when a request matches. */
  when?: RequestMatcher
  /** `when` only: how many matching requests the step applies to (default: all of them; 1 with `nth`). */
  times?: number
  /** `when` only: the first matching request it applies to, counting from 1 (default 1). */
  nth?: number
  transition?: TransitionAction
  create?: CreateAction
  update?: UpdateAction
  delete?: DeleteAction
  /** `when` only. */
  respond?: RespondAction
  watch?: WatchAction
}

export interface Scenario {
  name: string
  description?: string
  /** Fixture sets loaded when the scenario is played: built-in names, documents, or (in files) paths. */
  fixtures?: Array<string | JsonValue>
  steps: ScenarioStep[]
}

/** Types a scenario written in TypeScript; the data is returned as given and validated when played. */
export function defineScenario(scenario: Scenario): Scenario {
  return scenario
}
