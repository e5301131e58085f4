// Scenario files: JSON, YAML and TypeScript (defineScenario) load into the same data, and a bad file
// is refused with every problem listed, each naming the file, the step and the field.
import { describe, expect, test } from 'vitest'
import { createEmulator } from '../../src/emulator.ts'
import { loadScenarioFile } from '../../src/scenarios/loadScenarioFile.ts'
import { parseScenario, parseScenarioText, ScenarioError } from '../../src/scenarios/parseScenario.ts'
import { readdirSync, readFileSync } from 'node:fs'
import * as builtIns from '../../scenarios/index.ts'

const files = 'test/scenarios/files'

async function problems(load: () => unknown): Promise<string[]> {
  try {
    await load()
  } catch (error) {
    if (error instanceof ScenarioError) return error.message.split('\n')
    throw error
  }
  throw new Error('expected the scenario to be refused')
}

describe('loading scenario files', () => {
  test('a YAML file with mistakes: every problem, by file, step and field, in step order', async () => {
    expect(await problems(() => loadScenarioFile(`${files}/invalid.yaml`))).toEqual([
      `${files}/invalid.yaml: step 1 ("no-trigger"): needs a trigger: at, after or when`,
      `${files}/invalid.yaml: step 1 ("no-trigger"): respond: answers a request, so it needs a when trigger`,
      `${files}/invalid.yaml: step 2 ("bad-status"): respond.status: must be an HTTP status code (200-599)`,
      `${files}/invalid.yaml: step 3 ("typo"): respnd: unknown field`,
      `${files}/invalid.yaml: step 4: at: must be a duration such as "90s", "2m", "1h30m", "300ms" or a number of milliseconds`,
      `${files}/invalid.yaml: step 5 ("orphan"): after: no step has the id "nobody"`,
      `${files}/invalid.yaml: step 6 ("nameless"): transition.name: required (only a when step can take it from the request path's :name)`,
      `${files}/invalid.yaml: step 7 ("reset-with-status"): respond.fault: connection-reset sends no response, so status would never be seen`,
    ])
  })

  test('the error keeps the problems as data too', async () => {
    const error = await loadScenarioFile(`${files}/invalid.yaml`).catch((e: unknown) => e as ScenarioError)
    expect(error).toBeInstanceOf(ScenarioError)
    expect((error as ScenarioError).issues[2]).toEqual({
      source: `${files}/invalid.yaml`,
      step: 2,
      stepId: 'bad-status',
      field: 'respond.status',
      message: 'must be an HTTP status code (200-599)',
    })
  })

  test('a file that is not JSON, a missing file, an unknown extension', async () => {
    expect(await problems(() => loadScenarioFile(`${files}/broken.json`))).toEqual([
      `${files}/broken.json: not JSON: Expected double-quoted property name in JSON at position 46 (line 2 column 1)`,
    ])
    expect((await problems(() => loadScenarioFile(`${files}/missing.yaml`)))[0]).toMatch(/^test\/scenarios\/files\/missing\.yaml: no such file: /)
    expect(await problems(() => loadScenarioFile(`${files}/images.txt`))).toEqual([
      `${files}/images.txt: unknown scenario file type ".txt": use .json, .yaml, .yml, .ts, .mts, .js or .mjs`,
    ])
  })

  test('a TypeScript file with defineScenario loads as data', async () => {
    expect(await loadScenarioFile(`${files}/typed.ts`)).toEqual({
      name: 'typed',
      steps: [{ id: 'teapot', when: { method: 'GET', path: '/v2/images/:id' }, respond: { status: 418, body: 'short and stout' } }],
    })
  })

  test('fixture paths are read relative to the scenario file', async () => {
    const scenario = await loadScenarioFile(`${files}/with-fixture-file.yaml`)
    expect(scenario.fixtures).toEqual([[expect.objectContaining({ kind: 'Image', dockerImageReference: expect.stringContaining('@sha256:5555') })]])
    const emulator = createEmulator()
    const handle = emulator.play(scenario)
    await handle.ready
    const name = `sha256:${'5'.repeat(64)}`
    expect(emulator.openshift.images.get(name)?.metadata.labels).toEqual({ stage: 'loaded' })
    await emulator.clock.advance('1m')
    expect(emulator.openshift.images.get(name)?.metadata.labels).toEqual({ stage: 'relabelled' })
    handle.expectComplete()
    emulator.dispose()
  })

  test('JSON and YAML text parse to the same scenario; methods are normalised to upper case', () => {
    const yaml = 'name: same\nsteps:\n  - when: { method: put, path: /v2/images/:id }\n    respond: { status: 409 }\n'
    const json = '{"name":"same","steps":[{"when":{"method":"put","path":"/v2/images/:id"},"respond":{"status":409}}]}'
    expect(parseScenarioText(yaml, 'a.yaml')).toEqual(parseScenarioText(json, 'a.json', 'json'))
    expect(parseScenarioText(yaml, 'a.yaml').steps[0]!.when!.method).toBe('PUT')
  })
})

