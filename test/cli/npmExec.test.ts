// `npx image-api-emulator serve` as the README documents it: npm exec runs the command through a
// shell, and a SIGTERM sent to npm (what a CI step, a process manager or `kill` does) ends npm and the
// shell but not their child. The server must stop too, rather than keep the port and run on unowned.
import { spawn } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { cliPath, sleep } from './cliProcess.ts'

const project = mkdtempSync(join(tmpdir(), 'image-api-emulator-npx-'))
let group: number | undefined

afterAll(() => {
  // npm, its shell and the server share the process group made for npm: nothing outlives the test.
  if (group !== undefined) {
    try {
      process.kill(-group, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  rmSync(project, { recursive: true, force: true })
})

/** Whether something still answers at `url` (the emulator's control API). */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/_emulator/clock`, { signal: AbortSignal.timeout(2000) })
    return true
  } catch {
    return false
  }
}

test('a SIGTERM sent to `npm exec image-api-emulator serve` stops the server', { timeout: 60_000 }, async () => {
  // A project with the command installed as npm links a package's bin (here: the sources, run by this Node).
  mkdirSync(join(project, 'node_modules/.bin'), { recursive: true })
  writeFileSync(join(project, 'package.json'), '{ "name": "app", "version": "1.0.0", "private": true }\n')
  const bin = join(project, 'node_modules/.bin/image-api-emulator')
  writeFileSync(bin, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} "$@"\n`)
  chmodSync(bin, 0o755)

  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VITEST|npm_)/.test(name)))
  const npm = spawn('npm', ['exec', '--', 'image-api-emulator', 'serve', '--port', '0', '--kubeconfig', join(project, 'kubeconfig')], {
    cwd: project,
    env: { ...env, npm_config_update_notifier: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  group = npm.pid
  let output = ''
  npm.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  npm.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  const npmExited = new Promise((resolve) => npm.on('exit', resolve))

  let url: string | undefined
  for (let waited = 0; !url; waited += 100) {
    if (waited > 30_000) throw new Error(`the server did not start:\n${output}`)
    url = /listening on (http:\/\/\S+)/.exec(output)?.[1]
    await sleep(100)
  }
  expect(await answers(url)).toBe(true)

  npm.kill('SIGTERM')
  await npmExited
  let stopped = false
  for (let waited = 0; waited < 15_000 && !stopped; waited += 250) {
    stopped = !(await answers(url))
    if (!stopped) await sleep(250)
  }
  expect(stopped).toBe(true)
  expect(output).toContain('image-api-emulator: npm exited, shutting down')
})
