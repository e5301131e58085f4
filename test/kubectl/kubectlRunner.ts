// Runs the real kubectl against a standalone emulator: the kubeconfig is the one the CLI writes
// (renderKubeconfig), HOME is a fresh directory (kubectl caches discovery and OpenAPI under it), stdin
// is closed, and every process is killed if it outlives its timeout.
import type { ChildProcess } from 'node:child_process'
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, beforeAll, beforeEach, expect } from 'vitest'
import { renderKubeconfig } from '../../src/runtimes/kubeconfig.ts'
import { createEmulator, type EmulatorOptions } from '../../src/emulator.ts'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'
import { startBounded, type Finished } from '../support/boundedProcess.ts'

export type KubectlResult = Finished

/** The kubectl executable on PATH, or undefined when there is none. */
export function findKubectl(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, 'kubectl')
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not in this directory
    }
  }
  return undefined
}

export const kubectlPath = findKubectl()
/**
 * Whether the kubectl suites stand aside: only outside CI, on a machine without kubectl. With `CI` set
 * (.ci/run and hosted runners set it) a missing kubectl fails them, so a green run means kubectl ran.
 */
export const withoutKubectl = kubectlPath === undefined && !process.env.CI
export const noKubectl = withoutKubectl ? ' (skipped: kubectl is not on PATH; with CI set this fails)' : ''

export interface RunningKubectl {
  result: Promise<KubectlResult>
  /** What it has printed to stdout so far. */
  stdout(): string
  /** Ends the process (SIGTERM, then SIGKILL after a second). */
  stop(): void
}

export interface Kubectl {
  dir: string
  /** A file in the kubectl home, for `-f`. */
  file(name: string, content: string): string
  run(args: string[], timeoutMs?: number): Promise<KubectlResult>
  /** Like run, but fails the test with kubectl's output when it exits non-zero. */
  ok(args: string[]): Promise<string>
  start(args: string[], timeoutMs?: number): RunningKubectl
  remove(): void
}

export function useKubectl(server: string, token?: string): Kubectl {
  if (!kubectlPath) throw new Error('kubectl is not on PATH: the kubectl suites drive kubectl 1.32 (.ci/run checks for it)')
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-home-'))
  const kubeconfig = join(dir, 'kubeconfig')
  writeFileSync(kubeconfig, renderKubeconfig({ server, token }))
  mkdirSync(join(dir, 'files'))
  const children = new Set<ChildProcess>()

  const start = (args: string[], timeoutMs = 20_000): RunningKubectl => {
    const started = startBounded(kubectlPath!, args, {
      cwd: join(dir, 'files'),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, KUBECONFIG: kubeconfig, LANG: 'C.UTF-8', TERM: 'dumb' },
      timeoutMs,
    })
    const { child } = started
    children.add(child)
    child.on('close', () => children.delete(child))
    const stop = () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 1000).unref()
    }
    return { result: started.result, stop, stdout: started.stdout }
  }

  const run = (args: string[], timeoutMs?: number) => start(args, timeoutMs).result

  return {
    dir,
    file(name, content) {
      writeFileSync(join(dir, 'files', name), content)
      return name
    },
    run,
    async ok(args) {
      const result = await run(args)
      if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`)
      return result.stdout
    },
    start,
    remove() {
      for (const child of children) child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Table output as a person reads it: one array per line, columns split at runs of two or more spaces. */
export function rows(output: string): string[][] {
  return output
    .trimEnd()
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => line.trim().split(/\s{2,}/))
}

/** An Image digest name made of one repeated hex digit. */
export const digest = (n: number) => `sha256:${n.toString(16).repeat(64).slice(0, 64)}`

/** An Image manifest as YAML, for `kubectl apply -f`. */
export function imageYaml(name: string, reference: string, labels: Record<string, string> = {}, extra = ''): string {
  const labelLines = Object.entries(labels).map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`)
  return [
    'apiVersion: image.openshift.io/v1',
    'kind: Image',
    'metadata:',
    `  name: ${JSON.stringify(name)}`,
    ...(labelLines.length ? ['  labels:', ...labelLines] : []),
    `dockerImageReference: ${reference}`,
    extra,
  ].join('\n')
}

export interface KubectlHarness {
  readonly server: RunningServer
  readonly kubectl: Kubectl
  /** Creates an Image over HTTP, as another client would. */
  createImage(name: string, reference: string, labels?: Record<string, string>): Promise<void>
}

/** A standalone server and a kubectl home for the enclosing describe; the emulator is reset before each test. */
export function useKubectlServer(options: EmulatorOptions): KubectlHarness {
  const harness = {} as { server: RunningServer; kubectl: Kubectl }
  beforeAll(async () => {
    harness.server = await listen({ emulator: createEmulator(options) })
    harness.kubectl = useKubectl(harness.server.url)
  })
  afterAll(async () => {
    harness.kubectl?.remove()
    await harness.server?.close()
    harness.server?.emulator.dispose()
  })
  beforeEach(async () => {
    await harness.server.emulator.reset()
  })
  return {
    get server() {
      return harness.server
    },
    get kubectl() {
      return harness.kubectl
    },
    async createImage(name, reference, labels = {}) {
      const response = await fetch(`${harness.server.url}/apis/image.openshift.io/v1/images`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'image.openshift.io/v1', kind: 'Image', metadata: { name, labels }, dockerImageReference: reference }),
      })
      expect(response.status).toBe(201)
    },
  }
}
