// The example app's end-to-end tests (e2e/), with the emulator as its backend in the tests' own process
// (image-api-emulator/playwright). Vite serves the app in its `e2e` mode, which leaves the in-page
// emulator out; Debian's Chromium runs it (no browser download).
import { fileURLToPath } from 'node:url'
import { defineConfig } from '@playwright/test'
import type { EmulatorTestOptions } from 'image-api-emulator/playwright'
import { snapshots } from './e2e/snapshots.fixture.ts'

const port = Number(process.env.EXAMPLE_APP_PORT ?? 5173)
const vite = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url))

export default defineConfig<EmulatorTestOptions>({
  testDir: 'e2e',
  fullyParallel: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  outputDir: process.env.PLAYWRIGHT_OUTPUT_DIR ?? 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: '/usr/bin/chromium' },
    // Every test's emulator starts with these (a test or describe may test.use() others).
    emulatorOptions: { fixtures: [snapshots] },
  },
  webServer: {
    command: `"${process.execPath}" "${vite}" --mode e2e --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
})
