// What fixtures/README.md ("Time") says a loaded fixture does in each runtime: test-imagesnapshot is
// stored Creating with a build long overdue (CCI-49, CCI-50), so it stays Creating on a manual clock
// until the first advance, and a running clock makes it Available at its first timer. The example
// Storybook's Fixtures story stops the clock to show the set as stored.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, test } from 'vitest'
import { createEmulator, type Emulator } from '../../src/index.ts'
import { createStorybookEmulator } from '../../src/runtimes/storybook.ts'

const created: Emulator[] = []
afterEach(() => {
  for (const emulator of created.splice(0)) emulator.dispose()
})

async function phase(emulator: Emulator, name = 'test-imagesnapshot'): Promise<string> {
  const response = await emulator.dispatch(new Request(`http://cci.example/apis/cci/v2/imagesnapshots/${name}`))
  return ((await response.json()) as { status: { phase: string } }).status.phase
}

const nextTimer = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('the cci-snapshots fixture set, as fixtures/README.md describes it', () => {
  test('the README says test-imagesnapshot is stored Creating and Available from the first tick', () => {
    const readme = readFileSync(new URL('../../fixtures/README.md', import.meta.url), 'utf8')
    expect(readme).toContain("the seed's `test-imagesnapshot` (stored `Creating`, with its build long overdue: `Available` at the clock's first tick")
  })

  test('vitest and createEmulator (manual clock): Creating until the first advance, of any length', async () => {
    const emulator = createEmulator({ fixtures: ['cci-snapshots'] })
    created.push(emulator)
    await emulator.ready
    expect(await phase(emulator)).toBe('Creating')
    await nextTimer()
    expect(await phase(emulator)).toBe('Creating')
    await emulator.clock.advance(0)
    expect(await phase(emulator)).toBe('Available')
  })

  test('browser and Storybook defaults (realtime clock): Available at the first timer after loading', async () => {
    const storybook = createStorybookEmulator({ fixtures: ['cci-snapshots'], speed: 10, globalName: false })
    const { imageApiEmulator: emulator } = await storybook.loader({ parameters: {} })
    created.push(emulator)
    await nextTimer()
    expect(await phase(emulator)).toBe('Available')
    expect(await phase(emulator, 'my-imagesnapshot')).toBe('Available')
    expect(await phase(emulator, 'api-server-snapshot')).toBe('Unavailable')
  })

  test('the Fixtures story’s parameters (a manual clock): the set as stored until the console advances', async () => {
    const storybook = createStorybookEmulator({ fixtures: ['openshift-images', 'cci-snapshots', 'glance-images'], speed: 10, globalName: false })
    const parameters = { imageApiEmulator: { fixtures: ['cci-snapshots'], options: { clock: { mode: 'manual' } } } }
    const story = readFileSync(new URL('../../examples/storybook/stories/CciSnapshots.stories.ts', import.meta.url), 'utf8')
    expect(story).toMatch(/export const Fixtures: StoryObj = \{\n {2}parameters: \{ imageApiEmulator: \{ fixtures: \['cci-snapshots'\], options: \{ clock: \{ mode: 'manual' \} \} \} satisfies/)
    const { imageApiEmulator: emulator } = await storybook.loader({ parameters })
    created.push(emulator)
    await nextTimer()
    expect(await phase(emulator)).toBe('Creating')
    await storybook.console.advance('1s')
    expect(await phase(emulator)).toBe('Available')
  })
})
