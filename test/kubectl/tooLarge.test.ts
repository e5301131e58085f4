// Patches too large for kube-apiserver, sent by kubectl 1.32 (K-14, K-16): more than 10,000 JSON-patch
// operations, or a body over 3 MiB, is a 413 whose message reads as errors.NewRequestEntityTooLargeError
// writes it — "Request entity too large: …" — and the object is left as it was.
import { describe, expect, test } from 'vitest'
import { digest, kubectlPath, noKubectl, useKubectlServer } from './kubectlRunner.ts'

describe.skipIf(!kubectlPath)(`kubectl patch, too large${noKubectl}`, () => {
  const h = useKubectlServer({ seed: 37 })

  test('10,001 JSON-patch operations: 413 Request entity too large, nothing changes', async () => {
    const name = digest(4)
    await h.createImage(name, 'quay.io/demo/big:1', { app: 'big' })
    const before = h.server.emulator.openshift.images.get(name)!.metadata.resourceVersion
    const ops = Array.from({ length: 10_001 }, (_, i) => ({ op: 'add', path: `/metadata/labels/l${i}`, value: 'x' }))
    const file = h.kubectl.file('ops.json', JSON.stringify(ops))
    expect(await h.kubectl.run(['patch', 'images.image.openshift.io', name, '--type=json', '--patch-file', file])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (RequestEntityTooLarge): Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001\n',
    })
    expect(h.server.emulator.openshift.images.get(name)!.metadata.resourceVersion).toBe(before)
  })

  test('a merge patch over 3 MiB: 413 Request entity too large, nothing changes', async () => {
    const name = digest(5)
    await h.createImage(name, 'quay.io/demo/big:1', { app: 'big' })
    const before = h.server.emulator.openshift.images.get(name)!.metadata.resourceVersion
    const file = h.kubectl.file('big.json', JSON.stringify({ metadata: { annotations: { big: 'x'.repeat(3 * 1024 * 1024) } } }))
    expect(await h.kubectl.run(['patch', 'images.image.openshift.io', name, '--type=merge', '--patch-file', file])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (RequestEntityTooLarge): Request entity too large: limit is 3145728\n',
    })
    expect(h.server.emulator.openshift.images.get(name)!.metadata.resourceVersion).toBe(before)
  })
})