describe('rules that span fields', () => {
  const base = (steps: unknown[], extra: Record<string, unknown> = {}) => ({ name: 'rules', steps, ...extra })
  const refused = (value: unknown) => problems(() => parseScenario(value, 'rules.json'))

  test('ids are unique; after never waits in a circle; an unknown fixture set is named', async () => {
    expect(
      await refused(
        base(
          [
            { id: 'a', after: 'b', watch: { action: 'close' } },
            { id: 'b', after: 'a', watch: { action: 'close' } },
            { id: 'a', at: '1m', watch: { action: 'close' } },
          ],
          { fixtures: ['glance-images', 'no-such-set'] },
        ),
      ),
    ).toEqual([
      'rules.json: fixtures[1]: unknown fixture set "no-such-set"; built-in sets: openshift-images, cci-snapshots, glance-images, glance-metadefs (a file path works only in a scenario file)',
      'rules.json: step 1 ("a"): after: steps that wait for each other in a circle never fire',
      'rules.json: step 2 ("b"): after: steps that wait for each other in a circle never fire',
      'rules.json: step 3 ("a"): id: another step already has the id "a"',
    ])
  })

  test('a target taken from the request path needs that path segment; Glance images are named by id', async () => {
    expect(
      await refused(
        base([
          { when: { method: 'PUT', path: '/apis/cci/v2/imagesnapshots' }, transition: { api: 'cci', to: 'Failed' } },
          { when: { path: '/v2/images/:id' }, delete: { api: 'glance', name: 'x' } },
          { at: '1m', create: { api: 'cci', object: { kind: 'ImageSnapshot' } } },
        ]),
      ),
    ).toEqual([
      'rules.json: step 1: transition.name: required: every when.path must have a :name segment to take it from',
      'rules.json: step 2: delete.name: Glance images are named by id: use id',
      'rules.json: step 3: create.object.metadata: a Kubernetes object needs metadata.name or metadata.generateName',
    ])
  })

  test('answers that could never be seen are refused', async () => {
    expect(
      await refused(
        base([
          { when: {}, respond: { fault: 'hang', headers: { 'x-a': 'b' } } },
          { when: {}, respond: { retryAfter: '5s' } },
          { when: {}, respond: { status: 200, reason: 'Conflict' } },
          { when: {}, respond: { status: 409, message: 'm', body: { own: true } } },
          { at: '1m', times: 2, watch: { action: 'emit' } },
        ]),
      ),
    ).toEqual([
      'rules.json: step 1: respond.fault: hang sends no response, so headers would never be seen',
      'rules.json: step 2: respond.retryAfter: needs a status (e.g. 429 or 503)',
      'rules.json: step 3: respond.reason: describes an error, but the status is not one (400-599)',
      'rules.json: step 4: respond.body: a body of your own replaces the rendered error, so message would never be seen',
      'rules.json: step 5: times: only a when step counts requests',
      'rules.json: step 5: watch.event: required: emit sends this event',
    ])
  })

  test('prototype pollution: __proto__ keys are refused anywhere, constructor and prototype in the maps matched on', async () => {
    const polluted = JSON.parse(
      '{"name":"p","steps":[{"when":{"headers":{"constructor":"x"},"body":{"__proto__":{"polluted":true}}},"respond":{"status":409}},{"at":"1m","create":{"api":"openshift","object":{"metadata":{"name":"a"},"__proto__":{"polluted":true}}}}]}',
    )
    expect(await refused(polluted)).toEqual([
      'rules.json: step 1: when.body.__proto__: this key is not allowed',
      'rules.json: step 2: create.object.__proto__: this key is not allowed',
    ])
    const constructorKey = JSON.parse('{"name":"p","steps":[{"when":{"headers":{"constructor":"x"}},"respond":{"status":409}}]}')
    expect(await refused(constructorKey)).toEqual(['rules.json: step 1: when.headers.constructor: this key is not allowed'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  test('scenarios are plain data: no functions', async () => {
    expect(await refused(base([{ at: '1m', watch: { action: 'close' }, description: () => 'x' }]))).toEqual([
      'rules.json: step 1: description: must be plain data, not function',
    ])
  })

  test('emulator.play() validates too, naming the scenario', async () => {
    const emulator = createEmulator()
    expect(await problems(() => emulator.play({ name: 'typo', steps: [{ at: '1m', watch: { action: 'explode' } }] }))).toEqual([
      'scenario "typo": step 1: watch.action: must be one of "emit", "bookmark", "expire", "close", "stall"',
    ])
    expect(emulator.scenarios.playing()).toEqual([])
    emulator.dispose()
  })
})

describe('the built-in library', () => {
  const files = readdirSync('scenarios').filter((file) => file !== 'index.ts')

  test('one scenario per file, each opening with a comment on what it shows, each exported by name', () => {
    expect(files).toHaveLength(9)
    for (const file of files) expect(readFileSync(`scenarios/${file}`, 'utf8').split('\n')[0]).toMatch(/^\/\/ Shows .{20,}/)
    expect(Object.keys(builtIns.builtInScenarios).sort()).toEqual(files.map((file) => file.replace(/\.ts$/, '')).sort())
  })

  test.each(Object.entries(builtIns).filter(([, value]) => typeof value === 'object' && value !== null && 'steps' in value))('%s is a valid scenario', (_, scenario) => {
    expect(() => parseScenario(scenario, 'built-in')).not.toThrow()
  })
})
