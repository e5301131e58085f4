// kubectl 1.32 against the standalone server: discovery includes the cci group (CCI-52), so
// `kubectl get imagesnapshots` prints the server's Table (CCI-53), and `kubectl delete` waits on a
// watch until the lifecycle, driven by the emulator's clock, removes the object (CCI-39, K-41).
// `create -f` validates against the OpenAPI document built from the resource definition (K-40).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createEmulator } from '../../src/emulator.ts'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'
import { createRequests, snapshot, snapshots } from './cciRequests.ts'
import { withoutKubectl, noKubectl, useKubectl, type Kubectl } from '../kubectl/kubectlRunner.ts'

describe.skipIf(withoutKubectl)(`kubectl against the standalone CCI emulator${noKubectl}`, () => {
  let server: RunningServer
  let kubectl: Kubectl

  beforeAll(async () => {
    const emulator = createEmulator({
      seed: 3,
      lifecycle: { cci: { overrides: { 'snap-failed': { outcome: 'Failed', failure: { reason: 'ImagePullFailed', message: 'pull redis:7.2: 429' } } } } },
    })
    server = await listen({ emulator })
    kubectl = useKubectl(server.url)
    const { post } = createRequests(() => server.url)
    await post(snapshot('snap-ready', { ttlDaysAfterCreated: 7 }))
    await post(snapshot('snap-failed'))
    await server.emulator.clock.advance('2m')
    await post(snapshot('snap-new'))
    await server.emulator.clock.advance('30s')
  })

  afterAll(async () => {
    await server?.close()
    server?.emulator.dispose()
    kubectl?.remove()
  })

  const run = (args: string[]) => kubectl.ok(args)

  /** The journal's last sequence number: requests after it are the ones a test caused. */
  const lastSeq = () => server.emulator.journal.entries().at(-1)?.seq ?? 0

  /** Waits (bounded, real time) until kubectl, started after `seq`, has opened its watch. */
  const watchOpened = async (seq: number) => {
    const deadline = Date.now() + 15_000
    const opened = () => server.emulator.journal.entries({ method: 'GET', path: snapshots }).some((e) => e.seq > seq && e.url.includes('watch=true'))
    while (!opened() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    return opened()
  }

  /** Table lines with their runs of padding collapsed, as a person reads them. */
  const rows = (output: string) =>
    output
      .trimEnd()
      .split('\n')
      .map((line) => line.trim().split(/\s{2,}/))

  test('kubectl get imagesnapshots prints NAME, PHASE and AGE from the server’s Table', async () => {
    expect(rows(await run(['get', 'imagesnapshots']))).toEqual([
      ['NAME', 'PHASE', 'AGE'],
      ['snap-failed', 'Unavailable', '2m30s'],
      ['snap-new', 'Creating', '30s'],
      ['snap-ready', 'Available', '2m30s'],
    ])
    // The singular name resolves through discovery too.
    expect(rows(await run(['get', 'imagesnapshot', 'snap-new']))).toEqual([
      ['NAME', 'PHASE', 'AGE'],
      ['snap-new', 'Creating', '30s'],
    ])
  })

  test('-o wide adds the snapshot ID and the expiry; -o json is the object', async () => {
    const ready = JSON.parse(await run(['get', 'imagesnapshot', 'snap-ready', '-o', 'json']))
    expect(ready).toMatchObject({ apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name: 'snap-ready' }, status: { phase: 'Available' } })
    expect(rows(await run(['get', 'imagesnapshots', '-o', 'wide']))).toEqual([
      ['NAME', 'PHASE', 'AGE', 'SNAPSHOT ID', 'EXPIRE TIME'],
      ['snap-failed', 'Unavailable', '2m30s', '<none>', '<none>'],
      ['snap-new', 'Creating', '30s', '<none>', '<none>'],
      ['snap-ready', 'Available', '2m30s', ready.status.snapshotID, '2026-01-08T00:00:00Z'],
    ])
    const failed = JSON.parse(await run(['get', 'imagesnapshot', 'snap-failed', '-o', 'json']))
    expect(failed.status).toMatchObject({ phase: 'Unavailable', reason: 'ImagePullFailed', message: 'pull redis:7.2: 429' })
  })

  test('kubectl api-resources lists imagesnapshots in the cci group', async () => {
    expect(rows(await run(['api-resources', '--api-group=cci']))).toEqual([
      ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'],
      ['imagesnapshots', 'cci/v2', 'false', 'ImageSnapshot'],
    ])
  })

  test('kubectl get of a missing snapshot prints the NotFound message and exits 1', async () => {
    const result = await kubectl.run(['get', 'imagesnapshot', 'nope'])
    expect(result.code).toBe(1)
    expect(result.stderr.trim()).toBe('Error from server (NotFound): imagesnapshots.cci "nope" not found')
  })

  test('kubectl get -w prints a row for each transition the clock drives', async () => {
    const { post } = createRequests(() => server.url)
    const seq = lastSeq()
    const watching = kubectl.start(['get', 'imagesnapshots', '--watch-only', '--output-watch-events'])
    try {
      const lines = () => watching.stdout().trimEnd().split('\n').filter(Boolean).map((line) => line.trim().split(/\s{2,}/))
      const until = async (count: number) => {
        const deadline = Date.now() + 15_000
        while (lines().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
        return lines()
      }
      expect(await watchOpened(seq)).toBe(true)
      await post(snapshot('snap-watched'))
      await until(2)
      // snap-new (created at 2m) finishes at 3m30s, snap-watched (created at 2m30s) at 4m.
      await server.emulator.clock.advance('90s')
      expect(await until(4)).toEqual([
        ['EVENT', 'NAME', 'PHASE', 'AGE'],
        ['ADDED', 'snap-watched', 'Creating', '0s'],
        ['MODIFIED', 'snap-new', 'Available', '90s'],
        ['MODIFIED', 'snap-watched', 'Available', '90s'],
      ])
    } finally {
      watching.stop()
      await watching.result.catch(() => undefined)
    }
  })

  test('kubectl delete waits for the finalizer: the lifecycle removes the object when the clock moves', async () => {
    const seq = lastSeq()
    const deleting = kubectl.start(['delete', 'imagesnapshot', 'snap-new'])
    try {
      // kubectl deletes, sees the object still there (CCI-39), and watches it until DELETED (K-41).
      expect(await watchOpened(seq)).toBe(true)
      const deletes = server.emulator.journal.entries({ method: 'DELETE' }).filter((e) => e.seq > seq)
      expect(deletes.map((e) => `${e.url.split('?')[0]} ${e.status}`)).toEqual([`${snapshots}/snap-new 200`])
      await server.emulator.clock.advance('5s')
      const result = await deleting.result
      expect(result.code).toBe(0)
      expect(result.stdout.trim()).toBe('imagesnapshot.cci "snap-new" deleted')
    } finally {
      deleting.stop()
      await deleting.result.catch(() => undefined)
    }
    expect(rows(await run(['get', 'imagesnapshots'])).map((row) => row[0])).toEqual(['NAME', 'snap-failed', 'snap-ready', 'snap-watched'])
  })

  test('kubectl create -f, label and explain; the server’s 400 and 422 answers as kubectl prints them', async () => {
    const manifest = (name: string, spec: string) =>
      `apiVersion: cci/v2\nkind: ImageSnapshot\nmetadata:\n  name: ${name}\nspec:\n  buildingConfig:\n${spec}`
    const write = (file: string, text: string) => kubectl.file(file, text)
    const good = write('good.yaml', manifest('snap-kubectl', '    namespace: ns-a\n  images:\n  - image: nginx:latest\n  ttlDaysAfterCreated: 1\n'))
    expect((await run(['create', '-f', good])).trim()).toBe('imagesnapshot.cci/snap-kubectl created')
    expect((await run(['label', 'imagesnapshot', 'snap-kubectl', 'team=a'])).trim()).toBe('imagesnapshot.cci/snap-kubectl labeled')

    // kubectl sends fieldValidation=Strict: an unknown field is refused by the server (K-20).
    const unknown = write('unknown.yaml', manifest('snap-unknown', '    namespace: ns-a\n  images:\n  - image: nginx:latest\n  bogus: 1\n'))
    const strict = await kubectl.run(['create', '-f', unknown])
    expect(strict.code).toBe(1)
    expect(strict.stderr.trim()).toBe(
      `Error from server (BadRequest): error when creating "${unknown}": ImageSnapshot in version "v2" cannot be handled as a ImageSnapshot: strict decoding error: unknown field "spec.bogus"`,
    )
    // cci.md §6: one line per bad field.
    const bad = write('bad.yaml', manifest('snap-bad', '    namespace: ns-a\n    timeoutMinutes: 5\n  images: []\n'))
    const invalid = await kubectl.run(['create', '-f', bad])
    expect(invalid.code).toBe(1)
    expect(invalid.stderr.trim().split('\n')).toEqual([
      'The ImageSnapshot "snap-bad" is invalid: ',
      '* spec.buildingConfig.timeoutMinutes: Invalid value: 5: must be between 30 and 10080',
      '* spec.images: Required value',
    ])
    // CCI-34: the spec is immutable.
    const patch = await kubectl.run(['patch', 'imagesnapshot', 'snap-kubectl', '--type=merge', '-p', '{"spec":{"imageSnapshotSize":3}}'])
    expect(patch.code).toBe(1)
    expect(patch.stderr.trim()).toBe('The ImageSnapshot "snap-kubectl" is invalid: spec: Forbidden: updates to imagesnapshot spec are forbidden')

    const explained = await run(['explain', 'imagesnapshots.spec.buildingConfig.timeoutMinutes'])
    expect(explained).toContain('FIELD: timeoutMinutes <integer>')
    expect(explained).toContain('Default is')
  })
})
