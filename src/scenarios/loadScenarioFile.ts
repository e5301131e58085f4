// Scenario files on disk (Node only): .json, .yaml/.yml, or a module (.ts, .mts, .js, .mjs) whose
// default export is the scenario (defineScenario gives it types). Fixture entries that are paths are
// read relative to the scenario file, so a scenario and its fixtures travel together.
import { readFile } from 'node:fs/promises'
import { dirname, extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { builtInFixtures } from '../fixtures.ts'
import { parseScenario, ScenarioError } from './parseScenario.ts'
import type { Scenario } from './scenario.ts'

const moduleExtensions = new Set(['.ts', '.mts', '.js', '.mjs'])
const dataExtensions = new Set(['.json', '.yaml', '.yml'])

function fail(source: string, message: string, field = ''): never {
  throw new ScenarioError(source, [{ source, field, message }])
}

async function readText(file: string, source: string, field = ''): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    fail(source, code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${(error as Error).message}`, field)
  }
}

/** `name` is the fixture entry as written, or undefined for the scenario file itself. */
function parseData(text: string, file: string, source: string, name?: string, field = ''): unknown {
  const format = extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML'
  try {
    return format === 'JSON' ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    fail(source, `${name === undefined ? '' : `${name} is `}not ${format}: ${(error as Error).message.split('\n')[0]}`, field)
  }
}

async function loadModule(file: string, source: string): Promise<unknown> {
  let module: Record<string, unknown>
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>
  } catch (error) {
    fail(source, `cannot load the module: ${(error as Error).message.split('\n')[0]}`)
  }
  if (module.default !== undefined) return module.default
  const exported = Object.values(module)
  if (exported.length === 1) return exported[0]
  fail(source, 'the module must export the scenario as its default export (export default defineScenario({ … }))')
}

/** A fixture entry that names a file rather than a built-in set. */
function isFixturePath(entry: string): boolean {
  return !Object.hasOwn(builtInFixtures, entry) && (/[/\\]/.test(entry) || dataExtensions.has(extname(entry).toLowerCase()))
}

async function inlineFixtureFiles(value: unknown, directory: string, source: string): Promise<unknown> {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { fixtures?: unknown }).fixtures)) return value
  const fixtures = (value as { fixtures: unknown[] }).fixtures
  const loaded = await Promise.all(
    fixtures.map(async (entry, i) => {
      if (typeof entry !== 'string' || !isFixturePath(entry)) return entry
      const file = resolve(directory, entry)
      return parseData(await readText(file, source, `fixtures[${i}]`), file, source, entry, `fixtures[${i}]`)
    }),
  )
  return { ...(value as object), fixtures: loaded }
}

/**
 * Reads a fixture document (JSON or YAML) for `createEmulator({ fixtures })` or `emulator.loadFixtures()`;
 * which API it is for is decided by its shape when it is loaded.
 */
export async function loadFixtureFile(path: string): Promise<unknown> {
  const file = resolve(path)
  if (!dataExtensions.has(extname(file).toLowerCase())) fail(path, `unknown fixture file type ${JSON.stringify(extname(file))}: use .json, .yaml or .yml`)
  return parseData(await readText(file, path), file, path)
}

/** Reads, parses and validates a scenario file; errors name the file, the step and the field. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  const file = resolve(path)
  const source = path
  const extension = extname(file).toLowerCase()
  let value: unknown
  if (moduleExtensions.has(extension)) value = await loadModule(file, source)
  else if (dataExtensions.has(extension)) value = parseData(await readText(file, source), file, source)
  else fail(source, `unknown scenario file type ${JSON.stringify(extension)}: use .json, .yaml, .yml, .ts, .mts, .js or .mjs`)
  return parseScenario(await inlineFixtureFiles(value, dirname(file), source), source)
}
