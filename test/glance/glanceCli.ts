// Drives the real `glance` CLI (python-glanceclient, Debian's python3-glanceclient) against the
// standalone server: a fresh HOME per run so it downloads the schemas itself, stdin closed (spec
// G6.3a: glanceclient uploads whatever stdin holds when it is not a terminal, /dev/null included,
// so the descriptor is closed with `<&-`), and a timeout that kills the process.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBounded, type Finished } from '../support/boundedProcess.ts'

export type CliResult = Finished

export function createCliHome(): string {
  return mkdtempSync(join(tmpdir(), 'glanceclient-home-'))
}

/** Runs `glance --os-image-url <url> --os-auth-token <token> ...args`. */
export function runGlance(url: string, token: string, args: string[], home: string, timeoutMs = 30_000): Promise<CliResult> {
  return runBounded('/bin/sh', ['-c', 'exec glance "$@" <&-', 'glance', '--os-image-url', url, '--os-auth-token', token, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', PYTHONWARNINGS: 'ignore' },
    timeoutMs,
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
