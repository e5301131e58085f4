// Real client processes (kubectl, glance, npm, node) as the tests run them: output collected, stdin
// closed, and killed if they outlive their time, so no test waits on a stuck child.
import { spawn, type ChildProcess } from 'node:child_process'

export interface Finished {
  code: number | null
  stdout: string
  stderr: string
}

export interface Started {
  child: ChildProcess
  /** What it has printed so far. */
  stdout(): string
  stderr(): string
  /** Resolves when it exits; rejects (after SIGKILL, with its output) when `timeoutMs` passes first. */
  result: Promise<Finished>
}

/** This process's environment without vitest's own variables, for a Node child that is not a vitest worker. */
export const envWithoutVitest = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST'))) as NodeJS.ProcessEnv

export interface BoundedOptions {
  env: NodeJS.ProcessEnv
  cwd?: string
  timeoutMs: number
}

export function startBounded(command: string, args: string[], { env, cwd, timeoutMs }: BoundedOptions): Started {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const result = new Promise<Finished>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${command} ${args.join(' ')} timed out after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`))
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
  return { child, stdout: () => stdout, stderr: () => stderr, result }
}

export const runBounded = (command: string, args: string[], options: BoundedOptions): Promise<Finished> => startBounded(command, args, options).result

/** The first match of `pattern` in what `started` has printed, waiting up to `ms`; undefined if none came. */
export async function printed(started: Started, pattern: RegExp, ms: number): Promise<RegExpMatchArray | undefined> {
  const deadline = Date.now() + ms
  for (;;) {
    const match = pattern.exec(started.stdout())
    if (match || Date.now() >= deadline) return match ?? undefined
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
