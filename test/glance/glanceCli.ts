// Drives the real `glance` CLI (python-glanceclient, Debian's python3-glanceclient) against the
// standalone server: a fresh HOME per run so it downloads the schemas itself, stdin closed (spec
// G6.3a: glanceclient uploads whatever stdin holds when it is not a terminal, /dev/null included,
// so the descriptor is closed with `<&-`), and a timeout that kills the process.
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export function createCliHome(): string {
  return mkdtempSync(join(tmpdir(), 'glanceclient-home-'))
}

/** Runs `glance --os-image-url <url> --os-auth-token <token> ...args`. */
export function runGlance(url: string, token: string, args: string[], home: string, timeoutMs = 30_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', 'exec glance "$@" <&-', 'glance', '--os-image-url', url, '--os-auth-token', token, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', PYTHONWARNINGS: 'ignore' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`glance ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`))
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
}

/** The rows of a prettytable `| Property | Value |` listing, as a map. */
export function propertyTable(output: string): Map<string, string> {
  const rows = new Map<string, string>()
  for (const line of output.split('\n')) {
    const match = /^\|\s(\S+)\s+\|\s(.*?)\s*\|$/.exec(line)
    if (match && match[1] !== 'Property') rows.set(match[1]!, match[2]!)
  }
  return rows
}
