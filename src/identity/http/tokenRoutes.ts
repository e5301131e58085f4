// The token API (issue, validate, check, revoke) and the scope listings a token may ask for
// (keystone/api/auth.py).
import { answer } from '../../http/answer.ts'
import { authenticateRequest } from '../authRequest.ts'
import { KeystoneError, forbidden, forbiddenAction, notFound } from '../keystoneError.ts'
import { effectiveRoles, type Token } from '../tokens.ts'
import type { Role } from '../identityDirectory.ts'
import { catalogView, collection, domainView, projectView, tokenView } from '../identityViews.ts'
import { type Call, type Route, json, noContent } from './identityCall.ts'

/** The X-Subject-Token a caller may see, checked: the token and the roles it carries now. */
function subjectToken(call: Call): { token: Token; roles: Role[] } {
  const caller = call.caller()
  const subject = call.request.headers.get('x-subject-token')
  if (!subject) throw new KeystoneError(404, 'No token in the request')
  const check = call.service.check(subject)
  if (!check.ok) throw notFound('token', subject)
  // identity:validate_token — the service's admins, or the token's own user.
  if (!caller.isAdmin && caller.token.userId !== check.token.userId) throw forbiddenAction('identity:validate_token')
  return { token: check.token, roles: check.roles }
}

const catalogOf = (call: Call) => catalogView(call.service.catalog, call.origin, call.service.region)

/** The token body Keystone answers on issue and validation, with the catalog unless `?nocatalog`. */
function tokenAnswer(call: Call, status: number, token: Token, roles: Role[]) {
  const catalog = call.url.searchParams.has('nocatalog') ? undefined : catalogOf(call)
  return json(status, tokenView(token, roles, call.dir, catalog), { 'x-subject-token': token.id })
}


export const tokenRoutes: Route[] = [
  {
    pattern: /^\/auth\/tokens$/,
    methods: {
      POST: async (call) => {
        const outcome = authenticateRequest(call.dir, call.service.tokens, await call.body(), call.now())
        const token = call.service.issue(outcome)
        const check = call.service.check(token.id)
        return tokenAnswer(call, 201, token, check.ok ? check.roles : [])
      },
      GET: (call) => {
        const { token, roles } = subjectToken(call)
        return tokenAnswer(call, 200, token, roles)
      },
      HEAD: (call) => {
        const { token } = subjectToken(call)
        return answer(200, null, { 'x-subject-token': token.id, 'content-type': 'application/json' })
      },
      DELETE: (call) => {
        const { token } = subjectToken(call)
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
        return json(200, { catalog: catalogOf(call), links: { self: `${call.base}/auth/catalog` } })
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
]
