// python-glanceclient's md-* commands against the standalone server with the shipped namespaces
// loaded: what an operator reads in the tables, and the 403 a protected namespace answers.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createEmulator } from '../../src/emulator.ts'
import { listen } from '../../src/runtimes/server.ts'
import { createCliHome, propertyTable, runGlance, type CliResult } from './glanceCli.ts'
import { tokens } from './glanceSetup.ts'

let server: Awaited<ReturnType<typeof listen>>
let home: string

beforeAll(async () => {
  const emulator = createEmulator({ seed: 12, auth: { tokens: { ...tokens } }, fixtures: ['glance-metadefs'] })
  server = await listen({ emulator, port: 0, host: '127.0.0.1' })
  home = createCliHome()
})

afterAll(async () => {
  await server?.close()
  server?.emulator.dispose()
})

const glance = (args: string[], token = 'admin-token'): Promise<CliResult> => runGlance(server.url, token, args, home)

async function succeed(args: string[], token?: string): Promise<string> {
  const result = await glance(args, token)
  if (result.code !== 0) throw new Error(`glance ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

/** The first column of a listing table (header row left out). */
function firstColumn(output: string): string[] {
  const rows = output.split('\n').map((line) => /^\| (.*?)\s*\|/.exec(line)?.[1]).filter((cell): cell is string => cell !== undefined)
  return rows.slice(1)
}

describe('glance md-* commands', () => {
  test('md-namespace-list follows the pages to all 33 shipped namespaces; md-namespace-show shows one', async () => {
    const names = firstColumn(await succeed(['md-namespace-list']))
    expect(names).toHaveLength(33)
    expect(names).toContain('OS::Glance::CommonImageProperties')
    // Two shipped files set no visibility: owned by `admin` and not public, a project does not see them.
    const seenByMember = firstColumn(await succeed(['md-namespace-list'], 'alice-token'))
    expect(seenByMember).toHaveLength(31)
    expect(seenByMember).toContain('OS::Compute::Watchdog')
    expect(seenByMember).not.toContain('OS::Glance::CommonImageProperties')
    const shown = propertyTable(await succeed(['md-namespace-show', 'OS::Compute::Watchdog'], 'alice-token'))
    expect(shown.get('display_name')).toBe('Watchdog Behavior')
    expect(shown.get('properties')).toBe('["watchdog_action"]')
    expect(shown.get('resource_type_associations')).toBe('["OS::Glance::Image", "OS::Cinder::Volume", "OS::Nova::Flavor"]')
    expect(shown.get('protected')).toBe('True')
  }, 60_000)

  test('md-namespace-create, md-object-create/show/list, md-property-create/list, md-tag-create-multiple/list, md-resource-type-associate', async () => {
    expect(propertyTable(await succeed(['md-namespace-create', 'cli-ns', '--visibility', 'public', '--display-name', 'CLI ns'])).get('visibility')).toBe('public')
    const object = propertyTable(
      await succeed(['md-object-create', 'cli-ns', '--name', 'obj1', '--schema', '{"description": "an object", "properties": {"speed": {"title": "Speed", "type": "integer"}}}']),
    )
    expect(object.get('properties')).toBe('["speed"]')
    expect(propertyTable(await succeed(['md-object-show', 'cli-ns', 'obj1'])).get('description')).toBe('an object')
    expect(firstColumn(await succeed(['md-object-list', 'cli-ns']))).toEqual(['obj1'])
    const property = propertyTable(await succeed(['md-property-create', 'cli-ns', '--name', 'p1', '--title', 'P1', '--schema', '{"type": "string", "enum": ["a", "b"]}']))
    expect(property.get('enum')).toBe('["a", "b"]')
    expect(firstColumn(await succeed(['md-property-list', 'cli-ns']))).toEqual(['p1'])
    expect(firstColumn(await succeed(['md-tag-create-multiple', 'cli-ns', '--names', 't1,t2']))).toEqual(['t1', 't2'])
    await succeed(['md-tag-create', 'cli-ns', '--name', 't3'])
    expect(firstColumn(await succeed(['md-tag-list', 'cli-ns'])).sort()).toEqual(['t1', 't2', 't3'])
    await succeed(['md-resource-type-associate', 'cli-ns', '--name', 'OS::Glance::Image', '--prefix', 'cli_'])
    expect(firstColumn(await succeed(['md-namespace-resource-type-list', 'cli-ns']))).toEqual(['OS::Glance::Image'])
    expect(firstColumn(await succeed(['md-resource-type-list']))).toEqual(expect.arrayContaining(['OS::Glance::Image', 'OS::Nova::Flavor']))
    await succeed(['md-namespace-delete', 'cli-ns'])
    expect((await glance(['md-namespace-show', 'cli-ns'])).code).not.toBe(0)
  }, 120_000)

  test('md-namespace-delete of a protected namespace fails with Glance text; a member may not create', async () => {
    const refused = await glance(['md-namespace-delete', 'OS::Compute::Watchdog'])
    expect(refused.code).toBe(1)
    expect(refused.stderr + refused.stdout).toContain('HTTP 403 Forbidden: Metadata definition namespace OS::Compute::Watchdog is protected and cannot be deleted.')
    const member = await glance(['md-namespace-create', 'members-ns'], 'alice-token')
    expect(member.code).toBe(1)
    expect(member.stderr + member.stdout).toContain('You are not authorized to complete add_metadef_namespace action.')
  }, 60_000)
})
