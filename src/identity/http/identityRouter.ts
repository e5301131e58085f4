// Keystone v3 over HTTP, at /identity (as devstack lays it out) and at /v3: version discovery, the
// token API, the auth scope listings, and the part of the admin API that OpenStack's tooling (Tempest's
// dynamic credentials, `openstack project/user/role …`) uses. Errors are Keystone's JSON.
import { json, type Call, type Caller, type Route } from './identityCall.ts'
import { tokenRoutes } from './tokenRoutes.ts'
import { directoryRoutes } from './directoryRoutes.ts'
import { applicationCredentialRoutes } from './applicationCredentialRoutes.ts'
import { grantRoutes } from './grantRoutes.ts'
import type { ApiRequest } from '../../http/apiRequest.ts'
import type { Answer } from '../../http/answer.ts'
import { readBounded } from '../../http/boundedBody.ts'
import { isJsonObject } from '../../json/jsonObject.ts'
import { KeystoneError, keystoneErrorAnswer, unauthorized, validationError } from '../keystoneError.ts'
import type { IdentityService } from '../identityService.ts'

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


const versionDocument = (base: string) => ({
  id: 'v3.14',
  status: 'stable',
  updated: '2020-04-07T00:00:00Z',
  links: [{ rel: 'self', href: `${base}/` }],
  'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
})

/** Keystone's default policy in one rule: the admin role (any scope) may administer identity. */

const routes: Route[] = [...tokenRoutes, ...directoryRoutes, ...applicationCredentialRoutes, ...grantRoutes('projects'), ...grantRoutes('domains'), ...grantRoutes('system')]

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

