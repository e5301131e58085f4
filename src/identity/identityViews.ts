// How Keystone writes its entities, tokens and the service catalog (keystone/common/render_token.py,
// the resource/identity/assignment APIs' wrap_member and wrap_collection).
import type { ApplicationCredential, Domain, IdentityDirectory, Project, Role, User } from './identityDirectory.ts'
import type { Token } from './tokens.ts'

/** Keystone's timestamps: ISO 8601 in UTC with microseconds. */
const keystoneTime = (at: number) => new Date(at).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')

/** The catalog's services: where each API is reached from a client that authenticated at `origin`. */
export interface CatalogService {
  id: string
  type: string
  name: string
  /** Path under the origin ('' for the root). */
  path: string
  endpoints: Array<{ id: string; interface: 'public' | 'internal' | 'admin' }>
}

export function catalogView(services: CatalogService[], origin: string, region: string) {
  return services.map((service) => ({
    endpoints: service.endpoints.map((endpoint) => ({
      id: endpoint.id,
      interface: endpoint.interface,
      region_id: region,
      url: `${origin}${service.path}`,
      region,
    })),
    id: service.id,
    type: service.type,
    name: service.name,
  }))
}

const link = (base: string, path: string) => ({ self: `${base}/${path}` })

export const domainView = (domain: Domain, base: string) => ({
  id: domain.id,
  name: domain.name,
  description: domain.description,
  enabled: domain.enabled,
  tags: [],
  options: {},
  links: link(base, `domains/${domain.id}`),
})

export const projectView = (project: Project, base: string) => ({
  id: project.id,
  name: project.name,
  domain_id: project.domainId,
  description: project.description,
  enabled: project.enabled,
  parent_id: project.domainId,
  is_domain: false,
  tags: [...project.tags],
  options: {},
  links: link(base, `projects/${project.id}`),
})

export const userView = (user: User, base: string) => ({
  id: user.id,
  name: user.name,
  domain_id: user.domainId,
  enabled: user.enabled,
  password_expires_at: null,
  options: {},
  ...(user.defaultProjectId !== undefined ? { default_project_id: user.defaultProjectId } : {}),
  ...(user.email !== undefined ? { email: user.email } : {}),
  links: link(base, `users/${user.id}`),
})

export const roleView = (role: Role, base: string) => ({
  id: role.id,
  name: role.name,
  domain_id: null,
  description: role.description ?? null,
  options: {},
  links: link(base, `roles/${role.id}`),
})

export const applicationCredentialView = (credential: ApplicationCredential, dir: IdentityDirectory, base: string) => ({
  id: credential.id,
  name: credential.name,
  description: credential.description,
  user_id: credential.userId,
  project_id: credential.projectId,
  roles: credential.roleIds.map((id) => dir.roles.get(id)).filter((role): role is Role => role !== undefined).map((role) => ({ id: role.id, name: role.name, domain_id: null })),
  unrestricted: credential.unrestricted,
  expires_at: null,
  access_rules: [],
  links: link(base, `users/${credential.userId}/application_credentials/${credential.id}`),
})

export function collection(key: string, items: unknown[], self: string) {
  return { [key]: items, links: { self, previous: null, next: null } }
}

/** The token body Keystone returns on issue and validation. */
export function tokenView(token: Token, roles: Role[], dir: IdentityDirectory, catalog: ReturnType<typeof catalogView> | undefined) {
  const user = dir.users.get(token.userId)!
  const userDomain = dir.domains.get(user.domainId)!
  const body: Record<string, unknown> = {
    methods: token.methods,
    user: { domain: { id: userDomain.id, name: userDomain.name }, id: user.id, name: user.name, password_expires_at: null },
    audit_ids: token.auditIds,
    expires_at: keystoneTime(token.expiresAt),
    issued_at: keystoneTime(token.issuedAt),
  }
  const roleRefs = roles.map((role) => ({ id: role.id, name: role.name }))
  const scope = token.scope
  if ('system' in scope) {
    body.roles = roleRefs
    body.system = { all: true }
  } else if ('domain' in scope) {
    const domain = dir.domains.get(scope.domain)!
    body.domain = { id: domain.id, name: domain.name }
    body.roles = roleRefs
  } else if ('project' in scope) {
    const project = dir.projects.get(scope.project)!
    const domain = dir.domains.get(project.domainId)!
    body.project = { domain: { id: domain.id, name: domain.name }, id: project.id, name: project.name }
    body.is_domain = false
    body.roles = roleRefs
  }
  if (catalog && !('unscoped' in scope)) body.catalog = catalog
  if (token.applicationCredentialId) {
    const credential = dir.applicationCredentials.get(token.applicationCredentialId)
    if (credential) body.application_credential = { id: credential.id, name: credential.name, restricted: !credential.unrestricted }
  }
  return { token: body }
}
