// `--identity <file.yaml|json>`: an IdentityConfig from a file, checked field by field so a mistake
// is reported with its path before anything listens. Node only (it reads the file system).
import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { toMilliseconds } from '../duration.ts'
import { buildDirectory, IdentityConfigError } from './identityDirectory.ts'
import type { IdentityConfig } from './identityConfig.ts'

function buildIdentitySchema() {
  const name = z.string().min(1).max(255)
  const duration = z.union([z.string(), z.number()]).refine(
    (value) => {
      try {
        toMilliseconds(value)
        return true
      } catch {
        return false
      }
    },
    { error: 'must be a duration such as "1h" or "90m"' },
  )

  return z.strictObject({
    catalog: z.array(z.strictObject({ type: name, name, path: z.string().regex(/^(\/.*)?$/, { error: 'a path starts with /' }).optional() })).optional(),
    tokenLifetime: duration.optional(),
    region: name.optional(),
    domains: z.array(z.strictObject({ id: name.optional(), name, description: z.string().optional(), enabled: z.boolean().optional() })).optional(),
    projects: z.array(z.strictObject({ id: name.optional(), name, domain: name.optional(), description: z.string().optional(), enabled: z.boolean().optional() })).optional(),
    users: z
      .array(z.strictObject({ id: name.optional(), name, password: z.string(), domain: name.optional(), defaultProject: name.optional(), email: z.string().optional(), enabled: z.boolean().optional() }))
      .optional(),
    roles: z.array(name).optional(),
    assignments: z.array(z.strictObject({ user: name, roles: z.array(name).min(1), project: name.optional(), domain: name.optional(), system: z.literal('all').optional() })).optional(),
    applicationCredentials: z
      .array(z.strictObject({ id: name.optional(), name, secret: z.string().min(1), user: name, project: name, roles: z.array(name).optional(), unrestricted: z.boolean().optional() }))
      .optional(),
    tokens: z.record(z.string().regex(/^\S+$/, { error: 'a token has no spaces' }), z.strictObject({ user: name, project: name })).optional(),
  })
}

let identitySchema: ReturnType<typeof buildIdentitySchema> | undefined

/** Reads, parses and checks an identity file; throws an IdentityConfigError naming the problem. */
export function loadIdentityFile(path: string): IdentityConfig {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new IdentityConfigError(`${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
  }
  let document: unknown
  try {
    document = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text)
  } catch (error) {
    throw new IdentityConfigError(`${path}: not ${/\.json$/i.test(path) ? 'JSON' : 'YAML'} (${(error as Error).message.split('\n')[0]})`)
  }
  // Built on first use (as the scenario schemas are): zod does its work when a schema is constructed,
  // and a server started without --identity should not pay for it.
  const parsed = (identitySchema ??= buildIdentitySchema()).safeParse(document)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new IdentityConfigError(`${path}: ${issue.path.length ? issue.path.join('.') : 'the file'}: ${issue.message}`)
  }
  const config = parsed.data as IdentityConfig
  // Every reference (a user's project, an assignment's role…) must name something the file defines.
  try {
    let n = 0
    buildDirectory(config, () => `check-${n++}`)
  } catch (error) {
    throw new IdentityConfigError(`${path}: ${(error as Error).message.replace(/^identity: /, '')}`)
  }
  return config
}
