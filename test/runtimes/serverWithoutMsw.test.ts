// The standalone server leaves msw out: an emulator behind node:http answers through emulator.answer(),
// so loading msw (and the fetch classes it starts) would only cost an idle server memory. The entry
// points for msw users install the msw door; one made through /server says how to get handlers.
import { resolve } from 'node:path'
import { expect, test } from 'vitest'
import { envWithoutVitest, runBounded } from '../support/boundedProcess.ts'

const root = resolve(import.meta.dirname, '../..')

/** Runs `body` in a fresh Node process that records every module under node_modules/msw it loads. */
async function run(body: string) {
  const script = `
    import { registerHooks } from 'node:module'
    const msw = new Set()
    registerHooks({ resolve(specifier, context, next) {
      const found = next(specifier, context)
      if (found.url.includes('/node_modules/msw/')) msw.add(found.url.replace(/^.*\\/node_modules\\//, ''))
      return found
    } })
    ${body}
    console.log(JSON.stringify({ msw: [...msw].length, ...result }))`
  const { code, stdout, stderr } = await runBounded(process.execPath, ['--input-type=module', '-e', script], { env: envWithoutVitest, cwd: root, timeoutMs: 30_000 })
  expect(stderr).toBe('')
  expect(code).toBe(0)
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { msw: number } & Record<string, unknown>
}

test('a server from /server answers requests without loading msw, and its emulator.handlers says where handlers come from', async () => {
  const outcome = await run(`
    const { listen } = await import('./src/runtimes/server.ts')
    const server = await listen({ emulatorOptions: { fixtures: ['openshift-images'] } })
    const listed = await fetch(server.url + '/apis/image.openshift.io/v1/images').then((response) => response.json())
    let handlers
    try { server.emulator.handlers } catch (error) { handlers = error.message }
    await server.close()
    const result = { images: listed.items.length, handlers }`)
  expect(outcome).toEqual({ msw: 0, images: 3, handlers: expect.stringContaining("create the emulator with createEmulator from 'image-api-emulator'") })
})

test('createEmulator from the main entry gives msw handlers, even to a server it is handed to', async () => {
  const outcome = await run(`
    const { createEmulator } = await import('./src/index.ts')
    const { listen } = await import('./src/runtimes/server.ts')
    const emulator = createEmulator({ fixtures: ['openshift-images'] })
    const server = await listen({ emulator })
    const result = { handlers: server.emulator.handlers.length }
    await server.close()`)
  expect(outcome.msw).toBeGreaterThan(0)
  expect(outcome.handlers).toBeGreaterThan(1)
})
