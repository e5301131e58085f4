// image-api-emulator/node: setupEmulatorServer() gives msw's server and the emulator behind it, for Node
// without vitest; loadScenarioFile() plays the same scenario files the CLI and the server take.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { loadFixtureFile, loadScenarioFile, setupEmulatorServer } from '../../src/runtimes/node.ts'

const { server, emulator } = setupEmulatorServer({ seed: 5, fixtures: ['cci-snapshots'] })

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => {
  server.close()
  emulator.dispose()
})

test('fetch reaches the emulator through msw; a scenario file plays on it', async () => {
  const list = await (await fetch('https://cci.example.com/apis/cci/v2/imagesnapshots')).json()
  expect(list.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual(['api-server-snapshot', 'my-imagesnapshot', 'test-imagesnapshot'])

  const handle = emulator.play(await loadScenarioFile('test/scenarios/files/typed.ts'))
  const answer = await fetch('https://glance.example.com/v2/images/6ff0eaa6-a444-441b-b769-78099d06f985')
  expect([answer.status, await answer.text()]).toEqual([418, 'short and stout'])
  expect(handle.steps()[0]!.fired).toBe(1)
})

test('loadFixtureFile reads a fixture document that loads by its shape', async () => {
  await emulator.loadFixtures([await loadFixtureFile('test/scenarios/files/images.json')])
  const image = await (await fetch(`https://api.example.com/apis/image.openshift.io/v1/images/sha256:${'5'.repeat(64)}`)).json()
  expect(image.metadata.labels).toEqual({ stage: 'loaded' })
  await expect(loadFixtureFile('test/scenarios/files/typed.ts')).rejects.toThrowError('unknown fixture file type ".ts": use .json, .yaml or .yml')
})
