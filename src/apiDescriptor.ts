// What an API tells the rest of the emulator about itself, in one place: its Kubernetes endpoints
// (discovery, OpenAPI and the REST surface come from them), its built-in fixture sets, how a scenario
// names its objects, and how its running module is built from the core. createEmulator, the scenario
// schema and engine, the browser console and the typed accessors on the emulator all read descriptors
// from the registry (src/apis.ts) and know no API by name.
import type { z } from 'zod'
import type { EmulatorCore, ApiModule } from './core.ts'
import type { EmulatorOptions } from './emulatorOptions.ts'
import type { KubeApis } from './kube/kubeApis.ts'
import type { Endpoint } from './kube/resource.ts'
import type { FieldErrorType } from './kube/fieldErrors.ts'
import type { ApiRequest } from './http/apiRequest.ts'
import type { Answer } from './http/answer.ts'
import type { JsonValue } from './jsonValue.ts'

/** A field error a scenario names for a 422 (Kubernetes details.causes). */
export interface ErrorCause {
  field: string
  type?: FieldErrorType
  value?: JsonValue
  detail?: string
  supported?: string[]
  max?: number
}

/** An error a scenario asks an API to answer with; the API renders it in its own dialect. */
export interface ErrorSpec {
  status: number
  /** Kubernetes only: the Status reason (default: the one the server uses for the code). */
  reason?: string
  message?: string
  causes?: ErrorCause[]
  retryAfterSeconds?: number
}

/** The request the error answers. */
export interface ErrorRequest {
  request: ApiRequest
  url: URL
  /** The JSON body, when the request had one (a POST names its object there). */
  body: unknown
}

/** A timed transition handed to the API's own lifecycle when the scenario is played (CCI-44). */
export interface ScheduledTransition {
  /** Applies it now, unless the lifecycle already has at this instant. */
  fire(): Promise<void>
  cancel(): void
}

/** The writes a scenario makes to an API's objects, as an administrator would through the API. */
export interface ScenarioObjects<Transition = never> {
  create(object: { [key: string]: JsonValue }): Promise<void>
  update(key: string, patch: { [key: string]: JsonValue }): Promise<void>
  delete(key: string): Promise<void>
  /** A status change the service itself would make. */
  transition?(key: string, transition: Transition): Promise<void>
  /** For an API with its own timers: a timed transition scheduled into them at play(). */
  scheduleTransition?(key: string, at: number, transition: Transition): ScheduledTransition
}

/** What the browser console lists and creates. */
export interface ConsoleObjects {
  /** Where a client POSTs a new object. */
  collectionPath: string
  list(): unknown[]
  get(key: string): unknown
  /** After the POST: uploads data (Glance image bytes) and returns the object as it is now. */
  afterCreate?(created: unknown, data: Uint8Array, send: (method: string, path: string, body: Uint8Array, contentType: string) => Promise<unknown>): Promise<unknown>
}

/** An API as the emulator runs it. */
export interface BuiltApi<Access, Transition = never> {
  /** The module the dispatcher routes to (Kubernetes APIs get theirs from the shared machinery). */
  module: ApiModule
  /** `emulator.<name>`: typed administrator access for tests and runtimes. */
  access: Access
  /** The answer for an error a scenario injects, rendered as the API renders its own. */
  errorAnswer(spec: ErrorSpec, request: ErrorRequest): Answer
  objects: ScenarioObjects<Transition>
  console: ConsoleObjects
  /** Carries out a step's action of this API's own (see scenario.actionSchema). */
  act?(action: unknown): Promise<void>
  /** Stops what runs outside the store (lifecycle timers) when the emulator is disposed. */
  dispose?(): void
}

export interface BuildContext {
  core: EmulatorCore
  options: EmulatorOptions
  /** The Kubernetes machinery every Kubernetes-style API shares (one watch hub, one store per kind). */
  kube: KubeApis
}

export interface ApiDescriptor<Name extends string = string, Access = unknown, Transition = never, Action = never> {
  /** The journal's and the scenarios' name for the API. */
  name: Name
  /** Kubernetes-style APIs: what they serve; objects on the first endpoint are the ones scenarios write. */
  kube?: {
    endpoints: Endpoint[]
    /** K-11: whether objects on the wire carry metadata.managedFields (default true; always recorded). */
    showManagedFields?: boolean
  }
  /** Built-in fixture sets, by name ('openshift-images'). */
  fixtures: Record<string, unknown>
  scenario: {
    /** How a scenario names one object: Kubernetes by name, Glance by id. */
    key: 'name' | 'id'
    /** How scenario errors speak of the objects ('Glance images'). */
    objects: string
    /** The zod schema of a `transition` step's fields besides `api` (absent: the API has none). */
    transitionSchema?: () => z.ZodObject
    /** An action of the API's own that a step names by the API's name (`identity: { revoke: 'all' }`). */
    actionSchema?: () => z.ZodType<Action>
  }
  build(context: BuildContext): BuiltApi<Access, Transition>
}

/** The typed access a descriptor gives `emulator.<name>`. */
export type AccessOf<D> = D extends ApiDescriptor<string, infer Access, infer _T, infer _Action> ? Access : never
/** A descriptor's transition step, with its `api`. */
export type TransitionOf<D> = D extends ApiDescriptor<infer Name, infer _A, infer Transition, infer _Action> ? ([Transition] extends [never] ? never : { api: Name } & Transition) : never
/** A descriptor's own step action (`identity: { revoke: 'all' }`), never when it has none. */
export type ActionOf<D> = D extends ApiDescriptor<string, infer _A, infer _T, infer Action> ? Action : never

/** A Kubernetes-style API: one whose descriptor lists endpoints (their objects have watches). */
export type KubeApiDescriptor<Name extends string = string, Access = unknown, Transition = never> = ApiDescriptor<Name, Access, Transition> & {
  kube: NonNullable<ApiDescriptor['kube']>
}
