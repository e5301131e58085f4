// Playwright Test over the fixture's own specs, in Debian's Chromium (no browser download): two
// workers, so that tests run side by side in separate processes. test/browser/playwrightFixture.test.ts
// runs it and reads its JSON report.
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from '@playwright/test'
import type { EmulatorTestOptions } from '../../../src/runtimes/playwright.ts'

export default defineConfig<EmulatorTestOptions>({
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 2,
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: process.env.PLAYWRIGHT_OUTPUT_DIR ?? join(tmpdir(), 'image-api-emulator-playwright'),
  reporter: 'list',
  use: {
    launchOptions: { executablePath: '/usr/bin/chromium', args: ['--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update'] },
  },
  projects: [
    {
      name: 'chromium',
      // A project's emulator options: what a test gets unless a file or describe says otherwise.
      use: { emulatorOptions: { fixtures: ['openshift-images'] } },
    },
  ],
})
