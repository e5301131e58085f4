// What createEmulator accepts. Kept apart from emulator.ts so the API descriptors can read their own
// options without importing the emulator that is built from them.
import type { ClockOptions } from './clock.ts'
import type { AuthOption } from './auth.ts'
import type { KubeOptions } from './kube/kubeApis.ts'
import type { GlanceOptions } from './glance/options.ts'
import type { GlanceLifecycleOptions } from './glance/lifecycle.ts'
import type { ImageSnapshotLifecycleConfig } from './cci/imageSnapshotLifecycle.ts'
import type { FixtureSource } from './fixtures.ts'
import type { IdentityConfig } from './identity/identityConfig.ts'

export interface EmulatorOptions {
  /** Seeds uids, generateName suffixes, Glance ids and digests. */
  seed?: number | string
  clock?: ClockOptions
  auth?: AuthOption
  /** Which origins the msw handlers answer: '*' (default) or a list such as ['https://api.example.com']. */
  origins?: '*' | string[]
  /** How many writes the event log keeps for watch resumption and consistent paging. */
  eventLogCapacity?: number
  kube?: KubeOptions
  glance?: GlanceOptions
  /** Fixture sets loaded at creation and after every reset(): built-in names or documents. */
  fixtures?: FixtureSource[]
  /** Scenarios played at creation and again after every reset(), like fixtures (e.g. the CLI's --scenario). */
  scenarios?: unknown[]
  /** Keystone's domains, projects, users, roles and token lifetime (default: devstack's admin, demo, alt_demo). */
  identity?: IdentityConfig
  /** Lifecycle timings and outcomes (CCI-44), per emulator and per object name. */
  lifecycle?: { cci?: ImageSnapshotLifecycleConfig; glance?: GlanceLifecycleOptions }
}
