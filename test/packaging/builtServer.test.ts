// The standalone server as `npm start` runs it: built by rolldown (rolldown.config.ts), run by node.
// The build hands @msw/data's store events a MessageEvent of the package's own
// (src/store/storeMessageEvent.ts), so a server that never fetches never loads Node's fetch
// implementation (undici, about 6 MB of its memory); its store must still see every create, update and
// delete. The bundle is written to a directory of this test's own, so `npm pack` elsewhere cannot
// empty it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { envWithoutVitest, printed, runBounded, startBounded } from '../support/boundedProcess.ts'

const root = resolve(import.meta.dirname, '../..')
mkdirSync(join(root, 'node_modules/.cache'), { recursive: true })
const directory = mkdtempSync(join(root, 'node_modules/.cache/image-api-emulator-built-server-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

// Says, as the process exits, whether undici was ever loaded into it.
const probe = join(directory, 'probe.mjs')

beforeAll(async () => {
  const build = await runBounded(join(root, 'node_modules/.bin/rolldown'), ['-c', 'rolldown.config.ts', '--dir', join(directory, 'dist'), '--logLevel', 'warn'], {
    cwd: root,
    env: envWithoutVitest,
    timeoutMs: 120_000,
  })
  expect(build.stderr + build.stdout).not.toMatch(/error/i)
  expect(build.code).toBe(0)
  writeFileSync(
    probe,
    `process.on('exit', () => process.stderr.write('undici loaded: ' + process.moduleLoadList.includes('NativeModule internal/deps/undici/undici') + '\\n'))\n`,
  )
}, 150_000)

const images = '/apis/image.openshift.io/v1/images'
const image = (name: string) => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'Image',
  metadata: { name },
  dockerImageReference: `registry.example.com/team/app@${name}`,
})

test('the built server creates, updates and deletes objects without loading Node’s fetch implementation', { timeout: 60_000 }, async () => {
  const server = startBounded(process.execPath, ['--import', probe, join(directory, 'dist/src/runtimes/cli.js'), 'serve', '--port', '0', '--host', '127.0.0.1'], {
    cwd: directory,
    env: envWithoutVitest,
    timeoutMs: 50_000,
  })
  const url = (await printed(server, /listening on (http:\/\/\S+)/, 30_000))?.[1]
  try {
    expect(url, server.stdout() + server.stderr()).toBeDefined()
    const names = ['sha256:' + 'a'.repeat(64), 'sha256:' + 'b'.repeat(64)]
    for (const name of names) {
      const created = await fetch(url + images, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(image(name)) })
      expect(created.status).toBe(201)
    }
    const patched = await fetch(`${url}${images}/${names[0]}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { labels: { team: 'a' } } }),
    })
    expect(patched.status).toBe(200)
    expect((await fetch(`${url}${images}/${names[1]}`, { method: 'DELETE' })).status).toBe(200)

    // The list is read from the store's key index, which only the store's create and delete events feed.
    const listed = (await (await fetch(url + images)).json()) as { items: Array<{ metadata: { name: string; labels?: Record<string, string> } }> }
    expect(listed.items.map((item) => [item.metadata.name, item.metadata.labels])).toEqual([[names[0], { team: 'a' }]])
    const selected = (await (await fetch(`${url}${images}?labelSelector=team%3Da`)).json()) as { items: unknown[] }
    expect(selected.items).toHaveLength(1)
  } finally {
    server.child.kill('SIGTERM')
  }
  const { code, stderr } = await server.result
  expect(code).toBe(0)
  expect(stderr).toContain('undici loaded: false')
})
