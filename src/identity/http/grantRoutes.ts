// Role grants on a project, a domain or the system (PUT/HEAD/GET/DELETE …/users/{u}/roles/{r}), as
// keystone/api/projects.py, domains.py and system.py serve them.
import type { Answer } from '../../http/answer.ts'
import { KeystoneError, notFound } from '../keystoneError.ts'
import { assignmentRows, grant, revokeGrant, type AssignmentTarget } from '../identityDirectory.ts'
import { collection, roleView } from '../identityViews.ts'
import { type Call, type Route, json, noContent, requireAdmin, entity } from './identityCall.ts'

function assignmentTarget(call: Call, kind: 'projects' | 'domains' | 'system', id: string | undefined): AssignmentTarget {
  if (kind === 'system') return { system: 'all' }
  if (kind === 'projects') return { project: entity(call.dir.projects, id!, 'project').id }
  return { domain: entity(call.dir.domains, id!, 'domain').id }
}

export function grantRoutes(kind: 'projects' | 'domains' | 'system'): Route[] {
  const prefix = kind === 'system' ? '/system' : `/${kind}/([^/]+)`
  const targetOf = (call: Call) => assignmentTarget(call, kind, kind === 'system' ? undefined : call.params[0])
  const userAt = kind === 'system' ? 0 : 1
  return [
    {
      pattern: new RegExp(`^${prefix}/users/([^/]+)/roles$`),
      methods: {
        GET: (call) => {
          requireAdmin(call, kind === 'system' ? 'list_system_grants_for_user' : 'list_grants')
          const target = targetOf(call)
          const user = entity(call.dir.users, call.params[userAt]!, 'user')
          const roles = [...assignmentRows(call.dir)].filter((row) => row.userId === user.id && sameTarget(row.target, target)).map((row) => call.dir.roles.get(row.roleId)!)
          return json(200, collection('roles', roles.map((role) => roleView(role, call.base)), call.url.href))
        },
      },
    },
    {
      pattern: new RegExp(`^${prefix}/users/([^/]+)/roles/([^/]+)$`),
      methods: {
        PUT: (call) => {
          requireAdmin(call, kind === 'system' ? 'create_system_grant_for_user' : 'create_grant')
          const target = targetOf(call)
          const user = entity(call.dir.users, call.params[userAt]!, 'user')
          const role = entity(call.dir.roles, call.params[userAt + 1]!, 'role')
          grant(call.dir, user.id, target, role.id)
          return noContent()
        },
        HEAD: (call) => checkGrant(call, targetOf(call), userAt),
        GET: (call) => checkGrant(call, targetOf(call), userAt),
        DELETE: (call) => {
          requireAdmin(call, kind === 'system' ? 'revoke_system_grant_for_user' : 'revoke_grant')
          const target = targetOf(call)
          const user = entity(call.dir.users, call.params[userAt]!, 'user')
          const role = entity(call.dir.roles, call.params[userAt + 1]!, 'role')
          if (!revokeGrant(call.dir, user.id, target, role.id)) throw notFound('role assignment', `${role.id}`)
          return noContent()
        },
      },
    },
  ]
}

function checkGrant(call: Call, target: AssignmentTarget, userAt: number): Answer {
  requireAdmin(call, 'check_grant')
  const user = entity(call.dir.users, call.params[userAt]!, 'user')
  const role = entity(call.dir.roles, call.params[userAt + 1]!, 'role')
  const held = [...assignmentRows(call.dir)].some((row) => row.userId === user.id && row.roleId === role.id && sameTarget(row.target, target))
  if (!held) throw new KeystoneError(404, `Could not find role assignment with role: ${role.id}, user or group: ${user.id}, project, domain, or system: ${'project' in target ? target.project : 'domain' in target ? target.domain : 'all'}.`)
  return noContent()
}

const sameTarget = (a: AssignmentTarget, b: AssignmentTarget) => JSON.stringify(a) === JSON.stringify(b)
