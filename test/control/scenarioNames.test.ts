// POST /_emulator/scenarios follows play()'s rule for what a process outside can send: a scenario
// document, or a built-in scenario's name ({"name":"update-conflict"} or the JSON string alone). An
// unknown name is a 400 listing the built-in ones; a path is refused, since the API reads no files.
import { afterEach, expect, test } from 'vitest'
import { createEmulator, type Emulator } from '../../src/index.ts'

let emulator: Emulator
afterEach(() => emulator.dispose())

async function play(body: string): Promise<{ status: number; message?: string; name?: string }> {
  emulator = createEmulator({ clock: { mode: 'manual' } })
  const response = await emulator.dispatch(new Request('http://emulator.test/_emulator/scenarios', { method: 'POST', headers: { 'content-type': 'application/json' }, body }))
  const json = (await response.json()) as { message?: string; name?: string }
  return { status: response.status, message: json.message, name: json.name }
}

test('a built-in by name, as {"name": …} or as the JSON string alone', async () => {
  expect(await play('{"name":"update-conflict"}')).toMatchObject({ status: 201, name: 'update-conflict' })
  emulator.dispose()
  expect(await play('"rate-limited"')).toMatchObject({ status: 201, name: 'rate-limited' })
})

test('an unknown name: 400 naming the built-in scenarios, nothing played', async () => {
  expect(await play('{"name":"update-conflcit"}')).toEqual({
    status: 400,
    message:
      'POST /_emulator/scenarios: name: unknown scenario "update-conflcit": built-in scenarios are update-conflict, rate-limited, validation-failure, snapshot-fails-after-two-minutes, snapshot-expires-by-ttl, glance-upload-killed, watch-expires, flaky-api, slow-api',
  })
  expect(emulator.scenarios.playing()).toEqual([])
})

test('a path: 400, the control API reads no files', async () => {
  expect(await play('"./cases/conflict.yaml"')).toEqual({
    status: 400,
    message: 'POST /_emulator/scenarios: name: the control API reads no files: send the scenario document itself (JSON or YAML)',
  })
})
