// Who is calling. Real clients send a token (Kubernetes: `Authorization: Bearer`; Huawei CCI and
// OpenStack: `X-Auth-Token`). A token a token authority issued (the identity service) names its
// principal, or is refused once expired or revoked; otherwise the emulator either lets everyone in as
// an administrator ('open') or looks the token up in a fixed table. Each API renders the refusal in its
// own dialect.

export interface Principal {
  /** Kubernetes user name / Keystone user name. */
  user: string
  /** Keystone project id (Glance `owner`) or CCI tenant. */
  project: string
  /** Keystone domain id: CCI stamps it as the `tenant.kubernetes.io/domain-id` label (CCI-16). */
  domain?: string
  /** Glance admin role; Kubernetes: may do everything. */
  admin: boolean
  /** Kubernetes groups (Forbidden checks) or Keystone roles. */
  roles?: string[]
  /** Kubernetes verbs this principal may use; absent = all. */
  verbs?: string[]
}

export type AuthOption = 'open' | { tokens: Record<string, Partial<Principal> & { user: string }> }

/** Issues tokens of its own (the identity service): a token it knows is valid for a principal, or not at all. */
export interface TokenAuthority {
  principalOf(token: string): { known: false } | { known: true; principal?: Principal }
}

/** What the APIs authenticate against: the auth option and the token authorities beside it. */
export interface AuthContext {
  option: AuthOption
  authorities: TokenAuthority[]
}

/** Whom an open emulator treats every request as. */
export const openPrincipal: Principal = {
  user: 'system:admin',
  project: '0d5a2f1e9c8b4a7d8e6f5c4b3a291807',
  admin: true,
}

export type Authentication =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'missing' | 'unknown' }

/** The token a request carries: `Authorization: Bearer <t>` or `X-Auth-Token: <t>`. */
function requestToken(headers: Headers): string | undefined {
  const authorization = headers.get('authorization')
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)
  if (bearer) return bearer[1]
  return headers.get('x-auth-token')?.trim() || undefined
}

export function authenticate(headers: Headers, context: AuthOption | AuthContext): Authentication {
  const { option: auth, authorities } = typeof context === 'object' && 'option' in context ? context : { option: context, authorities: [] }
  const token = requestToken(headers)
  // An authority's token means what the authority says, in an open emulator too: who it names, or 401.
  if (token) {
    for (const authority of authorities) {
      const found = authority.principalOf(token)
      if (found.known) return found.principal ? { ok: true, principal: found.principal } : { ok: false, reason: 'unknown' }
    }
  }
  if (auth === 'open') return { ok: true, principal: openPrincipal }
  if (!token) return { ok: false, reason: 'missing' }
  // Own-property lookup: a token named "__proto__" or "constructor" must not find Object.prototype.
  if (!Object.hasOwn(auth.tokens, token)) return { ok: false, reason: 'unknown' }
  const entry = auth.tokens[token]!
  return {
    ok: true,
    principal: { project: openPrincipal.project, admin: false, ...entry },
  }
}

/**
 * Whether a request may read a public path (/version, /healthz, /livez, /readyz): kube-apiserver serves
 * them to anonymous requests, but a request presenting a token it cannot authenticate is refused 401
 * before authorization ever looks at the path.
 */
export function mayReadPublic(headers: Headers, auth: AuthOption | AuthContext): boolean {
  const authentication = authenticate(headers, auth)
  return authentication.ok || authentication.reason === 'missing'
}
