import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Servers and child processes are started per file; two workers match the 2-core machines CI runs on.
    maxWorkers: 2,
  },
})
