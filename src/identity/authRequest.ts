// POST /v3/auth/tokens: who the body proves to be, and which scope it asks for. Pure: it reads the
// directory and the token table and returns the user, methods and scope a token would be issued
// for, or throws the KeystoneError Keystone answers (keystone/auth/core.py, auth/plugins/*).
import { KeystoneError, schemaError, unauthorized, validationError } from './keystoneError.ts'
import { findDomain, findProject, findUser, type IdentityDirectory, type User } from './identityDirectory.ts'
import { checkToken, effectiveRoles, type Token, type TokenScope } from './tokens.ts'
import { isJsonObject } from '../json/jsonObject.ts'

const supportedMethods = ['password', 'token', 'application_credential'] as const

export interface AuthOutcome {
  userId: string
  methods: string[]
  scope: TokenScope
  /** The token method keeps the original token's expiry and audit chain. */
  from?: Token
  applicationCredentialId?: string
}

type Json = Record<string, unknown>

const record = (value: unknown): Json | undefined => (isJsonObject(value) ? value : undefined)
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

function typeError(path: string, value: unknown, type: string): KeystoneError {
  return schemaError(`Invalid input for field '${path}': ${JSON.stringify(value)} is not of type '${type}'`)
}

/** The checks keystone/auth/schema.py makes before any lookup. */
function validateShape(auth: Json): void {
  if (auth.identity === undefined) throw schemaError("'identity' is a required property")
  const identity = record(auth.identity)
  if (!identity) throw typeError('identity', auth.identity, 'object')
  const methods: unknown = identity.methods
  if (methods === undefined) throw schemaError("Invalid input for field 'identity': 'methods' is a required property")
  if (!Array.isArray(methods)) throw typeError('identity/methods', methods, 'array')
  methods.forEach((method: unknown, index: number) => {
    if (typeof method !== 'string') throw typeError(`identity/methods/${index}`, method, 'string')
  })
  if (identity.password !== undefined) {
    const password = record(identity.password)
    if (!password) throw typeError('identity/password', identity.password, 'object')
    if (password.user !== undefined) {
      const user = record(password.user)
      if (!user) throw typeError('identity/password/user', password.user, 'object')
      for (const key of ['id', 'name', 'password'] as const) if (user[key] !== undefined && typeof user[key] !== 'string') throw typeError(`identity/password/user/${key}`, user[key], 'string')
      if (user.id === undefined && user.name === undefined) throw schemaError('Invalid input for field identity/password/user: id or name must be present.')
      if (user.domain !== undefined) {
        const domain = record(user.domain)
        if (!domain) throw typeError('identity/password/user/domain', user.domain, 'object')
        if (domain.id === undefined && domain.name === undefined) throw schemaError('Invalid input for field identity/password/user/domain: id or name must be present.')
      }
    }
  }
  if (identity.token !== undefined) {
    const token = record(identity.token)
    if (!token) throw typeError('identity/token', identity.token, 'object')
    if (token.id === undefined) throw schemaError("Invalid input for field 'identity/token': 'id' is a required property")
    if (typeof token.id !== 'string') throw typeError('identity/token/id', token.id, 'string')
  }
  const given = auth.scope
  if (given !== undefined && typeof given !== 'string' && !record(given)) throw typeError('scope', given, 'object, string')
  const scope = record(given)
  if (scope) {
    for (const key of ['project', 'domain'] as const) {
      const target = scope[key]
      if (target === undefined) continue
      const found = record(target)
      if (!found) throw typeError(`scope/${key}`, target, 'object')
      if (found.id === undefined && found.name === undefined) throw schemaError(`Invalid input for field scope/${key}: id or name must be present.`)
      const domain = key === 'project' ? found.domain : undefined
      if (domain !== undefined) {
        const d = record(domain)
        if (!d) throw typeError('scope/project/domain', domain, 'object')
        if (d.id === undefined && d.name === undefined) throw schemaError('Invalid input for field scope/project/domain: id or name must be present.')
      }
    }
  }
}

/** A `{id}` or `{name, domain: {id|name}}` reference's domain, as Keystone looks it up. */
function domainOf(dir: IdentityDirectory, holder: Json, target: string): string {
  const domain = record(holder.domain)
  if (!domain) throw validationError('domain', target)
  const id = text(domain.id)
  const found = id !== undefined ? dir.domains.get(id) : findDomain(dir, text(domain.name) ?? '')
  // keystone: DomainNotFound during auth is re-raised as Unauthorized.
  if (!found || (id === undefined && found.name !== domain.name)) throw unauthorized()
  if (!found.enabled) throw unauthorized()
  return found.id
}

function passwordUser(dir: IdentityDirectory, data: Json): User {
  const user = record(data.user)
  if (!user) throw validationError('user', 'password')
  const id = text(user.id)
  let found: User | undefined
  if (id !== undefined) found = dir.users.get(id)
  else {
    const domainId = domainOf(dir, user, 'user')
    found = findUser(dir, text(user.name) ?? '', domainId)
    if (found && found.domainId !== domainId) found = undefined
  }
  if (!found) throw unauthorized()
  if (text(user.password) === undefined || found.password !== user.password) throw unauthorized()
  if (!found.enabled || dir.domains.get(found.domainId)?.enabled !== true) throw unauthorized()
  return found
}

