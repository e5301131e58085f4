// `image-api-emulator serve --identity <file>`: the server's Keystone knows the file's users and
// projects (and not the built-in ones); a broken file is refused before anything listens, exit 2 with
// one line naming the problem.
import { afterEach, describe, expect, test } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { killAll, runCli, startCli } from './cliProcess.ts'

afterEach(() => killAll())

const dir = mkdtempSync(join(tmpdir(), 'identity-cli-'))
const write = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

async function login(url: string, user: string, password: string, project: string) {
  const response = await fetch(`${url}/identity/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: user, domain: { name: 'Default' }, password } } }, scope: { project: { name: project, domain: { name: 'Default' } } } } }),
  })
  await response.text()
  return response
}

describe('serve --identity', () => {
  test('the file decides who can log in; the banner prints the identity URL', async () => {
    const file = write(
      'identity.yaml',
      ['tokenLifetime: 10m', 'projects: [{ name: ops }]', 'users: [{ name: alice, password: wonderland }]', 'roles: [admin, member, reader]', 'assignments:', '  - { user: alice, project: ops, roles: [member] }', ''].join('\n'),
    )
    const cli = startCli(['serve', '--port', '0', '--clock', 'manual', '--identity', file])
    const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/)
    await cli.waitFor(/current-context: image-api-emulator\n/)
    expect(cli.stdout()).toContain(`  Identity:  ${url}/identity/v3 (Keystone; OS_AUTH_URL=${url}/identity)\n`)
    const alice = await login(url!, 'alice', 'wonderland', 'ops')
    expect(alice.status).toBe(201)
    expect((await login(url!, 'demo', 'secret', 'demo')).status).toBe(401)
    cli.child.kill('SIGTERM')
    expect((await cli.exited).code).toBe(0)
  })

  test('a missing file, a file that is not YAML, an unknown field or a dangling reference: exit 2, one line', async () => {
    const cases: Array<[string, string]> = [
      [join(dir, 'missing.yaml'), `--identity ${join(dir, 'missing.yaml')}: no such file`],
      [write('broken.json', '{"users": ['), `--identity ${join(dir, 'broken.json')}: not JSON (`],
      [write('unknown.yaml', 'users: [{ name: a, password: b, colour: red }]\n'), `--identity ${join(dir, 'unknown.yaml')}: users.0: Unrecognized key: "colour"`],
      [write('dangling.yaml', 'users: [{ name: a, password: b }]\nassignments: [{ user: a, project: nowhere, roles: [member] }]\n'), `--identity ${join(dir, 'dangling.yaml')}: assignment for a: no project "nowhere"`],
    ]
    for (const [path, message] of cases) {
      const result = await runCli(['serve', '--port', '0', '--identity', path])
      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr.split('\n')[0]).toContain(`image-api-emulator: ${message}`)
      expect(result.stderr).toContain("Run 'image-api-emulator --help' for the options.\n")
    }
  })
})
