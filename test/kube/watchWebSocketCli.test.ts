// `image-api-emulator serve --kube-path-prefix`: a console's prefix from the command line, a WebSocket
// watch under it, and SIGTERM ending that watch with a normal close before the process exits.
import { afterEach, expect, test } from 'vitest'
import { killAll, runCli, startCli } from '../cli/cliProcess.ts'

afterEach(() => killAll())

test('--kube-path-prefix serves the Kubernetes APIs and their WebSocket watches under the prefix; SIGTERM closes the socket normally', async () => {
  const cli = startCli(['serve', '--port', '0', '--clock', 'manual', '--fixtures', 'openshift-images', '--kube-path-prefix', '/api/kubernetes/'])
  const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/)
  await cli.waitFor(/current-context: image-api-emulator\n/)
  expect(cli.stdout()).toContain(`  Prefixed:  ${url}/api/kubernetes/apis/… (--kube-path-prefix)\n`)

  const socket = new WebSocket(`${url!.replace(/^http/, 'ws')}/api/kubernetes/apis/image.openshift.io/v1/images?watch=true`, { headers: { origin: url } } as unknown as string[])
  const types: string[] = []
  socket.onmessage = (message) => types.push(JSON.parse(message.data as string).type)
  const closed = new Promise<number>((resolve) => (socket.onclose = (event) => resolve(event.code)))
  await new Promise((resolve, reject) => {
    socket.onopen = resolve
    socket.onerror = () => reject(new Error('the WebSocket watch was refused'))
  })
  for (let i = 0; i < 100 && types.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 20))
  expect(types).toEqual(['ADDED', 'ADDED', 'ADDED'])

  cli.child.kill('SIGTERM')
  expect(await closed).toBe(1000)
  expect(await cli.exited).toEqual({ code: 0, signal: null })
  expect(cli.stderr()).toBe('')
})

test('a --kube-path-prefix that is not a path is a usage error (exit 2)', async () => {
  const result = await runCli(['serve', '--kube-path-prefix', '/k8s?x=1'])
  expect(result).toMatchObject({ code: 2, stdout: '' })
  expect(result.stderr).toContain('--kube-path-prefix must be a path such as /api/kubernetes, got "/k8s?x=1"')
})
