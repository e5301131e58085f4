// Issued tokens and what makes one valid: it exists, is not revoked, has not passed its expires_at on
// the emulator clock, and its user and scope still exist with a role there — Keystone computes a
// token's roles when it validates it, so a role removed later takes effect at once.
import { findRole, rolesOn, type AssignmentTarget, type IdentityDirectory, type Role } from './identityDirectory.ts'

export type TokenScope = { project: string } | { domain: string } | { system: 'all' } | { unscoped: true }

export interface Token {
  id: string
  userId: string
  methods: string[]
  scope: TokenScope
  issuedAt: number
  expiresAt: number
  /** This token's audit id, then the one it was made from (a rescoped token keeps its chain). */
  auditIds: string[]
  applicationCredentialId?: string
  revoked: boolean
}

export type TokenCheck = { ok: true; token: Token; roles: Role[] } | { ok: false; reason: 'unknown' | 'revoked' | 'expired' | 'invalid' }

const scopeTarget = (scope: TokenScope): AssignmentTarget | undefined => ('unscoped' in scope ? undefined : scope)

/**
 * The roles a user holds on a target, with the implications `keystone-manage bootstrap` creates
 * (admin implies member, member implies reader).
 */
export function effectiveRoles(dir: IdentityDirectory, userId: string, target: AssignmentTarget): Role[] {
  const held = new Map(rolesOn(dir, userId, target).map((role) => [role.id, role]))
  const implied: Array<[string, string]> = [
    ['admin', 'member'],
    ['member', 'reader'],
  ]
  for (const [prior, next] of implied) {
    const priorRole = findRole(dir, prior)
    const nextRole = findRole(dir, next)
    if (priorRole && nextRole && held.has(priorRole.id)) held.set(nextRole.id, nextRole)
  }
  return [...held.values()]
}

/** The roles a token carries now; undefined when its scope no longer grants any. */
function tokenRoles(dir: IdentityDirectory, token: Token): Role[] | undefined {
  const target = scopeTarget(token.scope)
  if (!target) return []
  const roles = effectiveRoles(dir, token.userId, target)
  if (token.applicationCredentialId) {
    const credential = dir.applicationCredentials.get(token.applicationCredentialId)
    if (!credential) return undefined
    const allowed = new Set(credential.roleIds)
    const limited = roles.filter((role) => allowed.has(role.id))
    return limited.length > 0 ? limited : undefined
  }
  return roles.length > 0 ? roles : undefined
}

function scopeExists(dir: IdentityDirectory, scope: TokenScope): boolean {
  if ('project' in scope) {
    const project = dir.projects.get(scope.project)
    return project !== undefined && project.enabled && dir.domains.get(project.domainId)?.enabled === true
  }
  if ('domain' in scope) return dir.domains.get(scope.domain)?.enabled === true
  return true
}

export function checkToken(dir: IdentityDirectory, tokens: Map<string, Token>, id: string | null | undefined, now: number): TokenCheck {
  if (!id || !tokens.has(id)) return { ok: false, reason: 'unknown' }
  const token = tokens.get(id)!
  if (token.revoked) return { ok: false, reason: 'revoked' }
  if (now >= token.expiresAt) return { ok: false, reason: 'expired' }
  const user = dir.users.get(token.userId)
  if (!user || !user.enabled || dir.domains.get(user.domainId)?.enabled !== true) return { ok: false, reason: 'invalid' }
  if (!scopeExists(dir, token.scope)) return { ok: false, reason: 'invalid' }
  const roles = tokenRoles(dir, token)
  if (!roles) return { ok: false, reason: 'invalid' }
  return { ok: true, token, roles }
}
