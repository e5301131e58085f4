// `image-api-emulator serve` as a person runs it: help, refusals of bad flags (exit 2) and of a busy
// port (exit 1), what it prints when it is up (the URL, a kubeconfig it wrote), fixtures from names
// and files, tokens, and a clean exit on SIGTERM/SIGINT even while a watch is open.
import { afterEach, describe, expect, test } from 'vitest'
import { createServer, type Server } from 'node:net'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { killAll, runCli, startCli, type CliProcess } from './cliProcess.ts'

afterEach(() => killAll())

const listening = /listening on (https?:\/\/127\.0\.0\.1:\d+)/
const testCert = new URL('../support/tls/localhost.crt', import.meta.url).pathname
const testKey = new URL('../support/tls/localhost.key', import.meta.url).pathname
const kubeconfigLine = /^kubeconfig: (.+)$/m

async function started(cli: CliProcess): Promise<{ url: string; kubeconfig: string }> {
  const [, url] = await cli.waitFor(listening)
  const [, kubeconfig] = await cli.waitFor(kubeconfigLine)
  // The last thing printed: the kubeconfig itself, or (with tokens) the note that it stays in its file.
  await cli.waitFor(/current-context: image-api-emulator\n|not printed here\)\n/)
  return { url: url!, kubeconfig: kubeconfig! }
}

