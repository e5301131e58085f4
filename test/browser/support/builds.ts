// Builds the example app and the example Storybook the way a user's CI would (Vite, `storybook
// build`), each into a fresh temporary directory, with Node 24 (this process's node).
import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url))
export const exampleRoot = join(repositoryRoot, 'examples/storybook')

export interface Build {
  directory: string
  remove(): Promise<void>
}

async function buildWith(prefix: string, args: string[]): Promise<Build> {
  const directory = await mkdtemp(join(tmpdir(), prefix))
  try {
    await run(process.execPath, [...args, directory], {
      cwd: repositoryRoot,
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', CI: 'true', NO_COLOR: '1' },
    })
  } catch (error) {
    await rm(directory, { recursive: true, force: true })
    const { stdout, stderr } = error as { stdout?: string; stderr?: string }
    throw new Error(`${args.join(' ')} failed:\n${stderr ?? ''}\n${stdout ?? ''}`.slice(0, 8000), { cause: error })
  }
  return { directory, remove: () => rm(directory, { recursive: true, force: true }) }
}

/** The example app (examples/storybook/index.html: the UI plus startEmulatorWorker). */
export function buildExampleApp(): Promise<Build> {
  return buildWith('image-api-emulator-app-', [
    join(repositoryRoot, 'node_modules/vite/bin/vite.js'),
    'build',
    exampleRoot,
    '--logLevel',
    'warn',
    '--emptyOutDir',
    '--outDir',
  ])
}

/** The example Storybook, built statically (as `npm run build-storybook` does). */
export function buildStorybook(): Promise<Build> {
  return buildWith('image-api-emulator-storybook-', [
    join(repositoryRoot, 'node_modules/storybook/dist/bin/dispatcher.js'),
    'build',
    '--quiet',
    '-c',
    join(exampleRoot, '.storybook'),
    '-o',
  ])
}

/**
 * A one-page app whose module is `main` (index.html loads ./main.ts), built with Vite in `mode` into
 * `<project>/<name>-dist`, which is returned. `image-api-emulator/browser` resolves to the sources, as in
 * the example app's vite.config.ts; `serviceWorker` puts msw's worker script in the app's public/.
 */
export async function buildPageApp(project: string, name: string, main: string, mode: 'production' | 'development', options: { serviceWorker?: boolean } = {}): Promise<string> {
  const app = join(project, name)
  mkdirSync(join(app, 'public'), { recursive: true })
  writeFileSync(join(app, 'index.html'), '<!doctype html>\n<html><body><script type="module" src="./main.ts"></script></body></html>\n')
  writeFileSync(join(app, 'main.ts'), main)
  if (options.serviceWorker) copyFileSync(join(repositoryRoot, 'node_modules/msw/lib/mockServiceWorker.js'), join(app, 'public/mockServiceWorker.js'))
  const config = join(project, 'vite.config.ts')
  writeFileSync(
    config,
    `import { defineConfig } from 'vite'
export default defineConfig({
  base: './',
  resolve: { alias: [{ find: /^image-api-emulator\\/browser$/, replacement: ${JSON.stringify(join(repositoryRoot, 'src/runtimes/browser.ts'))} }] },
  build: { target: 'es2023', emptyOutDir: true, chunkSizeWarningLimit: 10_000 },
})
`,
  )
  const out = join(project, `${name}-dist`)
  await run(process.execPath, [join(repositoryRoot, 'node_modules/vite/bin/vite.js'), 'build', app, '--config', config, '--mode', mode, '--outDir', out, '--logLevel', 'warn'], {
    cwd: project,
    timeout: 120_000,
    env: { ...process.env, NODE_ENV: mode, NO_COLOR: '1' },
  })
  return out
}
