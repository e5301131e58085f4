// Who exists: domains, projects, users, roles, their assignments and application credentials, as
// Keystone's identity, resource and assignment backends hold them. Built from an IdentityConfig with
// seeded ids, so the same config always yields the same ids; the admin API writes to it.
import { conflict, KeystoneError } from './keystoneError.ts'
import { defaultDomainId, defaultDomainName, type IdentityConfig } from './identityConfig.ts'

export interface Domain {
  id: string
  name: string
  description: string
  enabled: boolean
}

export interface Project {
  id: string
  name: string
  domainId: string
  description: string
  enabled: boolean
  tags: string[]
}

export interface User {
  id: string
  name: string
  domainId: string
  password: string
  enabled: boolean
  defaultProjectId?: string
  email?: string
}

export interface Role {
  id: string
  name: string
  description?: string
}

export type AssignmentTarget = { project: string } | { domain: string } | { system: 'all' }

export interface ApplicationCredential {
  id: string
  name: string
  secret: string
  userId: string
  projectId: string
  roleIds: string[]
  description: string | null
  unrestricted: boolean
}

export interface IdentityDirectory {
  domains: Map<string, Domain>
  projects: Map<string, Project>
  users: Map<string, User>
  roles: Map<string, Role>
  /** role ids per `user|target` key. */
  assignments: Map<string, Set<string>>
  applicationCredentials: Map<string, ApplicationCredential>
}

/** Makes Keystone-style ids (32 hex digits, as uuid4().hex). */
export type IdMaker = () => string

const targetKey = (target: AssignmentTarget): string =>
  'project' in target ? `project:${target.project}` : 'domain' in target ? `domain:${target.domain}` : 'system:all'

const assignmentKey = (userId: string, target: AssignmentTarget) => `${userId}|${targetKey(target)}`

function emptyDirectory(): IdentityDirectory {
  return { domains: new Map(), projects: new Map(), users: new Map(), roles: new Map(), assignments: new Map(), applicationCredentials: new Map() }
}

export function copyDirectory(source: IdentityDirectory): IdentityDirectory {
  const copy = <T extends object>(map: Map<string, T>) => new Map([...map].map(([key, value]) => [key, structuredClone(value)]))
  return {
    domains: copy(source.domains),
    projects: copy(source.projects),
    users: copy(source.users),
    roles: copy(source.roles),
    assignments: new Map([...source.assignments].map(([key, roles]) => [key, new Set(roles)])),
    applicationCredentials: copy(source.applicationCredentials),
  }
}

// ---- lookups -------------------------------------------------------------------------------------

const byName = <T extends { name: string }>(map: Map<string, T>, name: string, inDomain?: (item: T) => boolean) => {
  for (const item of map.values()) if (item.name === name && (!inDomain || inDomain(item))) return item
  return undefined
}

/** A domain by id, else by name. */
export const findDomain = (dir: IdentityDirectory, ref: string) => dir.domains.get(ref) ?? byName(dir.domains, ref)

export function findProject(dir: IdentityDirectory, ref: string, domainId?: string): Project | undefined {
  return dir.projects.get(ref) ?? byName(dir.projects, ref, (project) => domainId === undefined || project.domainId === domainId)
}

export function findUser(dir: IdentityDirectory, ref: string, domainId?: string): User | undefined {
  return dir.users.get(ref) ?? byName(dir.users, ref, (user) => domainId === undefined || user.domainId === domainId)
}

export const findRole = (dir: IdentityDirectory, ref: string) => dir.roles.get(ref) ?? byName(dir.roles, ref)

export function rolesOn(dir: IdentityDirectory, userId: string, target: AssignmentTarget): Role[] {
  const ids = dir.assignments.get(assignmentKey(userId, target))
  if (!ids) return []
  return [...ids].map((id) => dir.roles.get(id)).filter((role): role is Role => role !== undefined)
}

/** Every assignment as (user, target, role) rows, in insertion order. */
export function* assignmentRows(dir: IdentityDirectory): Generator<{ userId: string; target: AssignmentTarget; roleId: string }> {
  for (const [key, roles] of dir.assignments) {
    const [userId, scope] = key.split('|') as [string, string]
    const [kind, id] = scope.split(/:(.*)/s) as [string, string]
    const target: AssignmentTarget = kind === 'project' ? { project: id } : kind === 'domain' ? { domain: id } : { system: 'all' }
    for (const roleId of roles) yield { userId, target, roleId }
  }
}

// ---- writes --------------------------------------------------------------------------------------

/**
 * Keystone's 409 when another entry of this kind already has the name: domains' names are global,
 * projects' and users' are per domain. `self` is the entry being renamed, which may keep its name.
 */
export function assertNameFree<T extends { id: string; name: string; domainId?: string }>(map: Map<string, T>, kind: string, name: string, domainId?: string, self?: string): void {
  const taken = byName(map, name, (item) => item.id !== self && (domainId === undefined || item.domainId === domainId))
  if (taken) throw conflict(kind, `Duplicate entry found with name ${name}${domainId === undefined ? '' : ` at domain ID ${domainId}`}`)
}

export function addDomain(dir: IdentityDirectory, domain: Domain): Domain {
  if (dir.domains.has(domain.id)) throw conflict('domain', `Duplicate entry found with ID ${domain.id}`)
  assertNameFree(dir.domains, 'domain', domain.name)
  dir.domains.set(domain.id, domain)
  return domain
}

