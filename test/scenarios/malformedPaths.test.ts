// A scenario step aimed at a path it cannot read: a request whose name is not a valid percent-escape
// (`%E0%A4%A`) is answered as the APIs answer it without the scenario, never a 500 or an empty body,
// and the step still waits for a request it can target. Through the standalone server, as with
// `image-api-emulator serve --scenario update-conflict`.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'
import { builtInScenarios } from '../../scenarios/index.ts'

const malformed = ['/apis/cci/v2/imagesnapshots/%E0%A4%A', '/apis/image.openshift.io/v1/images/%E0%A4%A', '/oapi/v1/images/%zz']

async function put(base: string, path: string) {
  const response = await fetch(`${base}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"metadata":{"name":"x"}}' })
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() }
}

describe('a scenario and a malformed path, over the standalone server', () => {
  let plain: RunningServer
  let scripted: RunningServer
  beforeAll(async () => {
    plain = await listen({ emulatorOptions: { seed: 1, fixtures: ['cci-snapshots'] } })
    scripted = await listen({ emulatorOptions: { seed: 1, fixtures: ['cci-snapshots'], scenarios: [builtInScenarios['update-conflict']!] } })
  })
  afterAll(async () => {
    await plain?.close()
    await scripted?.close()
  })

  test('update-conflict: an undecodable name is answered as without the scenario, with a Status', async () => {
    for (const path of malformed) {
      const without = await put(plain.url, path)
      const withScenario = await put(scripted.url, path)
      expect(withScenario.status, path).toBeLessThan(500)
      expect(withScenario.text, path).not.toBe('')
      expect(withScenario, path).toEqual(without)
    }
    // The step was not used up: the first real update still meets the conflict it scripts.
    const snapshot = await (await fetch(`${scripted.url}/apis/cci/v2/imagesnapshots`)).json()
    const first = snapshot.items[0]
    const update = await fetch(`${scripted.url}/apis/cci/v2/imagesnapshots/${first.metadata.name}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(first),
    })
    expect(update.status).toBe(409)
    expect((await update.json()).reason).toBe('Conflict')
  })
})
