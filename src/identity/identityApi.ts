// Keystone v3 over HTTP, at /identity (as devstack lays it out) and at /v3: version discovery, the
// token API, the auth scope listings, and the part of the admin API that OpenStack's tooling (Tempest's
// dynamic credentials, `openstack project/user/role …`) uses. Errors are Keystone's JSON.
import type { ApiRequest } from '../http/apiRequest.ts'
import { answer, type Answer } from '../http/answer.ts'
import { readBounded } from '../http/boundedBody.ts'
import { isJsonObject } from '../json/jsonObject.ts'
import { authenticateRequest } from './authRequest.ts'
import { KeystoneError, forbidden, forbiddenAction, keystoneErrorAnswer, notFound, schemaError, unauthorized, validationError } from './keystoneError.ts'
import {
  addDomain,
  addProject,
  addRole,
  addUser,
  assignmentRows,
  dropAssignments,
  findDomain,
  grant,
  revokeGrant,
  type AssignmentTarget,
  type IdentityDirectory,
} from './identityDirectory.ts'
import type { IdentityService } from './identityService.ts'
import { effectiveRoles, type Token } from './tokens.ts'
import { applicationCredentialView, catalogView, collection, domainView, projectView, roleView, tokenView, userView } from './identityViews.ts'
import type { Role } from './identityDirectory.ts'

/** keystone's [oslo_middleware] max_request_body_size default. */
const maxBodyBytes = 114_688

const mounts = ['/identity', ''] as const

/**
 * Keystone's top-level collections. At the bare /v3 mount only these are Keystone's: the origin is
 * shared with Glance, whose version negotiation answers every other /v3/… path (G1.1).
 */
const keystoneRoots = new Set([
  'auth',
  'projects',
  'users',
  'roles',
  'domains',
  'system',
  'role_assignments',
  'role_inferences',
  'groups',
  'credentials',
  'regions',
  'services',
  'endpoints',
  'policies',
  'limits',
  'registered_limits',
  'application_credentials',
])

function claimsIdentityPath(pathname: string): boolean {
  if (pathname === '/identity' || pathname.startsWith('/identity/') || pathname === '/v3' || pathname === '/v3/') return true
  if (!pathname.startsWith('/v3/')) return false
  const root = pathname.slice(4).split('/', 1)[0]!
  return keystoneRoots.has(root) || root.startsWith('OS-')
}

interface Caller {
  token: Token
  roles: Role[]
  isAdmin: boolean
}

interface Call {
  request: ApiRequest
  url: URL
  /** `${origin}${mount}/v3`: the base of every link. */
  base: string
  origin: string
  params: string[]
  service: IdentityService
  dir: IdentityDirectory
  /** The emulator clock's time. */
  now(): number
  /** The caller's token, checked; throws 401 when there is none or it is not valid. */
  caller(): Caller
  body(): Promise<Record<string, unknown>>
}

type Handler = (call: Call) => Answer | Promise<Answer>

interface Route {
  pattern: RegExp
  methods: Record<string, Handler>
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}) => answer(status, JSON.stringify(value), { 'content-type': 'application/json', ...headers })
const noContent = () => answer(204)

const versionDocument = (base: string) => ({
  id: 'v3.14',
  status: 'stable',
  updated: '2020-04-07T00:00:00Z',
  links: [{ rel: 'self', href: `${base}/` }],
  'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
})

/** Keystone's default policy in one rule: the admin role (any scope) may administer identity. */
function requireAdmin(call: Call, action: string): Caller {
  const caller = call.caller()
  if (!caller.isAdmin) throw forbiddenAction(`identity:${action}`)
  return caller
}

function entity<T>(map: Map<string, T>, id: string, kind: string): T {
  const found = map.get(id)
  if (!found) throw notFound(kind, id)
  return found
}

function member(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = body[key]
  if (!isJsonObject(value)) throw validationError(key, 'request body')
  return value
}

