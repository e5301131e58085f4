// The console API a UI developer types into the browser's devtools (window.imageApiEmulator): look at
// the emulated objects, create new ones, play a scenario, move the virtual clock, reset, read the
// journal. Writes go through the APIs themselves, as a client's would, so they are validated and
// defaulted, reach open watches and appear in the journal; reads are an administrator's view.
import type { Emulator } from '../emulator.ts'
import type { JournalEntry } from '../journal.ts'
import type { Duration } from '../duration.ts'
import type { Scenario } from '../scenarios/scenario.ts'
import type { PlayHandle } from '../scenarios/engine.ts'
import { apis, type ApiName } from '../apis.ts'

/** The emulated APIs, by name: each lists and creates its own objects (OpenShift Images, CCI ImageSnapshots, Glance images). */
export type ConsoleApi = ApiName

const consoleApis: readonly ConsoleApi[] = apis.map((api) => api.name)

export interface EmulatorConsole {
  /** Every object of one API: OpenShift images, CCI image snapshots or Glance images. */
  list(api: ConsoleApi): unknown[]
  /** One object by name (OpenShift, CCI) or id (Glance); undefined when there is none. */
  get(api: ConsoleApi, name: string): unknown
  /**
   * Creates an object through the API (POST), as a client would; resolves to the created object or
   * rejects with the API's own error message. `data` uploads a Glance image's bytes afterwards.
   */
  create(api: ConsoleApi, object: unknown, options?: { data?: string | Uint8Array }): Promise<unknown>
  /** Plays a scenario (an object, or a built-in one by name: play('update-conflict')) against the current state, as emulator.play(). */
  play(scenario: Scenario | string): PlayHandle
  /** Moves virtual time forward (e.g. '2m'), firing what falls due; resolves to the new time. */
  advance(duration: Duration): Promise<string>
  /** The emulator's time, RFC 3339. */
  now(): string
  /** Back to the initial fixtures, clock and seed; open watches close. */
  reset(): Promise<void>
  /** The requests answered so far, oldest first. */
  journal(filter?: Parameters<Emulator['journal']['entries']>[0]): JournalEntry[]
  /** The emulator itself, for everything else. */
  readonly emulator: Emulator
  /**
   * Browser runtime: shows (true) or hides (false) the inspector panel, or flips it when called without
   * an argument; resolves to whether it is open.
   */
  inspector?(open?: boolean): Promise<boolean>
}

declare global {
  interface Window {
    imageApiEmulator?: EmulatorConsole
  }
}

export interface ConsoleOptions {
  /** Sent as `Authorization: Bearer` and `X-Auth-Token` when the emulator checks tokens. */
  token?: string
  /** The origin console requests claim to come from (only the path matters to the emulator). */
  origin?: string
}

function assertApi(api: unknown): asserts api is ConsoleApi {
  if (!consoleApis.includes(api as ConsoleApi)) {
    throw new TypeError(`unknown API ${JSON.stringify(api)}: use one of ${consoleApis.map((a) => `'${a}'`).join(', ')}`)
  }
}

/** The message a Kubernetes Status or a Glance error body carries, else the status line. */
async function errorMessage(response: Response): Promise<string> {
  const text = await response.text()
  try {
    const body = JSON.parse(text) as { message?: unknown }
    if (typeof body.message === 'string') return body.message
  } catch {
    // not JSON: fall through to the raw text
  }
  return `${response.status} ${text.trim()}`.trim()
}

/** `current` is read on every call, so a console installed once follows an emulator that is replaced (Storybook). */
export function createEmulatorConsole(current: () => Emulator, options: ConsoleOptions = {}): EmulatorConsole {
  const origin = options.origin ?? 'http://image-api-emulator.localhost'
  const headers = (contentType: string): Record<string, string> => ({
    accept: 'application/json',
    'content-type': contentType,
    ...(options.token ? { authorization: `Bearer ${options.token}`, 'x-auth-token': options.token } : {}),
  })
  const send = async (method: string, path: string, body: BodyInit, contentType = 'application/json') => {
    const response = await current().dispatch(new Request(new URL(path, origin), { method, headers: headers(contentType), body }))
    if (!response.ok) throw new Error(await errorMessage(response))
    return response.status === 204 ? undefined : ((await response.json()) as unknown)
  }

  return {
    list(api) {
      assertApi(api)
      return current().apis.get(api)!.console.list()
    },
    get(api, name) {
      assertApi(api)
      return current().apis.get(api)!.console.get(name)
    },
    async create(api, object, { data } = {}) {
      assertApi(api)
      const objects = current().apis.get(api)!.console
      const created = await send('POST', objects.collectionPath, JSON.stringify(object))
      if (!objects.afterCreate || data === undefined) return created
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
      return objects.afterCreate(created, bytes, (method, path, body, contentType) => send(method, path, body as Uint8Array<ArrayBuffer>, contentType))
    },
    play: (scenario) => current().play(scenario),
    async advance(duration) {
      const { clock } = current()
      await clock.advance(duration)
      return clock.iso()
    },
    now: () => current().clock.iso(),
    reset: () => current().reset(),
    journal: (filter) => current().journal.entries(filter),
    get emulator() {
      return current()
    },
  }
}

/** Puts the console API on `window[name]`, replacing what was there; returns how to take it away. */
export function installConsole(name: string | false, emulatorConsole: EmulatorConsole): () => void {
  if (name === false || typeof window === 'undefined') return () => undefined
  Object.defineProperty(window, name, { value: emulatorConsole, configurable: true, writable: true, enumerable: false })
  return () => {
    if ((window as unknown as Record<string, unknown>)[name] === emulatorConsole) Reflect.deleteProperty(window, name)
  }
}
