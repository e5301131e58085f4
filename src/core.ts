// What every API module is built from: the emulator's clock, ids, store, auth and options. The
// API modules (Kubernetes kinds, Glance) receive this and nothing else, so a test can build any of
// them over a core of its own.
import type { Clock } from './clock.ts'
import type { Ids } from './ids.ts'
import type { ObjectStore } from './store/objectStore.ts'
import type { AuthContext, TokenAuthority } from './auth.ts'
import type { ApiRequest } from './http/apiRequest.ts'
import type { Answer } from './http/answer.ts'

/** State an API module keeps outside the store (e.g. Glance image bytes), saved and reset with it. */
export interface ModuleState {
  reset(): void
  snapshot(): unknown
  restore(state: unknown): void
  /**
   * reset() after the first: back to what snapshot() saved right after a reset loaded the fixtures, with
   * work a reset leaves to first use (seeding) still to come. restore() when absent.
   */
  rewind?(state: unknown): void
  /** Runs after reset() and restore() have put the store and clock back (lifecycles reschedule here). */
  resync?(): void
}

/** Loads one fixture document (an array of objects, or an API's own fixture shape) into the store. */
export interface FixtureLoader {
  /** Whether this loader understands the document. */
  accepts(document: unknown): boolean
  load(document: unknown): Promise<void>
}

export interface EmulatorCore {
  clock: Clock
  ids: Ids
  store: ObjectStore
  auth: AuthContext
  /** Registers an issuer of tokens (the identity service) every API then accepts. */
  acceptTokens(authority: TokenAuthority): void
  /** Registers state that reset()/snapshot()/restore() must cover. */
  keep(name: string, state: ModuleState): void
  /** Registers how this module's fixtures are loaded (emulator.loadFixtures dispatches by shape). */
  acceptFixtures(loader: FixtureLoader): void
}

/** An API served by the emulator: it claims requests by URL and answers them in its own dialect. */
export interface ApiModule {
  name: string
  claims(url: URL): boolean
  handle(request: ApiRequest, url: URL): Promise<Answer>
}