function stringField(object: Record<string, unknown>, key: string, required: boolean, path: string): string | undefined {
  const value = object[key]
  if (value === undefined || (value === null && !required)) {
    if (required) throw schemaError(`'${key}' is a required property`)
    return undefined
  }
  if (typeof value !== 'string') throw schemaError(`Invalid input for field '${path}/${key}': ${JSON.stringify(value)} is not of type 'string'`)
  if (key === 'name' && (value.length === 0 || value.length > 255)) {
    throw schemaError(`Invalid input for field '${path}/name': ${JSON.stringify(value)} is ${value.length === 0 ? 'too short' : 'too long'}`)
  }
  return value
}

function booleanField(object: Record<string, unknown>, key: string, path: string): boolean | undefined {
  const value = object[key]
  if (value === undefined) return undefined
  if (typeof value !== 'boolean') throw schemaError(`Invalid input for field '${path}/${key}': ${JSON.stringify(value)} is not of type 'boolean'`)
  return value
}

/** `?name=` and `?domain_id=` filters, as the list APIs take them. */
function filtered<T extends { name: string }>(items: Iterable<T>, url: URL, domainOf?: (item: T) => string): T[] {
  const name = url.searchParams.get('name')
  const domainId = url.searchParams.get('domain_id')
  return [...items].filter((item) => (name === null || item.name === name) && (domainId === null || !domainOf || domainOf(item) === domainId))
}

function assignmentTarget(call: Call, kind: 'projects' | 'domains' | 'system', id: string | undefined): AssignmentTarget {
  if (kind === 'system') return { system: 'all' }
  if (kind === 'projects') return { project: entity(call.dir.projects, id!, 'project').id }
  return { domain: entity(call.dir.domains, id!, 'domain').id }
}

function grantRoutes(kind: 'projects' | 'domains' | 'system'): Route[] {
  const prefix = kind === 'system' ? '/system' : `/${kind}/([^/]+)`
  const targetOf = (call: Call) => assignmentTarget(call, kind, kind === 'system' ? undefined : call.params[0])
  const userAt = kind === 'system' ? 0 : 1
  return [
    {
      pattern: new RegExp(`^${prefix}/users/([^/]+)/roles$`),
      methods: {
        GET: (call) => {
          requireAdmin(call, kind === 'system' ? 'list_system_grants_for_user' : 'list_grants')
          const target = targetOf(call)
          const user = entity(call.dir.users, call.params[userAt]!, 'user')
          const roles = [...assignmentRows(call.dir)].filter((row) => row.userId === user.id && sameTarget(row.target, target)).map((row) => call.dir.roles.get(row.roleId)!)
          return json(200, collection('roles', roles.map((role) => roleView(role, call.base)), call.url.href))
        },
      },
    },
    {
      pattern: new RegExp(`^${prefix}/users/([^/]+)/roles/([^/]+)$`),
      methods: {
        PUT: (call) => {
          requireAdmin(call, kind === 'system' ? 'create_system_grant_for_user' : 'create_grant')
          const target = targetOf(call)
          const user = entity(call.dir.users, call.params[userAt]!, 'user')
          const role = entity(call.dir.roles, call.params[userAt + 1]!, 'role')
          grant(call.dir, user.id, target, role.id)
          return noContent()
        },
        HEAD: (call) => checkGrant(call, targetOf(call), userAt),
        GET: (call) => checkGrant(call, targetOf(call), userAt),
        DELETE: (call) => {
          requireAdmin(call, kind === 'system' ? 'revoke_system_grant_for_user' : 'revoke_grant')
          const target = targetOf(call)
          const user = entity(call.dir.users, call.params[userAt]!, 'user')
          const role = entity(call.dir.roles, call.params[userAt + 1]!, 'role')
          if (!revokeGrant(call.dir, user.id, target, role.id)) throw notFound('role assignment', `${role.id}`)
          return noContent()
        },
      },
    },
  ]
}

function checkGrant(call: Call, target: AssignmentTarget, userAt: number): Answer {
  requireAdmin(call, 'check_grant')
  const user = entity(call.dir.users, call.params[userAt]!, 'user')
  const role = entity(call.dir.roles, call.params[userAt + 1]!, 'role')
  const held = [...assignmentRows(call.dir)].some((row) => row.userId === user.id && row.roleId === role.id && sameTarget(row.target, target))
  if (!held) throw new KeystoneError(404, `Could not find role assignment with role: ${role.id}, user or group: ${user.id}, project, domain, or system: ${'project' in target ? target.project : 'domain' in target ? target.domain : 'all'}.`)
  return noContent()
}