function parseScope(dir: IdentityDirectory, scope: unknown, userId: string): TokenScope | undefined {
  if (scope === undefined) return undefined
  if (scope === 'unscoped') return { unscoped: true }
  const body = record(scope)
  if (!body) throw validationError('project, domain, OS-TRUST:trust or unscoped', 'scope')
  if (Object.hasOwn(body, 'unscoped')) return { unscoped: true }
  const kinds = ['project', 'domain', 'OS-TRUST:trust', 'system'].filter((key) => Object.hasOwn(body, key))
  if (kinds.length !== 1) throw validationError('project, domain, OS-TRUST:trust or system', 'scope')
  if (kinds[0] === 'OS-TRUST:trust') throw new KeystoneError(403, 'Trusts are disabled.')
  if (kinds[0] === 'system') {
    const system = record(body.system)
    if (!system || system.all !== true) throw validationError('system', 'scope')
    if (effectiveRoles(dir, userId, { system: 'all' }).length === 0) throw unauthorized()
    return { system: 'all' }
  }
  if (kinds[0] === 'domain') {
    const domain = record(body.domain)!
    const id = text(domain.id)
    const found = id !== undefined ? dir.domains.get(id) : findDomain(dir, text(domain.name) ?? '')
    if (!found || !found.enabled || (id === undefined && found.name !== domain.name)) throw unauthorized()
    if (effectiveRoles(dir, userId, { domain: found.id }).length === 0) throw unauthorized()
    return { domain: found.id }
  }
  const project = record(body.project)!
  const id = text(project.id)
  let found = id !== undefined ? dir.projects.get(id) : undefined
  if (id === undefined) {
    const domainId = domainOf(dir, project, 'project')
    found = findProject(dir, text(project.name) ?? '', domainId)
    if (found && (found.domainId !== domainId || found.name !== project.name)) found = undefined
  }
  if (!found || !found.enabled || dir.domains.get(found.domainId)?.enabled !== true) throw unauthorized()
  if (effectiveRoles(dir, userId, { project: found.id }).length === 0) throw unauthorized()
  return { project: found.id }
}

/** What a token issued for this body would be; `tokens` serves the token method. */
export function authenticateRequest(dir: IdentityDirectory, tokens: Map<string, Token>, body: unknown, now: number): AuthOutcome {
  const auth = record(record(body)?.auth)
  if (!auth) throw validationError('identity', 'auth')
  validateShape(auth)
  const identity = auth.identity as Json
  const methods = [...new Set(identity.methods as string[])]
  if (methods.length === 0) throw validationError('identity', 'auth')
  for (const method of methods) {
    if (!(supportedMethods as readonly string[]).includes(method)) {
      throw new KeystoneError(401, 'Attempted to authenticate with an unsupported method.', { identity: { methods: [...supportedMethods] } })
    }
    if (!record(identity[method])) throw validationError(method, 'identity')
  }

  let userId: string | undefined
  let from: Token | undefined
  let applicationCredentialId: string | undefined
  const sameUser = (id: string) => {
    if (userId !== undefined && userId !== id) throw unauthorized()
    userId = id
  }
  for (const method of methods) {
    const data = identity[method] as Json
    if (method === 'password') sameUser(passwordUser(dir, data).id)
    else if (method === 'token') {
      const check = checkToken(dir, tokens, text(data.id), now)
      if (!check.ok) throw new KeystoneError(404, `Could not find token: ${String(data.id)}.`)
      if (check.token.applicationCredentialId && auth.scope !== undefined) {
        throw new KeystoneError(403, 'You are not authorized to perform the requested action: Using an application credential token to create a scoped token is not allowed.')
      }
      from = check.token
      applicationCredentialId = check.token.applicationCredentialId
      sameUser(check.token.userId)
    } else {
      const credential = applicationCredentialFor(dir, data)
      if (auth.scope !== undefined) {
        throw new KeystoneError(401, 'Error authenticating with application credential: Application credentials cannot request a scope.')
      }
      applicationCredentialId = credential.id
      sameUser(credential.userId)
    }
  }
  const user = dir.users.get(userId!)!
  let scope = applicationCredentialId && !from ? { project: dir.applicationCredentials.get(applicationCredentialId)!.projectId } : parseScope(dir, auth.scope, user.id)
  if (!scope && from) scope = { unscoped: true }
  if (!scope) {
    // keystone: no scope asked for -> the user's default project, when it is usable; else unscoped.
    const project = user.defaultProjectId !== undefined ? dir.projects.get(user.defaultProjectId) : undefined
    scope = project && project.enabled && effectiveRoles(dir, user.id, { project: project.id }).length > 0 ? { project: project.id } : { unscoped: true }
  }
  return {
    userId: user.id,
    methods: [...new Set([...methods, ...(from?.methods ?? [])])],
    scope,
    ...(from ? { from } : {}),
    ...(applicationCredentialId ? { applicationCredentialId } : {}),
  }
}

function applicationCredentialFor(dir: IdentityDirectory, data: Json) {
  const secret = text(data.secret)
  if (secret === undefined) throw validationError('secret', 'application_credential')
  const id = text(data.id)
  let credential = id !== undefined ? dir.applicationCredentials.get(id) : undefined
  if (id === undefined) {
    const name = text(data.name)
    if (name === undefined) throw validationError('id or name', 'application credential')
    const user = record(data.user)
    if (!user) throw validationError('user', 'application credential')
    let owner: User | undefined
    if (text(user.id) !== undefined) owner = dir.users.get(text(user.id)!)
    else if (text(user.name) !== undefined) {
      const domainId = domainOf(dir, user, 'user')
      owner = findUser(dir, text(user.name)!, domainId)
    } else throw validationError('id or name', 'user')
    if (!owner) throw unauthorized()
    for (const candidate of dir.applicationCredentials.values()) if (candidate.userId === owner.id && candidate.name === name) credential = candidate
    if (!credential) throw new KeystoneError(401, `Could not find application credential: ${name}`)
  }
  if (!credential || credential.secret !== secret) throw unauthorized()
  return credential
}
