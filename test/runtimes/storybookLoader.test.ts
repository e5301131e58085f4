// The Storybook loader in Node (no browser needed for it): each story gets a fresh emulator from the
// preview's defaults and its own parameters.imageApiEmulator, and the previous story's is disposed.
import { getResponse } from 'msw'
import { expect, test } from 'vitest'
import { createStorybookEmulator } from '../../src/runtimes/storybook.ts'

test('each story gets a fresh emulator: its own fixtures and options, nothing left from the story before', async () => {
  const storybook = createStorybookEmulator({ fixtures: ['cci-snapshots'], clock: { mode: 'manual' }, globalName: false })
  const first = (await storybook.loader({ parameters: {} })).imageApiEmulator
  expect(first.cci.imageSnapshots.list()).toHaveLength(3)
  await storybook.console.create('cci', { metadata: { name: 'made-in-story-1' }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx' }] } })
  await first.clock.advance('1h')

  const second = (await storybook.loader({ parameters: { imageApiEmulator: { fixtures: ['glance-images'], options: { seed: 7 } } } })).imageApiEmulator
  expect(storybook.current()).toBe(second)
  expect(second).not.toBe(first)
  expect(second.cci.imageSnapshots.list()).toEqual([])
  expect(second.glance.images().map((i) => i.name)).toEqual(expect.arrayContaining(['fake_image', 'fake_image1']))
  expect(second.clock.iso()).toBe('2026-01-01T00:00:00Z')
  // The console follows the current story.
  expect(storybook.console.get('cci', 'made-in-story-1')).toBeUndefined()
  expect(first.clock.pending()).toBe(0)
})

test('the worker keeps one msw handler that answers with the current story’s emulator; navigations pass through', async () => {
  const storybook = createStorybookEmulator({ fixtures: ['openshift-images'], clock: { mode: 'manual' }, globalName: false })
  const count = async () => {
    const response = await getResponse([storybook.handler], new Request('http://app.localhost/apis/image.openshift.io/v1/images'))
    return ((await response!.json()) as { items: unknown[] }).items.length
  }
  await storybook.loader({ parameters: {} })
  expect(await count()).toBe(3)
  await storybook.loader({ parameters: { imageApiEmulator: { fixtures: [] } } })
  expect(await count()).toBe(0)
  // Glance claims "/", but a page load of "/" is the app's, not Glance's version document.
  const navigation = new Request('http://app.localhost/', { headers: { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' } })
  expect(await getResponse([storybook.handler], navigation)).toBeUndefined()
  expect(await getResponse([storybook.handler], new Request('http://app.localhost/'))).toBeDefined()
})

test("a story's scenario is played before it renders; the story reads its handle as loaded.imageApiScenario", async () => {
  const storybook = createStorybookEmulator({ clock: { mode: 'manual' }, globalName: false })
  const loaded = await storybook.loader({ parameters: { imageApiEmulator: { fixtures: ['glance-images'], scenario: 'rate-limited' } } })
  expect(loaded.imageApiScenario?.scenario.name).toBe('rate-limited')
  const list = () => loaded.imageApiEmulator.dispatch(new Request('http://app.localhost/v2/images', { headers: { accept: 'application/json' } }))
  const first = await list()
  expect([first.status, first.headers.get('retry-after')]).toEqual([429, '5'])
  expect((await list()).status).toBe(429)
  expect((await list()).status).toBe(200)
})
