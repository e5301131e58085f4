// The identity service's state: the directory built from configuration and the tokens it has issued,
// on the emulator clock. Ids come from a generator of its own, seeded like the emulator's, so a reset
// yields the same directory whatever else has drawn ids meanwhile.
import type { Clock } from '../clock.ts'
import { createIds } from '../ids.ts'
import { toMilliseconds } from '../duration.ts'
import type { Principal } from '../auth.ts'
import { defaultIdentity, type IdentityConfig } from './identityConfig.ts'
import { buildDirectory, copyDirectory, findProject, findUser, type IdentityDirectory } from './identityDirectory.ts'
import { checkToken, type Token, type TokenCheck } from './tokens.ts'
import type { AuthOutcome } from './authRequest.ts'
import type { CatalogService } from './identityViews.ts'

/** What a token presented to another API means there. */
export type TokenPrincipal = { known: false } | { known: true; principal: Principal } | { known: true; principal?: undefined; reason: 'unknown' | 'revoked' | 'expired' | 'invalid' }

export interface IdentityService {
  readonly config: IdentityConfig
  readonly directory: IdentityDirectory
  readonly tokens: Map<string, Token>
  /** How long a new token lives, in milliseconds. */
  readonly lifetime: number
  readonly region: string
  readonly catalog: CatalogService[]
  newId(): string
  issue(outcome: AuthOutcome): Token
  check(tokenId: string | null | undefined): TokenCheck
  /** For Glance, CCI and the Kubernetes APIs: whether the token is one of ours, and whom it names. */
  principalOf(tokenId: string): TokenPrincipal
  /** A project-scoped token for a user, as a password login would give (for tests). */
  issueToken(user: string, project: string): string
  revoke(tokenId: string): boolean
  /** Revokes every valid token (or a user's); the number revoked. */
  revokeAll(user?: string): number
  /** Moves every valid token's expiry to now (or a user's); the number expired. */
  expireAll(user?: string): number
  reset(): void
  snapshot(): unknown
  restore(state: unknown): void
}

const farFuture = Date.UTC(9999, 0, 1)

function base64url(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

export function createIdentityService(options: { clock: Clock; seed: number | string; config?: IdentityConfig }): IdentityService {
  const config = options.config ?? defaultIdentity
  const { clock } = options
  const ids = createIds(options.seed)
  const newId = () => ids.hex(32, 'keystone-id')
  const lifetime = toMilliseconds(config.tokenLifetime ?? '1h')
  const region = config.region ?? 'RegionOne'

  let directory: IdentityDirectory
  let tokens: Map<string, Token>
  let catalog: CatalogService[]

  const tokenId = () => `gAAAAAB${base64url(ids.hex(96, 'keystone-token'))}`
  const auditId = () => base64url(ids.hex(32, 'keystone-audit'))

  const build = () => {
    ids.reset()
    directory = buildDirectory(config, newId)
    const service = (type: string, name: string, path: string): CatalogService => ({
      id: newId(),
      type,
      name,
      path,
      endpoints: (['public', 'internal', 'admin'] as const).map((kind) => ({ id: newId(), interface: kind })),
    })
    catalog = [service('identity', 'keystone', '/identity'), service('image', 'glance', ''), service('cci', 'cci', '')]
    for (const extra of config.catalog ?? []) catalog.push(service(extra.type, extra.name, extra.path ?? ''))
    tokens = new Map()
    for (const [id, fixed] of Object.entries(config.tokens ?? {})) {
      const user = findUser(directory, fixed.user)
      const project = findProject(directory, fixed.project)
      if (!user || !project) throw new Error(`identity: fixed token for ${fixed.user}/${fixed.project} names no such user or project`)
      tokens.set(id, { id, userId: user.id, methods: ['token'], scope: { project: project.id }, issuedAt: clock.now(), expiresAt: farFuture, auditIds: [auditId()], revoked: false })
    }
  }
  build()

  const check = (id: string | null | undefined) => checkToken(directory, tokens, id, clock.now())
  const liveTokens = (user?: string) => {
    const userId = user === undefined ? undefined : findUser(directory, user)?.id
    return [...tokens.values()].filter((token) => check(token.id).ok && (user === undefined || token.userId === userId))
  }

  const service: IdentityService = {
    config,
    get directory() {
      return directory
    },
    get tokens() {
      return tokens
    },
    lifetime,
    region,
    get catalog() {
      return catalog
    },
    newId,
    issue(outcome) {
      const now = clock.now()
      const token: Token = {
        id: tokenId(),
        userId: outcome.userId,
        methods: outcome.methods,
        scope: outcome.scope,
        issuedAt: now,
        expiresAt: outcome.from ? outcome.from.expiresAt : now + lifetime,
        auditIds: outcome.from ? [auditId(), outcome.from.auditIds[0]!] : [auditId()],
        ...(outcome.applicationCredentialId ? { applicationCredentialId: outcome.applicationCredentialId } : {}),
        revoked: false,
      }
      tokens.set(token.id, token)
      return token
    },
    check,
    principalOf(id): TokenPrincipal {
      if (!tokens.has(id)) return { known: false }
      const result = check(id)
      if (!result.ok) return { known: true, principal: undefined, reason: result.reason }
      const user = directory.users.get(result.token.userId)!
      const scope = result.token.scope
      const roles = result.roles.map((role) => role.name)
      const project = 'project' in scope ? directory.projects.get(scope.project) : undefined
      return {
        known: true,
        principal: {
          user: user.name,
          project: project?.id ?? '',
          domain: project?.domainId ?? ('domain' in scope ? scope.domain : user.domainId),
          admin: roles.includes('admin'),
          roles,
        },
      }
    },
    issueToken(user, project) {
      const found = findUser(directory, user)
      const scope = findProject(directory, project)
      if (!found || !scope) throw new Error(`identity: no user ${JSON.stringify(user)} or project ${JSON.stringify(project)}`)
      return service.issue({ userId: found.id, methods: ['password'], scope: { project: scope.id } }).id
    },
    revoke(id) {
      const token = tokens.get(id)
      if (!token || token.revoked) return false
      token.revoked = true
      return true
    },
    revokeAll(user) {
      const live = liveTokens(user)
      for (const token of live) token.revoked = true
      return live.length
    },
    expireAll(user) {
      const live = liveTokens(user)
      const now = clock.now()
      for (const token of live) token.expiresAt = now
      return live.length
    },
    reset: build,
    snapshot: () => ({ directory: copyDirectory(directory), tokens: [...tokens.values()].map((token) => structuredClone(token)), catalog: structuredClone(catalog) }),
    restore(state) {
      const saved = state as { directory: IdentityDirectory; tokens: Token[]; catalog: CatalogService[] }
      directory = copyDirectory(saved.directory)
      tokens = new Map(saved.tokens.map((token) => [token.id, structuredClone(token)]))
      catalog = structuredClone(saved.catalog)
    },
  }
  return service
}