const sameTarget = (a: AssignmentTarget, b: AssignmentTarget) => JSON.stringify(a) === JSON.stringify(b)

function subjectToken(call: Call): Token {
  const caller = call.caller()
  const subject = call.request.headers.get('x-subject-token')
  if (!subject) throw new KeystoneError(404, 'No token in the request')
  const check = call.service.check(subject)
  if (!check.ok) throw notFound('token', subject)
  // identity:validate_token — the service's admins, or the token's own user.
  if (!caller.isAdmin && caller.token.userId !== check.token.userId) throw forbiddenAction('identity:validate_token')
  return check.token
}

const routes: Route[] = [
  {
    pattern: /^\/auth\/tokens$/,
    methods: {
      POST: async (call) => {
        const outcome = authenticateRequest(call.dir, call.service.tokens, await call.body(), call.now())
        const token = call.service.issue(outcome)
        const check = call.service.check(token.id)
        const roles = check.ok ? check.roles : []
        const withCatalog = !call.url.searchParams.has('nocatalog')
        const body = tokenView(token, roles, call.dir, withCatalog ? catalogView(call.service.catalog, call.origin, call.service.region) : undefined)
        return json(201, body, { 'x-subject-token': token.id })
      },
      GET: (call) => {
        const token = subjectToken(call)
        const check = call.service.check(token.id)
        const withCatalog = !call.url.searchParams.has('nocatalog')
        const body = tokenView(token, check.ok ? check.roles : [], call.dir, withCatalog ? catalogView(call.service.catalog, call.origin, call.service.region) : undefined)
        return json(200, body, { 'x-subject-token': token.id })
      },
      HEAD: (call) => {
        const token = subjectToken(call)
        return answer(200, null, { 'x-subject-token': token.id, 'content-type': 'application/json' })
      },
      DELETE: (call) => {
        const token = subjectToken(call)
        call.service.revoke(token.id)
        return noContent()
      },
    },
  },
  {
    pattern: /^\/auth\/catalog$/,
    methods: {
      GET: (call) => {
        const caller = call.caller()
        if (!('project' in caller.token.scope)) throw forbidden('A project-scoped token is required to produce a service catalog.')
        return json(200, { catalog: catalogView(call.service.catalog, call.origin, call.service.region), links: { self: `${call.base}/auth/catalog` } })
      },
    },
  },
  {
    pattern: /^\/auth\/projects$/,
    methods: {
      GET: (call) => {
        const { token } = call.caller()
        const projects = [...call.dir.projects.values()].filter((project) => project.enabled && effectiveRoles(call.dir, token.userId, { project: project.id }).length > 0)
        return json(200, collection('projects', projects.map((project) => projectView(project, call.base)), `${call.base}/auth/projects`))
      },
    },
  },
  {
    pattern: /^\/auth\/domains$/,
    methods: {
      GET: (call) => {
        const { token } = call.caller()
        const domains = [...call.dir.domains.values()].filter((domain) => domain.enabled && effectiveRoles(call.dir, token.userId, { domain: domain.id }).length > 0)
        return json(200, collection('domains', domains.map((domain) => domainView(domain, call.base)), `${call.base}/auth/domains`))
      },
    },
  },
  {
    pattern: /^\/auth\/system$/,
    methods: {
      GET: (call) => {
        const { token } = call.caller()
        const held = effectiveRoles(call.dir, token.userId, { system: 'all' }).length > 0
        return json(200, { system: held ? [{ all: true }] : [], links: { self: `${call.base}/auth/system` } })
      },
    },
  },
  {
    pattern: /^\/domains$/,
    methods: {
      GET: (call) => {
        requireAdmin(call, 'list_domains')
        return json(200, collection('domains', filtered(call.dir.domains.values(), call.url).map((domain) => domainView(domain, call.base)), call.url.href))
      },
      POST: async (call) => {
        requireAdmin(call, 'create_domain')
        const body = member(await call.body(), 'domain')
        const name = stringField(body, 'name', true, 'domain')!
        const domain = addDomain(call.dir, { id: call.service.newId(), name, description: stringField(body, 'description', false, 'domain') ?? '', enabled: booleanField(body, 'enabled', 'domain') ?? true })
        return json(201, { domain: domainView(domain, call.base) })
      },
    },
  },
  {
    pattern: /^\/domains\/([^/]+)$/,
    methods: {
      GET: (call) => {
        requireAdmin(call, 'get_domain')
        return json(200, { domain: domainView(entity(call.dir.domains, call.params[0]!, 'domain'), call.base) })
      },
      PATCH: async (call) => {
        requireAdmin(call, 'update_domain')
        const domain = entity(call.dir.domains, call.params[0]!, 'domain')
        const body = member(await call.body(), 'domain')
        const name = stringField(body, 'name', false, 'domain')
        if (name !== undefined && name !== domain.name && findDomain(call.dir, name)) throw new KeystoneError(409, `Conflict occurred attempting to store domain - Duplicate entry found with name ${name}.`)
        const description = stringField(body, 'description', false, 'domain')
        const enabled = booleanField(body, 'enabled', 'domain')
        if (name !== undefined) domain.name = name
        if (description !== undefined) domain.description = description
        if (enabled !== undefined) domain.enabled = enabled
        return json(200, { domain: domainView(domain, call.base) })
      },
      DELETE: (call) => {
        requireAdmin(call, 'delete_domain')
        const domain = entity(call.dir.domains, call.params[0]!, 'domain')
        if (domain.enabled) throw forbidden('Cannot delete a domain that is enabled, please disable it first.')
        for (const project of [...call.dir.projects.values()]) if (project.domainId === domain.id) call.dir.projects.delete(project.id)
        for (const user of [...call.dir.users.values()]) if (user.domainId === domain.id) call.dir.users.delete(user.id)
        call.dir.domains.delete(domain.id)
        dropAssignments(call.dir, (row) => !call.dir.users.has(row.userId) || ('project' in row.target && !call.dir.projects.has(row.target.project)) || ('domain' in row.target && row.target.domain === domain.id))
        return noContent()
      },
    },
  },
  {
    pattern: /^\/projects$/,
    methods: {
      GET: (call) => {
        requireAdmin(call, 'list_projects')
        const projects = filtered(call.dir.projects.values(), call.url, (project) => project.domainId)
        return json(200, collection('projects', projects.map((project) => projectView(project, call.base)), call.url.href))
      },
      POST: async (call) => {
        requireAdmin(call, 'create_project')
        const body = member(await call.body(), 'project')
        const name = stringField(body, 'name', true, 'project')!
        const domainId = stringField(body, 'domain_id', false, 'project') ?? defaultDomainFor(call)
        const project = addProject(call.dir, {
          id: call.service.newId(),
          name,
          domainId,
          description: stringField(body, 'description', false, 'project') ?? '',
          enabled: booleanField(body, 'enabled', 'project') ?? true,
          tags: Array.isArray(body.tags) ? body.tags.filter((tag): tag is string => typeof tag === 'string') : [],
        })
        return json(201, { project: projectView(project, call.base) })
      },
    },
  },
  {
    pattern: /^\/projects\/([^/]+)$/,
    methods: {
      GET: (call) => {
        const caller = call.caller()
        const project = entity(call.dir.projects, call.params[0]!, 'project')
        const own = 'project' in caller.token.scope && caller.token.scope.project === project.id
        if (!caller.isAdmin && !own) throw forbiddenAction('identity:get_project')
        return json(200, { project: projectView(project, call.base) })
      },
      PATCH: async (call) => {
        requireAdmin(call, 'update_project')
        const project = entity(call.dir.projects, call.params[0]!, 'project')
        const body = member(await call.body(), 'project')
        const name = stringField(body, 'name', false, 'project')
        if (name !== undefined && name !== project.name && [...call.dir.projects.values()].some((p) => p.domainId === project.domainId && p.name === name)) {
          throw new KeystoneError(409, `Conflict occurred attempting to store project - Duplicate entry found with name ${name} at domain ID ${project.domainId}.`)
        }
        const description = stringField(body, 'description', false, 'project')
        const enabled = booleanField(body, 'enabled', 'project')
        if (name !== undefined) project.name = name
        if (description !== undefined) project.description = description
        if (enabled !== undefined) project.enabled = enabled
        return json(200, { project: projectView(project, call.base) })
      },
      DELETE: (call) => {
        requireAdmin(call, 'delete_project')
        const project = entity(call.dir.projects, call.params[0]!, 'project')
        call.dir.projects.delete(project.id)
        dropAssignments(call.dir, (row) => 'project' in row.target && row.target.project === project.id)
        return noContent()
      },
    },
  },
  {
    pattern: /^\/users$/,
    methods: {
      GET: (call) => {
        requireAdmin(call, 'list_users')
        const users = filtered(call.dir.users.values(), call.url, (user) => user.domainId)
        return json(200, collection('users', users.map((user) => userView(user, call.base)), call.url.href))
      },
      POST: async (call) => {
        requireAdmin(call, 'create_user')
        const body = member(await call.body(), 'user')
        const name = stringField(body, 'name', true, 'user')!
        const domainId = stringField(body, 'domain_id', false, 'user') ?? defaultDomainFor(call)
        const projectId = stringField(body, 'default_project_id', false, 'user') ?? stringField(body, 'project_id', false, 'user')
        const email = stringField(body, 'email', false, 'user')
        const user = addUser(call.dir, {
          id: call.service.newId(),
          name,
          domainId,
          password: stringField(body, 'password', false, 'user') ?? '',
          enabled: booleanField(body, 'enabled', 'user') ?? true,
          ...(projectId !== undefined ? { defaultProjectId: projectId } : {}),
          ...(email !== undefined ? { email } : {}),
        })
        return json(201, { user: userView(user, call.base) })
      },
    },
  },
  {
    pattern: /^\/users\/([^/]+)$/,
    methods: {
      GET: (call) => {
        const caller = call.caller()
        const user = entity(call.dir.users, call.params[0]!, 'user')
        if (!caller.isAdmin && caller.token.userId !== user.id) throw forbiddenAction('identity:get_user')
        return json(200, { user: userView(user, call.base) })
      },
      PATCH: async (call) => {
        requireAdmin(call, 'update_user')
        const user = entity(call.dir.users, call.params[0]!, 'user')
        const body = member(await call.body(), 'user')
        const name = stringField(body, 'name', false, 'user')
        const password = stringField(body, 'password', false, 'user')
        const enabled = booleanField(body, 'enabled', 'user')
        const email = stringField(body, 'email', false, 'user')
        if (name !== undefined) user.name = name
        if (password !== undefined) user.password = password
        if (enabled !== undefined) user.enabled = enabled
        if (email !== undefined) user.email = email
        return json(200, { user: userView(user, call.base) })
      },
      DELETE: (call) => {
        requireAdmin(call, 'delete_user')
        const user = entity(call.dir.users, call.params[0]!, 'user')
        call.dir.users.delete(user.id)
        dropAssignments(call.dir, (row) => row.userId === user.id)
        for (const [id, credential] of call.dir.applicationCredentials) if (credential.userId === user.id) call.dir.applicationCredentials.delete(id)
        return noContent()
      },
    },
  },
  {
    pattern: /^\/users\/([^/]+)\/projects$/,
    methods: {
      GET: (call) => {
        const caller = call.caller()
        const user = entity(call.dir.users, call.params[0]!, 'user')
        if (!caller.isAdmin && caller.token.userId !== user.id) throw forbiddenAction('identity:list_user_projects')
        const projects = [...call.dir.projects.values()].filter((project) => effectiveRoles(call.dir, user.id, { project: project.id }).length > 0)
        return json(200, collection('projects', projects.map((project) => projectView(project, call.base)), call.url.href))
      },
    },
  },
  {
    pattern: /^\/users\/([^/]+)\/application_credentials$/,
    methods: {
      GET: (call) => {
        const user = ownUser(call, 'list_application_credentials')
        const credentials = [...call.dir.applicationCredentials.values()].filter((credential) => credential.userId === user)
        return json(200, collection('application_credentials', credentials.map((credential) => applicationCredentialView(credential, call.dir, call.base)), call.url.href))
      },
      POST: async (call) => {
        const userId = ownUser(call, 'create_application_credential')
        const caller = call.caller()
        if (!('project' in caller.token.scope)) throw forbidden('A project-scoped token is required to create an application credential.')
        const body = member(await call.body(), 'application_credential')
        const name = stringField(body, 'name', true, 'application_credential')!
        const secret = stringField(body, 'secret', false, 'application_credential') ?? call.service.newId() + call.service.newId()
        for (const existing of call.dir.applicationCredentials.values()) {
          if (existing.userId === userId && existing.name === name) throw new KeystoneError(409, `Conflict occurred attempting to store application_credential - Duplicate entry found with name ${name}.`)
        }
        const id = call.service.newId()
        const credential = {
          id,
          name,
          secret,
          userId,
          projectId: caller.token.scope.project,
          roleIds: caller.roles.map((role) => role.id),
          description: stringField(body, 'description', false, 'application_credential') ?? null,
          unrestricted: booleanField(body, 'unrestricted', 'application_credential') ?? false,
        }
        call.dir.applicationCredentials.set(id, credential)
        return json(201, { application_credential: { ...applicationCredentialView(credential, call.dir, call.base), secret } })
      },
    },
  },
  {
    pattern: /^\/users\/([^/]+)\/application_credentials\/([^/]+)$/,
    methods: {
      GET: (call) => {
        const userId = ownUser(call, 'get_application_credential')
        const credential = call.dir.applicationCredentials.get(call.params[1]!)
        if (!credential || credential.userId !== userId) throw new KeystoneError(404, `Could not find Application Credential: ${call.params[1]}.`)
        return json(200, { application_credential: applicationCredentialView(credential, call.dir, call.base) })
      },
      DELETE: (call) => {
        const userId = ownUser(call, 'delete_application_credential')
        const credential = call.dir.applicationCredentials.get(call.params[1]!)
        if (!credential || credential.userId !== userId) throw new KeystoneError(404, `Could not find Application Credential: ${call.params[1]}.`)
        call.dir.applicationCredentials.delete(credential.id)
        return noContent()
      },
    },
  },
  {
    pattern: /^\/roles$/,
    methods: {
      GET: (call) => {
        call.caller()
        return json(200, collection('roles', filtered(call.dir.roles.values(), call.url).map((role) => roleView(role, call.base)), call.url.href))
      },
      POST: async (call) => {
        requireAdmin(call, 'create_role')
        const body = member(await call.body(), 'role')
        const name = stringField(body, 'name', true, 'role')!
        const description = stringField(body, 'description', false, 'role')
        const role = addRole(call.dir, { id: call.service.newId(), name, ...(description !== undefined ? { description } : {}) })
        return json(201, { role: roleView(role, call.base) })
      },
    },
  },
  {
    pattern: /^\/roles\/([^/]+)$/,
    methods: {
      GET: (call) => {
        call.caller()
        return json(200, { role: roleView(entity(call.dir.roles, call.params[0]!, 'role'), call.base) })
      },
      DELETE: (call) => {
        requireAdmin(call, 'delete_role')
        const role = entity(call.dir.roles, call.params[0]!, 'role')
        call.dir.roles.delete(role.id)
        dropAssignments(call.dir, (row) => row.roleId === role.id)
        return noContent()
      },
    },
  },
  {
    pattern: /^\/role_assignments$/,
    methods: {
      GET: (call) => {
        const caller = call.caller()
        const query = call.url.searchParams
        const userId = query.get('user.id')
        if (!caller.isAdmin && userId !== caller.token.userId) throw forbiddenAction('identity:list_role_assignments')
        const rows = [...assignmentRows(call.dir)].filter((row) => {
          if (userId !== null && row.userId !== userId) return false
          if (query.has('role.id') && row.roleId !== query.get('role.id')) return false
          if (query.has('scope.project.id') && !('project' in row.target && row.target.project === query.get('scope.project.id'))) return false
          if (query.has('scope.domain.id') && !('domain' in row.target && row.target.domain === query.get('scope.domain.id'))) return false
          if (query.has('scope.system') && !('system' in row.target)) return false
          return true
        })
        const assignments = rows.map((row) => ({
          role: { id: row.roleId },
          user: { id: row.userId },
          scope: 'project' in row.target ? { project: { id: row.target.project } } : 'domain' in row.target ? { domain: { id: row.target.domain } } : { system: { all: true } },
          links: { assignment: `${call.base}/${'project' in row.target ? `projects/${row.target.project}` : 'domain' in row.target ? `domains/${row.target.domain}` : 'system'}/users/${row.userId}/roles/${row.roleId}` },
        }))
        return json(200, collection('role_assignments', assignments, call.url.href))
      },
    },
  },
  ...grantRoutes('projects'),
  ...grantRoutes('domains'),
  ...grantRoutes('system'),
]