/** A project or user: its domain must exist, its id be new and its name free in that domain. */
function addInDomain<T extends Project | User>(dir: IdentityDirectory, map: Map<string, T>, kind: string, item: T): T {
  if (!dir.domains.has(item.domainId)) throw new KeystoneError(400, `Could not find domain: ${item.domainId}.`)
  if (map.has(item.id)) throw conflict(kind, `Duplicate entry found with ID ${item.id}`)
  assertNameFree(map, kind, item.name, item.domainId)
  map.set(item.id, item)
  return item
}

export const addProject = (dir: IdentityDirectory, project: Project): Project => addInDomain(dir, dir.projects, 'project', project)

export const addUser = (dir: IdentityDirectory, user: User): User => addInDomain(dir, dir.users, 'user', user)

export function addRole(dir: IdentityDirectory, role: Role): Role {
  if (byName(dir.roles, role.name)) throw conflict('role', `Duplicate entry found with name ${role.name}`)
  dir.roles.set(role.id, role)
  return role
}

export function grant(dir: IdentityDirectory, userId: string, target: AssignmentTarget, roleId: string): void {
  const key = assignmentKey(userId, target)
  let roles = dir.assignments.get(key)
  if (!roles) dir.assignments.set(key, (roles = new Set()))
  roles.add(roleId)
}

/** Removes a grant; false when there was none. */
export function revokeGrant(dir: IdentityDirectory, userId: string, target: AssignmentTarget, roleId: string): boolean {
  const key = assignmentKey(userId, target)
  const roles = dir.assignments.get(key)
  if (!roles?.delete(roleId)) return false
  if (roles.size === 0) dir.assignments.delete(key)
  return true
}

/** Forgets every assignment that names this user, project, domain or role. */
export function dropAssignments(dir: IdentityDirectory, matches: (row: { userId: string; target: AssignmentTarget; roleId: string }) => boolean): void {
  for (const row of [...assignmentRows(dir)]) if (matches(row)) revokeGrant(dir, row.userId, row.target, row.roleId)
}

// ---- from configuration --------------------------------------------------------------------------

/** The directory a config describes; a reference to something the config does not define throws. */
export function buildDirectory(config: IdentityConfig, newId: IdMaker): IdentityDirectory {
  const dir = emptyDirectory()
  const domains = config.domains ?? [{ id: defaultDomainId, name: defaultDomainName }]
  for (const domain of domains) {
    addDomain(dir, { id: domain.id ?? (domain.name === defaultDomainName ? defaultDomainId : newId()), name: domain.name, description: domain.description ?? '', enabled: domain.enabled ?? true })
  }
  const domainRef = (ref: string | undefined, what: string): string => {
    const found = findDomain(dir, ref ?? defaultDomainName) ?? (ref === undefined ? findDomain(dir, defaultDomainId) : undefined)
    if (!found) throw new IdentityConfigError(`${what}: no domain ${JSON.stringify(ref ?? defaultDomainName)}`)
    return found.id
  }
  for (const project of config.projects ?? []) {
    addProject(dir, {
      id: project.id ?? newId(),
      name: project.name,
      domainId: domainRef(project.domain, `project ${project.name}`),
      description: project.description ?? '',
      enabled: project.enabled ?? true,
      tags: [],
    })
  }
  const projectRef = (ref: string, what: string): string => {
    const found = findProject(dir, ref)
    if (!found) throw new IdentityConfigError(`${what}: no project ${JSON.stringify(ref)}`)
    return found.id
  }
  for (const user of config.users ?? []) {
    addUser(dir, {
      id: user.id ?? newId(),
      name: user.name,
      domainId: domainRef(user.domain, `user ${user.name}`),
      password: user.password,
      enabled: user.enabled ?? true,
      ...(user.defaultProject !== undefined ? { defaultProjectId: projectRef(user.defaultProject, `user ${user.name}`) } : {}),
      ...(user.email !== undefined ? { email: user.email } : {}),
    })
  }
  for (const name of config.roles ?? []) addRole(dir, { id: newId(), name })
  const userRef = (ref: string, what: string): string => {
    const found = findUser(dir, ref)
    if (!found) throw new IdentityConfigError(`${what}: no user ${JSON.stringify(ref)}`)
    return found.id
  }
  const roleRef = (ref: string, what: string): string => {
    const found = findRole(dir, ref)
    if (!found) throw new IdentityConfigError(`${what}: no role ${JSON.stringify(ref)}`)
    return found.id
  }
  for (const assignment of config.assignments ?? []) {
    const what = `assignment for ${assignment.user}`
    const target: AssignmentTarget =
      assignment.project !== undefined
        ? { project: projectRef(assignment.project, what) }
        : assignment.domain !== undefined
          ? { domain: domainRef(assignment.domain, what) }
          : assignment.system === 'all'
            ? { system: 'all' }
            : (() => {
                throw new IdentityConfigError(`${what}: name a project, a domain or system: all`)
              })()
    const userId = userRef(assignment.user, what)
    for (const role of assignment.roles) grant(dir, userId, target, roleRef(role, what))
  }
  for (const credential of config.applicationCredentials ?? []) {
    const what = `application credential ${credential.name}`
    const userId = userRef(credential.user, what)
    const projectId = projectRef(credential.project, what)
    const held = rolesOn(dir, userId, { project: projectId }).map((role) => role.id)
    const roleIds = credential.roles ? credential.roles.map((role) => roleRef(role, what)) : held
    const id = credential.id ?? newId()
    dir.applicationCredentials.set(id, {
      id,
      name: credential.name,
      secret: credential.secret,
      userId,
      projectId,
      roleIds,
      description: null,
      unrestricted: credential.unrestricted ?? false,
    })
  }
  return dir
}

export class IdentityConfigError extends Error {
  constructor(message: string) {
    super(`identity: ${message}`)
    this.name = 'IdentityConfigError'
  }
}
