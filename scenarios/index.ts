// The built-in scenarios, by name: the cases a test most often cannot reproduce against a real cloud.
// Each file in this folder holds one, with a comment on its first line saying what it shows.
import '../src/supportedNode.ts'
import type { Scenario } from '../src/scenarios/scenario.ts'
import updateConflict from './update-conflict.ts'
import rateLimited from './rate-limited.ts'
import validationFailure from './validation-failure.ts'
import snapshotFailsAfterTwoMinutes from './snapshot-fails-after-two-minutes.ts'
import snapshotExpiresByTtl from './snapshot-expires-by-ttl.ts'
import glanceUploadKilled from './glance-upload-killed.ts'
import watchExpires from './watch-expires.ts'
import flakyApi from './flaky-api.ts'
import slowApi from './slow-api.ts'

export {
  updateConflict,
  rateLimited,
  validationFailure,
  snapshotFailsAfterTwoMinutes,
  snapshotExpiresByTtl,
  glanceUploadKilled,
  watchExpires,
  flakyApi,
  slowApi,
}

/** The same scenarios keyed by their `name` ('update-conflict', 'watch-expires'…), e.g. for a CLI flag. */
export const builtInScenarios: Readonly<Record<string, Scenario>> = Object.freeze(
  Object.assign(
    Object.create(null) as Record<string, Scenario>,
    Object.fromEntries(
      [updateConflict, rateLimited, validationFailure, snapshotFailsAfterTwoMinutes, snapshotExpiresByTtl, glanceUploadKilled, watchExpires, flakyApi, slowApi].map(
        (scenario) => [scenario.name, scenario],
      ),
    ),
  ),
)

export { defineScenario } from '../src/scenarios/scenario.ts'
export type * from '../src/scenarios/scenario.ts'
export { parseScenario, parseScenarioText, ScenarioError, type ScenarioIssue } from '../src/scenarios/parseScenario.ts'
export type { PlayHandle, StepReport } from '../src/scenarios/engine.ts'