function ownUser(call: Call, action: string): string {
  const caller = call.caller()
  const user = entity(call.dir.users, call.params[0]!, 'user')
  if (!caller.isAdmin && caller.token.userId !== user.id) throw forbiddenAction(`identity:${action}`)
  return user.id
}

/** The domain a new project or user lands in without a domain_id: the caller's token's domain. */
function defaultDomainFor(call: Call): string {
  const { token } = call.caller()
  if ('domain' in token.scope) return token.scope.domain
  if ('project' in token.scope) return call.dir.projects.get(token.scope.project)?.domainId ?? 'default'
  return call.dir.users.get(token.userId)?.domainId ?? 'default'
}

export interface IdentityHttp {
  claims(url: URL): boolean
  handle(request: ApiRequest, url: URL): Promise<Answer>
}

export function createIdentityHttp(service: IdentityService, now: () => number): IdentityHttp {
  return {
    claims: (url) => claimsIdentityPath(url.pathname),
    async handle(request, url) {
      const mount = mounts.find((prefix) => prefix === '' || url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))!
      const rest = url.pathname.slice(mount.length)
      const base = `${url.origin}${mount}/v3`
      try {
        if ((rest === '' || rest === '/') && mount === '/identity') {
          if (request.method !== 'GET' && request.method !== 'HEAD') throw new KeystoneError(405, 'The method is not allowed for the requested URL.')
          return json(300, { versions: { values: [versionDocument(base)] } }, { location: `${base}/` })
        }
        if (rest === '/v3' || rest === '/v3/') {
          if (request.method !== 'GET' && request.method !== 'HEAD') throw new KeystoneError(405, 'The method is not allowed for the requested URL.')
          return json(200, { version: versionDocument(base) })
        }
        if (!rest.startsWith('/v3/')) throw new KeystoneError(404, 'The resource could not be found.')
        const path = rest.slice(3)
        for (const route of routes) {
          const match = route.pattern.exec(path)
          if (!match) continue
          const handler = route.methods[request.method] ?? (request.method === 'HEAD' ? route.methods.GET : undefined)
          if (!handler) throw new KeystoneError(405, 'The method is not allowed for the requested URL.')
          let params: string[]
          try {
            params = match.slice(1).map((part) => decodeURIComponent(part))
          } catch {
            throw new KeystoneError(404, 'The resource could not be found.')
          }
          let checked: Caller | undefined
          const call: Call = {
            request,
            url,
            base,
            origin: url.origin,
            params,
            service,
            dir: service.directory,
            now,
            caller() {
              if (checked) return checked
              const result = service.check(request.headers.get('x-auth-token'))
              if (!result.ok) throw unauthorized()
              const names = result.roles.map((role) => role.name)
              checked = { token: result.token, roles: result.roles, isAdmin: names.includes('admin') }
              return checked
            },
            async body() {
              const bytes = await readBounded(request.body, maxBodyBytes, { tooLarge: () => new KeystoneError(413, 'Request is too large.') })
              let parsed: unknown
              try {
                parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
              } catch {
                throw validationError('application/json', 'request body')
              }
              if (!isJsonObject(parsed)) throw validationError('application/json', 'request body')
              return parsed
            },
          }
          const result = await handler(call)
          return request.method === 'HEAD' ? { ...result, body: null } : result
        }
        throw new KeystoneError(404, 'The resource could not be found.')
      } catch (error) {
        if (error instanceof KeystoneError) return keystoneErrorAnswer(error.status, error.message, base, error.extra)
        throw error
      }
    },
  }
}

