// The README's browser recipe built for production with Vite, as a user's CI would: the emulator,
// its fixtures and msw stay out of the bundle. A development build of the same app is the control:
// there the emulator is in (a chunk loaded on demand), so the size check can tell the two apart.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { buildPageApp, repositoryRoot } from './support/builds.ts'

/** The README's `src/main.ts` (step 2 of "Mock the APIs in the browser"), as written there. */
const readmeMain = (() => {
  const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8')
  const block = /```ts\n\s*\/\/ src\/main\.ts\n([\s\S]*?)```/.exec(readme)
  if (!block) throw new Error('README.md has no `// src/main.ts` example')
  return block[1]!.replace(/^ {3}/gm, '')
})()

// The app the recipe starts: it renders one line (renderApp is the user's own).
const renderApp = "\nfunction renderApp() {\n  document.body.append('my app')\n}\n"

const project = mkdtempSync(join(repositoryRoot, '.vitest-bundle-'))
afterAll(() => rmSync(project, { recursive: true, force: true }))

/** Builds an app whose main module is `main`; returns the bytes of every JavaScript file and what they say. */
async function build(name: string, main: string, mode: 'production' | 'development') {
  const out = await buildPageApp(project, name, main, mode)
  const scripts = readdirSync(join(out, 'assets')).filter((file) => file.endsWith('.js'))
  const text = scripts.map((file) => readFileSync(join(out, 'assets', file), 'utf8')).join('\n')
  return {
    bytes: scripts.reduce((total, file) => total + statSync(join(out, 'assets', file)).size, 0),
    // The API paths, a fixture's name and msw's worker script name: any part of the emulator would carry them.
    hasEmulator: ['imagesnapshots', 'test-imagesnapshot', 'mockServiceWorker'].some((word) => text.includes(word)),
    // Scenario files are read by the Node entry points only: no Node module (or Vite's stand-in for one) in a page.
    nodeModules: [...text.matchAll(/["'`]node:[a-z_/]+["'`]|__vite-browser-external/g)].map((match) => match[0]),
  }
}

describe('vite build of the README browser recipe', { timeout: 180_000 }, () => {
  test('production: no emulator, the size of the app alone', async () => {
    const alone = await build('alone', renderApp.replace('\n', '') + 'renderApp()\n', 'production')
    const recipe = await build('recipe', readmeMain + renderApp, 'production')
    expect(recipe.hasEmulator).toBe(false)
    expect(recipe.bytes).toBeLessThan(alone.bytes + 512)
    expect(recipe.bytes).toBeLessThan(4096)
  })

  test('production with a static import behind the same check: dropped too (the package declares its side effects)', async () => {
    const main = `import { startEmulatorWorker } from 'image-api-emulator/browser'\nif (import.meta.env.DEV) await startEmulatorWorker()\nrenderApp()\n${renderApp}`
    const built = await build('static', main, 'production')
    expect(built.hasEmulator).toBe(false)
    expect(built.bytes).toBeLessThan(4096)
  })

  test('development: the emulator is in the build (the check above can see it), without Node modules', async () => {
    const built = await build('development', readmeMain + renderApp, 'development')
    expect(built.hasEmulator).toBe(true)
    expect(built.nodeModules).toEqual([])
    expect(built.bytes).toBeGreaterThan(200_000)
  })
})
