// Unmodified OpenStack clients log in against the emulator's own Keystone and use the image endpoint
// from the token's catalog: the `openstack` CLI (Debian's python3-openstackclient) with OS_* variables
// and with a clouds.yaml, and openstacksdk, which re-authenticates when a request answers 401 after
// the emulator clock passes the token's expires_at.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createEmulator } from '../../src/emulator.ts'
import { listen } from '../../src/runtimes/server.ts'
import { runBounded } from '../support/boundedProcess.ts'
import { seededBytes } from '../support/seededBytes.ts'

let server: Awaited<ReturnType<typeof listen>>
let home: string

beforeAll(async () => {
  // A start far ahead of the wall clock: keystoneauth compares expires_at with its own clock, so a token
  // only goes stale when the emulator says so (a 401), never because the machine's date moved on.
  const emulator = createEmulator({ seed: 5, clock: { mode: 'manual', start: '2099-01-01T00:00:00Z' }, auth: { tokens: { 'operator-token': { user: 'operator', admin: true } } } })
  server = await listen({ emulator, port: 0, host: '127.0.0.1' })
  home = mkdtempSync(join(tmpdir(), 'openstack-home-'))
})

afterAll(async () => {
  await server?.close()
  server?.emulator.dispose()
})

const baseEnv = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', PYTHONWARNINGS: 'ignore' })

const passwordEnv = (user = 'demo') => ({
  ...baseEnv(),
  OS_AUTH_URL: `${server.url}/identity`,
  OS_IDENTITY_API_VERSION: '3',
  OS_USERNAME: user,
  OS_PASSWORD: 'secret',
  OS_PROJECT_NAME: user,
  OS_USER_DOMAIN_NAME: 'Default',
  OS_PROJECT_DOMAIN_NAME: 'Default',
  OS_REGION_NAME: 'RegionOne',
})

async function openstack(args: string[], env: NodeJS.ProcessEnv) {
  const result = await runBounded('openstack', args, { env, timeoutMs: 60_000 })
  if (result.code !== 0) throw new Error(`openstack ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

describe('the openstack CLI', () => {
  test('image create/list/show/save/delete with OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME', async () => {
    const env = passwordEnv()
    const data = seededBytes(4096, 3)
    const file = join(home, 'disk.raw')
    writeFileSync(file, data)
    const created = JSON.parse(await openstack(['image', 'create', '--disk-format', 'raw', '--container-format', 'bare', '--file', file, '-f', 'json', 'cli-disk'], env))
    // The CLI prints the image as the POST created it; the upload follows.
    expect(created).toMatchObject({ name: 'cli-disk', disk_format: 'raw' })
    const demoProject = server.emulator.identity.projects().find((project) => project.name === 'demo')!
    expect(created.owner).toBe(demoProject.id)

    const listed = JSON.parse(await openstack(['image', 'list', '-f', 'json'], env)) as Array<{ Name: string }>
    expect(listed.map((row) => row.Name)).toContain('cli-disk')
    const shown = JSON.parse(await openstack(['image', 'show', '-f', 'json', 'cli-disk'], env))
    expect(shown).toMatchObject({ id: created.id, status: 'active', size: 4096 })
    const saved = join(home, 'saved.raw')
    await openstack(['image', 'save', '--file', saved, created.id], env)
    expect(readFileSync(saved).equals(data)).toBe(true)
    await openstack(['image', 'delete', created.id], env)
    expect(server.emulator.glance.images().some((image) => image.id === created.id)).toBe(false)

    const logins = server.emulator.journal.entries().filter((entry) => entry.method === 'POST' && entry.url.startsWith('/identity/v3/auth/tokens'))
    expect(logins.length).toBeGreaterThanOrEqual(5)
    expect(logins.every((entry) => entry.status === 201)).toBe(true)
  }, 180_000)

  test('a clouds.yaml cloud, and a wrong password ends with the CLI reporting the 401', async () => {
    const configDir = join(home, '.config', 'openstack')
    mkdirSync(configDir, { recursive: true })
    writeFileSync(
      join(configDir, 'clouds.yaml'),
      [
        'clouds:',
        '  emulator:',
        '    auth:',
        `      auth_url: ${server.url}/v3`,
        '      username: alt_demo',
        '      password: secret',
        '      project_name: alt_demo',
        '      user_domain_name: Default',
        '      project_domain_name: Default',
        '    region_name: RegionOne',
        '    identity_api_version: 3',
        '',
      ].join('\n'),
    )
    const listed = JSON.parse(await openstack(['--os-cloud', 'emulator', 'image', 'list', '-f', 'json'], baseEnv())) as unknown[]
    expect(Array.isArray(listed)).toBe(true)

    const refused = await runBounded('openstack', ['image', 'list'], { env: { ...passwordEnv(), OS_PASSWORD: 'wrong' }, timeoutMs: 60_000 })
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain('The request you have made requires authentication. (HTTP 401)')
  }, 120_000)
})

describe('openstacksdk', () => {
  test('openstack.connect(auth_url=…, username=…) re-authenticates after the emulator clock passes expires_at', async () => {
    server.emulator.journal.clear()
    const script = [
      'import json, urllib.request, openstack',
      'url = __import__("sys").argv[1]',
      'conn = openstack.connect(auth_url=url + "/identity", username="demo", password="secret", project_name="demo",',
      '    user_domain_name="Default", project_domain_name="Default", region_name="RegionOne")',
      'conn.image.create_image(name="sdk-image", disk_format="raw", container_format="bare", data=b"abc", allow_duplicates=True)',
      'first = sorted(i.name for i in conn.image.images())',
      'advance = urllib.request.Request(url + "/_emulator/clock/advance", data=b\'{"by": "61m"}\', method="POST", headers={"content-type": "application/json", "x-auth-token": "operator-token"})',
      'urllib.request.urlopen(advance).read()',
      'second = sorted(i.name for i in conn.image.images())',
      'print(json.dumps({"first": first, "second": second}))',
    ].join('\n')
    // A home of its own: no clouds.yaml from the CLI tests.
    const sdkHome = mkdtempSync(join(tmpdir(), 'openstacksdk-home-'))
    const file = join(sdkHome, 'reauth.py')
    writeFileSync(file, script)
    const result = await runBounded('/usr/bin/python3', [file, server.url], { env: { ...baseEnv(), HOME: sdkHome }, timeoutMs: 60_000 })
    if (result.code !== 0) throw new Error(`python exited ${result.code}\n${result.stdout}\n${result.stderr}`)
    const printed = JSON.parse(result.stdout.trim().split('\n').at(-1)!)
    expect(printed.first).toContain('sdk-image')
    expect(printed.second).toEqual(printed.first)

    const steps = server.emulator.journal
      .entries()
      .filter((entry) => entry.url.startsWith('/identity/v3/auth/tokens') || entry.url.startsWith('/v2/images'))
      .map((entry) => `${entry.method} ${entry.url.split('?')[0]} ${entry.status}`)
    const logins = steps.filter((step) => step.startsWith('POST /identity/v3/auth/tokens 201'))
    expect(logins).toHaveLength(2)
    // The list after the clock moved was refused once, then answered with the new token.
    const refusedAt = steps.indexOf('GET /v2/images 401')
    expect(refusedAt).toBeGreaterThan(-1)
    expect(steps.slice(refusedAt)).toEqual(['GET /v2/images 401', 'POST /identity/v3/auth/tokens 201', 'GET /v2/images 200'])
  })
})
