// Drives the real `kubectl` against the standalone server: a generated kubeconfig in a fresh HOME
// (kubectl caches discovery under ~/.kube/cache), stdin closed, and a timeout that kills the process.
import { spawn } from 'node:child_process'
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'

export interface KubectlResult {
  code: number | null
  stdout: string
  stderr: string
}

/** The kubectl executable on PATH, or undefined when there is none. */
export function findKubectl(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, 'kubectl')
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return undefined
}

export interface KubectlHome {
  dir: string
  kubeconfig: string
  remove(): void
}

/**
 * A HOME holding a kubeconfig whose one context points at `server`. No credentials: client-go sends a
 * bearer token only over TLS, so against the plain-http server kubectl needs an open emulator.
 */
export function createKubectlHome(server: string): KubectlHome {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-home-'))
  const kubeconfig = join(dir, 'kubeconfig')
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: cci',
      '  cluster:',
      `    server: ${server}`,
      'users:',
      '- name: builder',
      '  user: {}',
      'contexts:',
      '- name: cci',
      '  context:',
      '    cluster: cci',
      '    user: builder',
      'current-context: cci',
      '',
    ].join('\n'),
  )
  return { dir, kubeconfig, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export interface RunningKubectl {
  result: Promise<KubectlResult>
  /** What it has printed on stdout so far. */
  stdout(): string
  kill(): void
}

/** Starts `kubectl ...args`; the result resolves when it exits (killed after `timeoutMs`). */
export function startKubectl(executable: string, home: KubectlHome, args: string[], timeoutMs = 30_000): RunningKubectl {
  const child = spawn(executable, args, {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home.dir,
      KUBECONFIG: home.kubeconfig,
      LANG: 'C.UTF-8',
      // kubectl's color and paging choices depend on the terminal; there is none here.
      TERM: 'dumb',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const result = new Promise<KubectlResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`kubectl ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`))
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
  return { result, stdout: () => stdout, kill: () => child.kill('SIGKILL') }
}

export function runKubectl(executable: string, home: KubectlHome, args: string[], timeoutMs?: number): Promise<KubectlResult> {
  return startKubectl(executable, home, args, timeoutMs).result
}
