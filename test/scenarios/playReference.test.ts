// One rule for play(): a scenario object, a built-in scenario's name, or (once a Node entry point is
// loaded) a scenario file's path — for emulator.play(), the vitest emulator (the same object) and the
// browser console. Without the Node file loader a path is refused saying where files can be read.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { createEmulator, type Emulator } from '../../src/index.ts'
import { createEmulatorConsole } from '../../src/runtimes/emulatorConsole.ts'

const directory = mkdtempSync(join(tmpdir(), 'image-api-emulator-play-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

const snapshot = (name: string) => ({ apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx:latest' }] } })
const snapshots = 'http://cci.example/apis/cci/v2/imagesnapshots'

/** Creates snap-1, then answers the status codes of two PUTs of it (CCI-9: the update of a stored snapshot). */
async function twoUpdates(emulator: Emulator): Promise<number[]> {
  const created = await emulator.dispatch(new Request(snapshots, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(snapshot('snap-1')) }))
  expect(created.status).toBe(201)
  const codes: number[] = []
  for (let i = 0; i < 2; i++) {
    const current = (await (await emulator.dispatch(new Request(`${snapshots}/snap-1`))).json()) as object
    const put = await emulator.dispatch(new Request(`${snapshots}/snap-1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(current) }))
    codes.push(put.status)
  }
  return codes
}

describe('without a Node entry point (as in a browser)', () => {
  test('a built-in scenario by name plays: update-conflict answers the first update 409', async () => {
    const emulator = createEmulator({ clock: { mode: 'manual' } })
    const handle = emulator.play('update-conflict')
    expect(handle.scenario.name).toBe('update-conflict')
    expect(await twoUpdates(emulator)).toEqual([409, 200])
    emulator.dispose()
  })

  test('an unknown name lists the built-in scenarios', () => {
    const emulator = createEmulator()
    expect(() => emulator.play('update-conflcit')).toThrowError(/^unknown scenario "update-conflcit": built-in scenarios are update-conflict, rate-limited, .*; a scenario file is named by its path \(\.\/update-conflcit\.yaml\)$/)
    emulator.dispose()
  })

  test('a file path is refused, saying which entry points read files; the console says the same', () => {
    const emulator = createEmulator()
    const expected = './cases/conflict.yaml: a scenario file is read by the Node entry points (import image-api-emulator/node, /vitest or /server, or run the command); in a browser, play a scenario object or a built-in scenario by name'
    expect(() => emulator.play('./cases/conflict.yaml')).toThrowError(expected)
    expect(() => createEmulatorConsole(() => emulator).play('./cases/conflict.yaml')).toThrowError(expected)
    expect(emulator.scenarios.playing()).toEqual([])
    emulator.dispose()
  })
})

describe('with image-api-emulator/node loaded', () => {
  test('a YAML file by path plays; requests made before it is read wait for it', async () => {
    await import('../../src/runtimes/node.ts')
    const file = join(directory, 'conflict.yaml')
    writeFileSync(file, 'name: my-conflict\nsteps:\n  - when: { method: PUT, path: /apis/cci/v2/imagesnapshots/:name }\n    times: 1\n    respond: { status: 409 }\n')
    const emulator = createEmulator({ clock: { mode: 'manual' } })
    const handle = emulator.play(file)
    expect(await twoUpdates(emulator)).toEqual([409, 200])
    expect(handle.scenario.name).toBe('my-conflict')
    expect(() => handle.expectComplete()).not.toThrow()
    emulator.dispose()
  })

  test('a JSON file by a relative path, through the browser console API too', async () => {
    await import('../../src/runtimes/node.ts')
    const file = join(directory, 'conflict.json')
    writeFileSync(file, JSON.stringify({ name: 'json-conflict', steps: [{ when: { method: 'PUT', path: '/apis/cci/v2/imagesnapshots/:name' }, times: 1, respond: { status: 409 } }] }))
    const emulator = createEmulator({ clock: { mode: 'manual' } })
    const handle = createEmulatorConsole(() => emulator).play(relative(process.cwd(), file))
    await handle.ready
    expect(emulator.scenarios.playing().map((playing) => playing.scenario.name)).toEqual(['json-conflict'])
    expect(await twoUpdates(emulator)).toEqual([409, 200])
    emulator.dispose()
  })

  test('a missing file: ready rejects naming it, expectComplete() says the same, the emulator goes on after a reset', async () => {
    await import('../../src/runtimes/node.ts')
    const emulator = createEmulator({ clock: { mode: 'manual' } })
    const missing = join(directory, 'missing.yaml')
    const handle = emulator.play(missing)
    await expect(handle.ready).rejects.toThrowError(`${missing}: no such file: ${missing}`)
    expect(() => handle.expectComplete()).toThrowError(`no such file: ${missing}`)
    expect(handle.playing).toBe(false)
    await emulator.reset()
    expect(await twoUpdates(emulator)).toEqual([200, 200])
    emulator.dispose()
  })
})
