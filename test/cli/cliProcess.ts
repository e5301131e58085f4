// Starts `image-api-emulator` as a user does (`node src/runtimes/cli.ts …`, with the Node that runs the
// tests), reads what it prints, and makes sure it never outlives its test.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const cliPath = fileURLToPath(new URL('../../src/runtimes/cli.ts', import.meta.url))

export interface CliProcess {
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves with the first match of `pattern` in stdout (rejects after `ms`, or when the process exits first). */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** SIGKILL unless it already exited. */
  kill(): void
}

const running = new Set<ChildProcess>()

export function startCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child)
      resolve({ code, signal })
    })
  })
  let ended = false
  void exited.then(() => (ended = true))
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async waitFor(pattern, ms = 10_000) {
      const deadline = Date.now() + ms
      for (;;) {
        const match = stdout.match(pattern)
        if (match) return match
        if (ended) throw new Error(`the CLI exited before printing ${pattern}\nstdout: ${stdout}\nstderr: ${stderr}`)
        if (Date.now() > deadline) throw new Error(`the CLI did not print ${pattern} within ${ms} ms\nstdout: ${stdout}\nstderr: ${stderr}`)
        await new Promise((r) => setTimeout(r, 10))
      }
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    },
  }
}

/** Runs the CLI to completion (killed after `ms`). */
export async function runCli(args: string[], ms = 10_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = startCli(args)
  const timer = setTimeout(() => cli.kill(), ms)
  const { code } = await cli.exited
  clearTimeout(timer)
  return { code, stdout: cli.stdout(), stderr: cli.stderr() }
}

/** Kills whatever a failed test left running. */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL')
}

/** Promise that resolves after `ms` of real time, for bounded waits. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
