// The token API (issue, validate, check, revoke) and the scope listings a token may ask for
// (keystone/api/auth.py).
import { answer } from '../../http/answer.ts'
import { authenticateRequest } from '../authRequest.ts'
import { KeystoneError, forbidden, forbiddenAction, notFound } from '../keystoneError.ts'
import { effectiveRoles, type Token } from '../tokens.ts'
import { catalogView, collection, domainView, projectView, tokenView } from '../identityViews.ts'
import { type Call, type Route, json, noContent } from './identityCall.ts'

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


export const tokenRoutes: Route[] = [
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
]
