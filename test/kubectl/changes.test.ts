// kubectl 1.32 changing and deleting OpenShift Images, and watching them change: the three patch types
// (K-16, IMG-35), label and annotate (merge patches), delete and delete --all (K-21, K-41), and
// `get -w` receiving a change another client makes (K-28, K-37 one-row Tables).
import { describe, expect, test } from 'vitest'
import { digest, withoutKubectl, noKubectl, rows, useKubectlServer } from './kubectlRunner.ts'

const images = '/apis/image.openshift.io/v1/images'

describe.skipIf(withoutKubectl)(`kubectl patch, label, delete and watch against the standalone server${noKubectl}`, () => {
  const h = useKubectlServer({ seed: 13 })

  const create = h.createImage
  const stored = (name: string) => h.server.emulator.openshift.images.get(name)!

  test('patch --type=json, merge and strategic; label and annotate (K-16, IMG-35)', async () => {
    const name = digest(1)
    await create(name, 'quay.io/demo/web:1', { app: 'web' })
    const image = `images.image.openshift.io`
    expect(await h.kubectl.run(['patch', image, name, '--type=json', '-p', '[{"op":"replace","path":"/dockerImageReference","value":"quay.io/demo/web:2"}]'])).toEqual({
      code: 0,
      stdout: `image.image.openshift.io/${name} patched\n`,
      stderr: '',
    })
    expect(stored(name).dockerImageReference).toBe('quay.io/demo/web:2')
    await h.kubectl.ok(['patch', image, name, '--type=merge', '-p', '{"metadata":{"labels":{"tier":"front"}}}'])
    await h.kubectl.ok(['patch', image, name, '--type=strategic', '-p', '{"metadata":{"labels":{"app":null}}}'])
    expect(stored(name).metadata.labels).toEqual({ tier: 'front' })

    // A patch that changes nothing is reported as such, and keeps the resourceVersion (K-6).
    const resourceVersion = stored(name).metadata.resourceVersion
    expect((await h.kubectl.ok(['patch', image, name, '--type=merge', '-p', '{"metadata":{"labels":{"tier":"front"}}}'])).trim()).toBe(
      `image.image.openshift.io/${name} patched (no change)`,
    )
    expect(stored(name).metadata.resourceVersion).toBe(resourceVersion)

    expect((await h.kubectl.ok(['label', image, name, 'owner=team-a'])).trim()).toBe(`image.image.openshift.io/${name} labeled`)
    expect((await h.kubectl.ok(['annotate', image, name, 'note=reviewed'])).trim()).toBe(`image.image.openshift.io/${name} annotated`)
    expect(stored(name).metadata.labels).toEqual({ owner: 'team-a', tier: 'front' })
    expect(stored(name).metadata.annotations).toEqual({ note: 'reviewed' })

    const overwrite = await h.kubectl.run(['label', image, name, 'owner=team-b'])
    expect(overwrite.code).toBe(1)
    expect(overwrite.stderr).toBe("error: 'owner' already has a value (team-a), and --overwrite is false\n")
    await h.kubectl.ok(['label', image, name, 'owner-'])
    expect(stored(name).metadata.labels).toEqual({ tier: 'front' })

    // A patch the server refuses: the Image's immutable fields are silently kept, invalid ones are 422.
    const invalid = await h.kubectl.run(['patch', image, name, '--type=merge', '-p', '{"dockerImageReference":""}'])
    expect(invalid.code).toBe(1)
    expect(invalid.stderr).toBe(
      `The Image "${name}" is invalid: dockerImageReference: Required value\n`,
    )
  })

  test('delete removes one Image, delete --all every one; a missing name is NotFound (K-21, K-22)', async () => {
    for (let n = 1; n <= 3; n++) await create(digest(n), `quay.io/demo/app:${n}`)
    expect(await h.kubectl.run(['delete', 'images.image.openshift.io', digest(1)])).toEqual({
      code: 0,
      stdout: `image.image.openshift.io "${digest(1)}" deleted\n`,
      stderr: '',
    })
    // kubectl sends the propagation policy in the body and checks that the object is gone.
    const remove = h.server.emulator.journal.entries({ method: 'DELETE' })[0]!
    expect(remove.status).toBe(200)
    expect(h.server.emulator.openshift.images.get(digest(1))).toBeUndefined()

    const missing = await h.kubectl.run(['delete', 'images.image.openshift.io', digest(1)])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe(`Error from server (NotFound): images.image.openshift.io "${digest(1)}" not found\n`)

    const all = await h.kubectl.run(['delete', 'images.image.openshift.io', '--all'])
    expect(all.code).toBe(0)
    expect(all.stdout.trim().split('\n')).toEqual([
      `image.image.openshift.io "${digest(2)}" deleted`,
      `image.image.openshift.io "${digest(3)}" deleted`,
    ])
    expect(await h.kubectl.run(['get', 'images.image.openshift.io'])).toEqual({ code: 0, stdout: '', stderr: 'No resources found\n' })
  })

  test('get -w prints the table, then a row for a change another client makes (K-28, K-37)', async () => {
    const name = digest(5)
    await create(name, 'quay.io/demo/watched:1')
    const watching = h.kubectl.start(['get', 'images.image.openshift.io', '-w', '--output-watch-events'])
    try {
      // The watch is open once the server holds it.
      const deadline = Date.now() + 5000
      while (h.server.emulator.kube.hub.watches().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
      expect(h.server.emulator.kube.hub.watches()).toHaveLength(1)
      const patched = await fetch(`${h.server.url}${images}/${name}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ dockerImageReference: 'quay.io/demo/watched:2' }),
      })
      expect(patched.status).toBe(200)
      const removed = await fetch(`${h.server.url}${images}/${name}`, { method: 'DELETE' })
      expect(removed.status).toBe(200)
      // Once kubectl has printed the deletion, the server ends the watch; kubectl exits with it (K-41).
      const printed = Date.now() + 5000
      while (!watching.stdout().includes('DELETED') && Date.now() < printed) await new Promise((r) => setTimeout(r, 10))
      for (const watch of h.server.emulator.kube.hub.watches()) watch.close()
      const result = await watching.result
      expect(result.code).toBe(0)
      expect(rows(result.stdout)).toEqual([
        ['EVENT', 'NAME', 'IMAGE REFERENCE'],
        ['ADDED', name, 'quay.io/demo/watched:1'],
        ['MODIFIED', name, 'quay.io/demo/watched:2'],
        ['DELETED', name, 'quay.io/demo/watched:2'],
      ])
      // The watch asked for Tables, from the list's resourceVersion.
      const watch = h.server.emulator.journal.entries({ method: 'GET', path: images }).find((entry) => entry.url.includes('watch=true'))!
      expect(watch.requestHeaders.accept).toContain('as=Table')
    } finally {
      watching.stop()
    }
  })
})
