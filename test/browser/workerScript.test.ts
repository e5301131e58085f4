// The example serves msw's worker script from examples/storybook/public/. It must be the script of
// the installed msw: an older one fails msw's integrity check and the page is not mocked.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { exampleRoot, repositoryRoot } from './support/builds.ts'

test('examples/storybook/public/mockServiceWorker.js is the installed msw worker (refresh: npm run build-storybook)', async () => {
  const served = await readFile(join(exampleRoot, 'public/mockServiceWorker.js'), 'utf8')
  const installed = await readFile(join(repositoryRoot, 'node_modules/msw/lib/mockServiceWorker.js'), 'utf8')
  expect(served === installed, 'run `npm run build-storybook` (it runs `msw init examples/storybook/public`)').toBe(true)
})
