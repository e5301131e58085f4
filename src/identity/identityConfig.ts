// What the identity service knows at start and after every reset: domains, projects, users with
// passwords, roles, role assignments, application credentials, fixed tokens and the token lifetime.
// Everything is referred to by name (or id); the built-in default mirrors a fresh devstack.
import type { Duration } from '../duration.ts'

export interface IdentityDomainConfig {
  id?: string
  name: string
  description?: string
  enabled?: boolean
}

export interface IdentityProjectConfig {
  id?: string
  name: string
  /** Domain name or id (default `Default`). */
  domain?: string
  description?: string
  enabled?: boolean
}

export interface IdentityUserConfig {
  id?: string
  name: string
  password: string
  domain?: string
  /** Project name or id a token without a scope is scoped to. */
  defaultProject?: string
  email?: string
  enabled?: boolean
}

/** Roles a user holds on a project, a domain, or the system. */
export interface IdentityAssignmentConfig {
  user: string
  roles: string[]
  project?: string
  domain?: string
  system?: 'all'
}

export interface IdentityApplicationCredentialConfig {
  id?: string
  name: string
  secret: string
  user: string
  project: string
  /** Roles the credential carries (default: every role the user holds on the project). */
  roles?: string[]
  unrestricted?: boolean
}

/** A token that exists from the start, scoped to a user's project; it does not expire. */
export interface IdentityFixedTokenConfig {
  user: string
  project: string
}

/** A service the catalog lists besides identity, image and cci, at a path of the emulator's own origin. */
export interface IdentityCatalogServiceConfig {
  type: string
  name: string
  /** Path under the origin (default '': the emulator's root, where Glance answers). */
  path?: string
}

export interface IdentityConfig {
  /**
   * More services for the catalog, e.g. `{ type: 'image_remote', name: 'glance-remote' }`: a second entry
   * for the same Glance, as a deployment lists another Glance worker for Tempest's remote tests.
   */
  catalog?: IdentityCatalogServiceConfig[]
  /** How long an issued token lives on the emulator clock (Keystone's default: one hour). */
  tokenLifetime?: Duration
  /** Region the service catalog lists (default `RegionOne`). */
  region?: string
  domains?: IdentityDomainConfig[]
  projects?: IdentityProjectConfig[]
  users?: IdentityUserConfig[]
  roles?: string[]
  assignments?: IdentityAssignmentConfig[]
  applicationCredentials?: IdentityApplicationCredentialConfig[]
  tokens?: Record<string, IdentityFixedTokenConfig>
}

/** Keystone's own id for the domain `keystone-manage bootstrap` creates. */
export const defaultDomainId = 'default'
export const defaultDomainName = 'Default'

/**
 * The built-in identity: domain `Default`; projects and users `admin`, `demo`, `alt_demo`, each with
 * password `secret`; `admin` holds admin, member and reader on project `admin` (and admin on the
 * system, as bootstrap grants); `demo` and `alt_demo` hold member and reader on their own projects.
 */
export const defaultIdentity: IdentityConfig = {
  tokenLifetime: '1h',
  region: 'RegionOne',
  domains: [{ id: defaultDomainId, name: defaultDomainName, description: 'The default domain' }],
  projects: [
    // The project an open emulator's administrator acts in, so images it made belong to `admin`.
    { id: '0d5a2f1e9c8b4a7d8e6f5c4b3a291807', name: 'admin', description: 'Bootstrap project for initializing the cloud.' },
    { name: 'demo' },
    { name: 'alt_demo' },
  ],
  users: [
    { name: 'admin', password: 'secret', defaultProject: 'admin' },
    { name: 'demo', password: 'secret', defaultProject: 'demo' },
    { name: 'alt_demo', password: 'secret', defaultProject: 'alt_demo' },
  ],
  roles: ['admin', 'member', 'reader'],
  assignments: [
    { user: 'admin', project: 'admin', roles: ['admin', 'member', 'reader'] },
    { user: 'admin', system: 'all', roles: ['admin'] },
    { user: 'demo', project: 'demo', roles: ['member', 'reader'] },
    { user: 'alt_demo', project: 'alt_demo', roles: ['member', 'reader'] },
  ],
}