describe('image-api-emulator serve', () => {
  test('--help prints the options and exits 0', async () => {
    const result = await runCli(['--help'])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout.split('\n')[0]).toBe('Usage: image-api-emulator serve [options]')
    for (const flag of ['--port', '--host', '--seed', '--clock', '--speed', '--fixtures', '--token', '--help']) expect(result.stdout).toContain(`  ${flag}`)
    expect(result.stdout).toContain('POST /_emulator/reset')
    expect((await runCli(['serve', '--help'])).stdout).toBe(result.stdout)
  })

  // Fourteen starts of the command, one after another: about 1 s each on a quiet machine.
  test('a bad flag or value is a one-line message on stderr and exit 2', async () => {
    const cases: Array<[string[], string]> = [
      [['serve', '--bogus'], 'unknown option --bogus'],
      [['serve', '--port'], 'option --port needs a value'],
      [['serve', '--port', 'eighty'], '--port must be a port number (0-65535), got "eighty"'],
      [['serve', '--port', '70000'], '--port must be a port number (0-65535), got "70000"'],
      [['serve', '--clock', 'sometimes'], '--clock must be realtime or manual, got "sometimes"'],
      [['serve', '--speed', '0'], '--speed must be a positive number, got "0"'],
      [['serve', '--clock', 'manual', '--speed', '10'], '--speed applies to --clock realtime only'],
      [['serve', '--start', 'yesterday'], '--start must be an RFC 3339 time such as 2026-01-01T00:00:00Z, got "yesterday"'],
      [['serve', '--fixtures', 'no-such-set'], '--fixtures "no-such-set" is neither a built-in set (openshift-images, cci-snapshots, glance-images, glance-metadefs) nor a file path'],
      [['serve', '--fixtures', './missing.json'], '--fixtures ./missing.json: no such file'],
      [['start'], 'unknown command "start" (the only command is serve)'],
      [['serve', '--tls-cert', testCert], '--tls-cert and --tls-key go together'],
      [['serve', '--tls-cert', testCert, '--tls-key', './missing.key'], '--tls-key ./missing.key: no such file'],
      [['serve', '--tls-cert', testCert, '--tls-key', testCert], '--tls-cert and --tls-key must be a PEM certificate and its private key'],
    ]
    for (const [args, message] of cases) {
      const result = await runCli(args)
      expect({ args, code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
        args,
        code: 2,
        stdout: '',
        stderr: `image-api-emulator: ${message}\nRun 'image-api-emulator --help' for the options.\n`,
      })
    }
  }, 60_000)

  test('a busy port is a clear message and exit 1', async () => {
    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const result = await runCli(['serve', '--port', String(port)])
      expect(result.code).toBe(1)
      expect(result.stdout).toBe('')
      expect(result.stderr).toBe(`image-api-emulator: 127.0.0.1:${port} is already in use; choose another port with --port (0 picks a free one)\n`)
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()))
    }
  })

  test('prints the URL and a kubeconfig it wrote; serves fixtures by name and from files; manual clock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-fixtures-'))
    try {
      const file = join(dir, 'mine.json')
      writeFileSync(
        file,
        JSON.stringify([{ apiVersion: 'image.openshift.io/v1', kind: 'Image', metadata: { name: 'sha256:' + 'a'.repeat(64) }, dockerImageReference: 'quay.io/mine/app:1' }]),
      )
      const cli = startCli(['serve', '--port', '0', '--clock', 'manual', '--seed', '9', '--fixtures', 'openshift-images', '--fixtures', file])
      const { url, kubeconfig } = await started(cli)
      expect(cli.stdout()).toContain(`  OpenShift: ${url}/apis/image.openshift.io/v1/images\n`)
      expect(cli.stdout()).toContain(`  clock manual at 2026-01-01T00:00:00Z, seed 9, auth open\n`)
      expect(cli.stdout()).toContain(`  export KUBECONFIG=${kubeconfig}\n`)
      const config = parseYaml(readFileSync(kubeconfig, 'utf8'))
      expect(config).toMatchObject({
        kind: 'Config',
        'current-context': 'image-api-emulator',
        clusters: [{ name: 'image-api-emulator', cluster: { server: url } }],
      })
      // The printed snippet is the file.
      expect(cli.stdout().endsWith(readFileSync(kubeconfig, 'utf8'))).toBe(true)

      const list = await (await fetch(`${url}/apis/image.openshift.io/v1/images`)).json()
      expect(list.items.map((item: any) => item.dockerImageReference)).toContain('quay.io/mine/app:1')
      expect(list.items).toHaveLength(4)

      expect(await (await fetch(`${url}/_emulator/clock`)).json()).toEqual({ now: '2026-01-01T00:00:00Z', mode: 'manual', pendingTimers: 0 })
      cli.child.kill('SIGTERM')
      expect(await cli.exited).toEqual({ code: 0, signal: null })
      // The kubeconfig it wrote in its own temporary directory goes with it.
      expect(existsSync(dirname(kubeconfig))).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('SIGTERM with an open watch: the watch ends, the process exits 0', async () => {
    const cli = startCli(['serve', '--port', '0', '--clock', 'manual', '--fixtures', 'openshift-images'])
    const { url } = await started(cli)
    const watch = await fetch(`${url}/apis/image.openshift.io/v1/images?watch=true`)
    expect(watch.status).toBe(200)
    const reader = watch.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    while ((text.match(/\n/g) ?? []).length < 3) {
      const { value, done } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
    }
    expect(text.split('\n').filter(Boolean).map((line) => JSON.parse(line).type)).toEqual(['ADDED', 'ADDED', 'ADDED'])

    cli.child.kill('SIGTERM')
    // The stream ends (no error), then the process exits.
    for (;;) {
      const { done } = await reader.read()
      if (done) break
    }
    expect(await cli.exited).toEqual({ code: 0, signal: null })
    expect(cli.stdout()).toContain('image-api-emulator: SIGTERM, shutting down\n')
    expect(cli.stderr()).toBe('')
  })

  test('--scenario plays a scenario file (and replays it after a reset); a broken file is exit 2 naming the step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-cli-'))
    try {
      const file = join(dir, 'conflict.yaml')
      writeFileSync(file, ['name: first-post-conflicts', 'steps:', '  - when: { method: POST, path: /apis/image.openshift.io/v1/images }', '    times: 1', '    respond: { status: 409 }', ''].join('\n'))
      const cli = startCli(['serve', '--port', '0', '--clock', 'manual', '--scenario', file])
      try {
        const [, url] = await cli.waitFor(/listening on (http:\/\/\S+)/)
        const post = () =>
          fetch(`${url}/apis/image.openshift.io/v1/images`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ metadata: { name: 'one' }, dockerImageReference: 'quay.io/a/b:1' }),
          })
        const conflict = await post()
        expect(conflict.status).toBe(409)
        expect((await conflict.json()).reason).toBe('Conflict')
        expect((await post()).status).toBe(201)
        await fetch(`${url}/_emulator/reset`, { method: 'POST' })
        expect((await post()).status).toBe(409)
      } finally {
        cli.kill()
        await cli.exited
      }
      const broken = join(dir, 'broken.json')
      writeFileSync(broken, JSON.stringify({ name: 'broken', steps: [{ at: '1m', respond: { status: 409 } }] }))
      const result = await runCli(['serve', '--port', '0', '--scenario', broken])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`--scenario ${broken}: ${broken}: step 1`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('SIGINT (Ctrl-C) exits 0 too', async () => {
    const cli = startCli(['serve', '--port', '0'])
    await started(cli)
    cli.child.kill('SIGINT')
    expect(await cli.exited).toEqual({ code: 0, signal: null })
  })

  test('--tls-cert and --tls-key: it serves https, and the kubeconfig points there with the token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-tls-'))
    try {
      const path = join(dir, 'config')
      const cli = startCli(['serve', '--port', '0', '--token', 's3cret', '--tls-cert', testCert, '--tls-key', testKey, '--kubeconfig', path])
      const { url } = await started(cli)
      expect(url).toMatch(/^https:/)
      const config = parseYaml(readFileSync(path, 'utf8'))
      expect(config.clusters).toEqual([{ name: 'image-api-emulator', cluster: { server: url, 'insecure-skip-tls-verify': true } }])
      expect(config.users).toEqual([{ name: 'image-api-emulator', user: { token: 's3cret' } }])
      // Over https kubectl sends the token: no warning that it will not.
      expect(cli.stdout()).not.toContain('kubectl sends tokens only over https')
      // A plain http request to the https port gets no answer from the APIs.
      await expect(fetch(url.replace('https:', 'http:') + '/version')).rejects.toThrow()
      cli.child.kill('SIGTERM')
      expect(await cli.exited).toEqual({ code: 0, signal: null })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('--token: the APIs and the control API want it; the kubeconfig carries it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-kubeconfig-'))
    try {
      const path = join(dir, 'config')
      const cli = startCli(['serve', '--port', '0', '--clock', 'manual', '--token', 's3cret', '--kubeconfig', path])
      const { url, kubeconfig } = await started(cli)
      expect(kubeconfig).toBe(path)
      expect(parseYaml(readFileSync(path, 'utf8')).users).toEqual([{ name: 'image-api-emulator', user: { token: 's3cret' } }])
      expect(cli.stdout()).toContain('kubectl sends tokens only over https')
      // The token is in the file only: what is printed (and kept in CI logs) does not carry it.
      expect(cli.stdout()).not.toContain('s3cret')

      const anonymous = await fetch(`${url}/apis/image.openshift.io/v1/images`)
      expect(anonymous.status).toBe(401)
      expect(await anonymous.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 })
      expect((await fetch(`${url}/_emulator/clock`)).status).toBe(401)
      expect((await fetch(`${url}/apis`)).status).toBe(401)
      // /version stays public, as on a real cluster; a wrong token is refused even there.
      expect((await fetch(`${url}/version`)).status).toBe(200)
      expect((await fetch(`${url}/version`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401)
      const authorized = { authorization: 'Bearer s3cret' }
      expect((await fetch(`${url}/apis/image.openshift.io/v1/images`, { headers: authorized })).status).toBe(200)
      expect((await fetch(`${url}/_emulator/clock`, { headers: authorized })).status).toBe(200)

      cli.child.kill('SIGTERM')
      expect(await cli.exited).toEqual({ code: 0, signal: null })
      // A kubeconfig path the user chose is theirs to keep.
      expect(existsSync(path)).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('--token-file and $IMAGE_API_EMULATOR_TOKENS: tokens off the command line, and never printed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-token-file-'))
    try {
      const tokenFile = join(dir, 'tokens')
      writeFileSync(tokenFile, '# CI tokens\nfrom-file-1\n\nfrom-file-2\n')
      const path = join(dir, 'config')
      const cli = startCli(['serve', '--port', '0', '--token-file', tokenFile, '--kubeconfig', path], { IMAGE_API_EMULATOR_TOKENS: 'from-env-1, from-env-2' })
      const { url } = await started(cli)
      for (const token of ['from-file-1', 'from-file-2', 'from-env-1', 'from-env-2']) {
        expect((await fetch(`${url}/apis/image.openshift.io/v1/images`, { headers: { authorization: `Bearer ${token}` } })).status, token).toBe(200)
        expect(cli.stdout()).not.toContain(token)
      }
      expect((await fetch(`${url}/apis/image.openshift.io/v1/images`, { headers: { authorization: 'Bearer # CI tokens' } })).status).toBe(401)
      // The kubeconfig file carries the first token, readable by its owner only.
      expect(parseYaml(readFileSync(path, 'utf8')).users).toEqual([{ name: 'image-api-emulator', user: { token: 'from-file-1' } }])
      expect(statSync(path).mode & 0o777).toBe(0o600)
      expect(cli.stdout()).toContain(`kubeconfig: ${path}`)
      cli.child.kill('SIGTERM')
      expect(await cli.exited).toEqual({ code: 0, signal: null })
      const missing = await runCli(['serve', '--port', '0', '--token-file', join(dir, 'nope')])
      expect(missing.code).toBe(2)
      expect(missing.stderr).toContain(`--token-file ${join(dir, 'nope')}: no such file`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
