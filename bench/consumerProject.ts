// A new project that uses the package as a user gets it: the tarball `npm pack` makes (or the one in
// BENCH_PACKAGE), unpacked into node_modules/image-api-emulator of a temporary directory whose other
// packages (msw, @msw/data, vitest…) are links to this repository's node_modules. Nothing is
// downloaded, and the package runs from its built output alone.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))

export interface ConsumerProject {
  directory: string
  /** Writes a file of the project (relative path). */
  write(path: string, text: string): string
  remove(): void
}

/** Runs a command to completion, bounded in time; rejects with its output when it fails. */
export function runCommand(command: string, args: string[], options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolveRun, reject) => {
    execFile(command, args, { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')}: ${error.message}\n${stdout}\n${stderr}`))
      else resolveRun(stdout + stderr)
    })
  })
}

export async function createConsumerProject(): Promise<ConsumerProject> {
  const directory = mkdtempSync(join(tmpdir(), 'image-api-emulator-startup-'))
  try {
    let tarball = process.env.BENCH_PACKAGE
    if (!tarball) {
      // prepack builds dist/ from the sources first.
      await runCommand('npm', ['pack', '--pack-destination', directory, '--silent'], { cwd: root, timeoutMs: 300_000 })
      tarball = join(directory, readdirSync(directory).find((name) => name.endsWith('.tgz'))!)
    }
    const modules = join(directory, 'node_modules')
    const installed = join(modules, 'image-api-emulator')
    mkdirSync(installed, { recursive: true })
    await runCommand('tar', ['-xzf', resolve(tarball), '-C', installed, '--strip-components=1'], { cwd: directory, timeoutMs: 60_000 })
    for (const name of readdirSync(join(root, 'node_modules'))) {
      if (name.startsWith('.') || name === 'image-api-emulator') continue
      symlinkSync(join(root, 'node_modules', name), join(modules, name))
    }
    writeFileSync(join(directory, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`)
  } catch (error) {
    rmSync(directory, { recursive: true, force: true })
    throw error
  }
  return {
    directory,
    write(path, text) {
      const file = join(directory, path)
      mkdirSync(resolve(file, '..'), { recursive: true })
      writeFileSync(file, text)
      return file
    },
    remove: () => rmSync(directory, { recursive: true, force: true }),
  }
}
