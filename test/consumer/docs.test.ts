// The reference pages cannot fall behind the code: every scenario field the schema accepts is on the
// scenario page, every flag `serve --help` lists and every createEmulator option on the options page,
// every endpoint the control API lists on its page, and every relative link of the README and docs/
// leads to a file (and heading) that exists.
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import ts from 'typescript'
import { z } from 'zod'
import { expect, test } from 'vitest'
import * as scenarioSchemaModule from '../../src/scenarios/scenarioSchema.ts'
import { createEmulator } from '../../src/index.ts'
import { envWithoutVitest, runBounded } from '../support/boundedProcess.ts'
import { repositoryRoot as root } from './readme.ts'

const page = (path: string) => readFileSync(join(root, path), 'utf8')

/** The step and scenario schemas, built on first use or at import. */
function scenarioSchemas(): { stepSchema: z.ZodType; scenarioShellSchema: z.ZodType } {
  const module = scenarioSchemaModule as unknown as Record<string, unknown>
  if (typeof module.scenarioSchemas === 'function') return (module.scenarioSchemas as () => { stepSchema: z.ZodType; scenarioShellSchema: z.ZodType })()
  return module as unknown as { stepSchema: z.ZodType; scenarioShellSchema: z.ZodType }
}

/** Every property name anywhere in a JSON Schema. */
function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) propertyNames(item, into)
  else if (schema && typeof schema === 'object') {
    const properties = (schema as { properties?: Record<string, unknown> }).properties
    if (properties && typeof properties === 'object') for (const name of Object.keys(properties)) into.add(name)
    for (const value of Object.values(schema)) propertyNames(value, into)
  }
  return into
}

test('docs/scenarios.md names every field of the scenario format (steps, triggers, actions, API actions)', () => {
  const { stepSchema, scenarioShellSchema } = scenarioSchemas()
  const fields = propertyNames([z.toJSONSchema(stepSchema, { unrepresentable: 'any' }), z.toJSONSchema(scenarioShellSchema, { unrepresentable: 'any' })])
  // Every trigger and action is among them.
  for (const key of ['at', 'after', 'when', 'transition', 'create', 'update', 'delete', 'respond', 'watch', 'identity', 'glance']) expect(fields).toContain(key)
  const text = page('docs/scenarios.md')
  const missing = [...fields].filter((field) => !text.includes(`\`${field}\``) && !text.includes(`${field}:`))
  expect(missing).toEqual([])
})

test('docs/options.md lists every flag `image-api-emulator serve --help` prints', async () => {
  const { code, stdout } = await runBounded(process.execPath, [join(root, 'src/runtimes/cli.ts'), 'serve', '--help'], { cwd: root, env: envWithoutVitest, timeoutMs: 30_000 })
  expect(code).toBe(0)
  const flags = [...new Set([...stdout.matchAll(/^\s+(--[a-z][a-z-]*)/gm)].map((match) => match[1]!))]
  expect(flags).toContain('--port')
  expect(flags.length).toBeGreaterThan(15)
  const text = page('docs/options.md')
  expect(flags.filter((flag) => !text.includes(`\`${flag}`))).toEqual([])
})

test('docs/options.md describes every createEmulator option (EmulatorOptions)', () => {
  const file = join(root, 'src/emulatorOptions.ts')
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const options: string[] = []
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'EmulatorOptions') {
      for (const member of node.members) if (member.name && ts.isIdentifier(member.name)) options.push(member.name.text)
    }
  })
  expect(options).toContain('seed')
  const text = page('docs/options.md')
  const table = text.slice(text.indexOf('| option | default | meaning |'))
  expect(options.filter((option) => !new RegExp(`^\\| \`${option}(\\.|\`)`, 'm').test(table))).toEqual([])
})

test('docs/control-api.md has every endpoint GET /_emulator lists', async () => {
  const emulator = createEmulator()
  try {
    const index = (await (await emulator.fetch('http://emulator.test/_emulator')).json()) as { endpoints: { method: string; path: string }[] }
    expect(index.endpoints.length).toBeGreaterThan(5)
    const text = page('docs/control-api.md')
    expect(index.endpoints.map(({ method, path }) => `${method} ${path}`).filter((endpoint) => !text.includes(`\`${endpoint}`))).toEqual([])
  } finally {
    emulator.dispose()
  }
})

/** GitHub's anchor for a heading: lower case, punctuation but `-` dropped, spaces as `-`. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-')

function anchors(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/^```[\s\S]*?^```$/gm, '')
  return new Set([...withoutCode.matchAll(/^#+ (.*)$/gm)].map((match) => slug(match[1]!)))
}

test('every relative link in README.md, docs/ and fixtures/README.md leads to a file and heading that exist', () => {
  const pages = ['README.md', 'fixtures/README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)]
  const broken: string[] = []
  for (const path of pages) {
    const text = page(path).replace(/^```[\s\S]*?^```$/gm, '')
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target!)) continue
      const [file, anchor] = target!.split('#') as [string, string | undefined]
      const resolved = file ? resolve(dirname(join(root, path)), file) : join(root, path)
      if (!existsSync(resolved)) broken.push(`${path}: ${target} (no file)`)
      else if (anchor && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${path}: ${target} (no heading)`)
    }
  }
  expect(broken).toEqual([])
})

test('docs/README.md lists every page of docs/', () => {
  const index = page('docs/README.md')
  const pages = readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md') && name !== 'README.md')
  expect(pages.filter((name) => !index.includes(`](${name})`))).toEqual([])
})
