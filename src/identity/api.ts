// OpenStack Keystone v3, the identity every other API trusts: tokens it issues are accepted by Glance,
// CCI and the Kubernetes-style APIs, on the emulator clock. Scenarios revoke or expire tokens with an
// `identity` step; errors are Keystone's JSON.
import { z } from 'zod'
import type { ApiDescriptor } from '../apiDescriptor.ts'
import { keystoneErrorAnswer, titleOf } from './keystoneError.ts'
import { createIdentityHttp } from './http/identityRouter.ts'
import { createIdentityService, type IdentityService } from './identityService.ts'
import type { Domain, Project, Role, User } from './identityDirectory.ts'

/** `emulator.identity`: who exists and which tokens are live, for tests. */
export interface IdentityAccess {
  users(): User[]
  projects(): Project[]
  domains(): Domain[]
  roles(): Role[]
  /** A project-scoped token for a user, as a password login gives (project: the user's own by default). */
  issueToken(user: string, project?: string): string
  /** Revokes every live token, or one user's; the number revoked. */
  revokeAll(user?: string): number
  /** Ends every live token now, or one user's; the number expired. */
  expireAll(user?: string): number
  /** How many tokens exist (issued, fixed, expired or revoked). */
  tokenCount(): number
  readonly service: IdentityService
}

/** A scenario's `identity` step: `{ revoke: 'all' }`, `{ expire: 'demo' }`. */
export interface IdentityAction {
  revoke?: string
  expire?: string
}

const who = (value: string) => (value === 'all' ? undefined : value)

const withoutPassword = ({ password: _password, ...user }: User) => user

export const identityApi: ApiDescriptor<'identity', IdentityAccess, never, IdentityAction> = {
  name: 'identity',
  fixtures: {},
  scenario: {
    key: 'id',
    objects: 'identity users',
    actionSchema: () =>
      z
        .strictObject({ revoke: z.string().min(1).optional(), expire: z.string().min(1).optional() })
        .refine((action) => action.revoke !== undefined || action.expire !== undefined, { error: 'names revoke or expire: "all" or a user name' }),
  },
  build({ core, options }) {
    const service = createIdentityService({ clock: core.clock, seed: options.seed ?? 1, config: options.identity })
    const http = createIdentityHttp(service, () => core.clock.now())
    core.acceptTokens(service)
    core.keep('identity', { reset: () => service.reset(), snapshot: () => service.snapshot(), restore: (state) => service.restore(state) })
    const access: IdentityAccess = {
      users: () => [...service.directory.users.values()],
      projects: () => [...service.directory.projects.values()],
      domains: () => [...service.directory.domains.values()],
      roles: () => [...service.directory.roles.values()],
      issueToken: (user, project = user) => service.issueToken(user, project),
      revokeAll: (user) => service.revokeAll(user),
      expireAll: (user) => service.expireAll(user),
      tokenCount: () => service.tokens.size,
      service,
    }
    const unsupported = async () => {
      throw new Error('identity objects are configured with the identity option, not created by scenarios')
    }
    return {
      module: { name: 'identity', claims: http.claims, handle: http.handle },
      access,
      errorAnswer: (spec, { url }) => {
        const answer = keystoneErrorAnswer(spec.status, spec.message ?? titleOf(spec.status), `${url.origin}${url.pathname.startsWith('/identity') ? '/identity' : ''}/v3`)
        if (spec.retryAfterSeconds) answer.headers['retry-after'] = String(spec.retryAfterSeconds)
        return answer
      },
      objects: { create: unsupported, update: unsupported, delete: unsupported },
      act: async (given) => {
        const action = given as IdentityAction
        if (action.revoke !== undefined) service.revokeAll(who(action.revoke))
        if (action.expire !== undefined) service.expireAll(who(action.expire))
      },
      // The console shows users as the API does: without their passwords.
      console: {
        collectionPath: '/v3/users',
        list: () => access.users().map(withoutPassword),
        get: (id) => {
          const user = service.directory.users.get(id)
          return user && withoutPassword(user)
        },
      },
    }
  },
}
