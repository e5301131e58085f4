// `serve --scenario` follows the rule play() follows: a path names a scenario file, anything else a
// built-in scenario, and a name that is neither is refused listing the built-in ones.
import { afterEach, expect, test } from 'vitest'
import { killAll, runCli } from './cliProcess.ts'

afterEach(killAll)

test('an unknown scenario name lists the built-in scenarios and exits 2; a missing file is named', { timeout: 40_000 }, async () => {
  const unknown = await runCli(['serve', '--port', '0', '--scenario', 'update-conflcit'], 15_000)
  expect({ code: unknown.code, stdout: unknown.stdout }).toEqual({ code: 2, stdout: '' })
  expect(unknown.stderr).toBe(
    'image-api-emulator: --scenario update-conflcit: unknown scenario "update-conflcit": built-in scenarios are update-conflict, rate-limited, validation-failure, snapshot-fails-after-two-minutes, snapshot-expires-by-ttl, glance-upload-killed, watch-expires, flaky-api, slow-api; a scenario file is named by its path (./update-conflcit.yaml)\n',
  )
  const missing = await runCli(['serve', '--port', '0', '--scenario', 'cases/missing.yaml'], 15_000)
  expect(missing.code).toBe(2)
  expect(missing.stderr).toMatch(/^image-api-emulator: --scenario cases\/missing\.yaml: .*no such file: .*cases\/missing\.yaml\n$/)
})
