// The fixture under test, plus the page it drives: a small app (app/index.html) served over loopback
// by each worker, with baseURL pointing at it, so `page.goto('/')` opens the app on its own origin.
import { fileURLToPath } from 'node:url'
import { test as emulatorTest } from '../../../src/runtimes/playwright.ts'
import { serveDirectory } from '../support/staticServer.ts'

export { expect } from '../../../src/runtimes/playwright.ts'

const appDirectory = fileURLToPath(new URL('./app/', import.meta.url))

export const test = emulatorTest.extend<{ createSnapshot: (name: string) => Promise<number> }, { appUrl: string }>({
  appUrl: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await serveDirectory(appDirectory)
      await use(server.url)
      await server.close()
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ appUrl }, use) => use(appUrl),
  /** Creates a CCI snapshot with the page's own fetch; resolves to the answer's status. */
  createSnapshot: async ({ page }, use) => {
    await use((name) =>
      page.evaluate(
        async (snapshotName) =>
          (
            await fetch('/apis/cci/v2/imagesnapshots', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ metadata: { name: snapshotName }, spec: { buildingConfig: { namespace: 'ns-a' }, images: [{ image: 'nginx:1.27' }] } }),
            })
          ).status,
        name,
      ),
    )
  },
})
