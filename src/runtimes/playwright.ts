// Playwright Test with the emulator as the page's backend: each test gets an emulator of its own in the
// test's process, and the requests its pages make to the emulated APIs are answered by it (see
// playwrightRoute.ts for how, watches included). The app needs no Service Worker and no emulator code.
//
//   import { test, expect } from 'image-api-emulator/playwright'
//   test('a failing snapshot shows its reason', async ({ page, emulator }) => {
//     emulator.play('snapshot-fails-after-two-minutes')
//     await page.goto('/snapshots')
//     await emulator.clock.advance('2m')
//     await expect(page.getByText('ImagePullFailed')).toBeVisible()
//   })
import '../supportedNode.ts'
import '../http/mswDoor.ts'
import './scenarioFiles.ts'
import { test as base } from '@playwright/test'
import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator.ts'
import { routeToEmulator } from './playwrightRoute.ts'

export { expect } from '@playwright/test'
export { routeToEmulator, type EmulatorRoute } from './playwrightRoute.ts'

/** Options, set with `test.use({ emulatorOptions })` in a file or describe, or a project's `use`. */
export interface EmulatorTestOptions {
  /** createEmulator's options for each test's emulator (fixtures, scenarios, seed, clock, auth, origins…). */
  emulatorOptions: EmulatorOptions
}

export interface EmulatorFixtures {
  /**
   * The test's own emulator, answering its pages. Created for each test (so nothing carries over from
   * the test before: objects, clock, scenarios, journal) and disposed after it; the clock is manual
   * unless `emulatorOptions.clock` says otherwise.
   */
  emulator: Emulator
}

export const test = base.extend<EmulatorTestOptions & EmulatorFixtures>({
  emulatorOptions: [{}, { option: true }],
  emulator: [
    async ({ context, emulatorOptions }, use) => {
      const emulator = createEmulator(emulatorOptions)
      const route = await routeToEmulator(context, emulator)
      try {
        await emulator.ready
        await use(emulator)
      } finally {
        await route.stop()
        emulator.dispose()
      }
    },
    // Every test's pages get their backend, whether or not the test names the emulator.
    { auto: true },
  ],
})
