// The admin API over the directory: domains, projects, users, roles and role assignments, with
// Keystone's default policy (the admin role administers; users read themselves and their projects).
import { forbidden, forbiddenAction } from '../keystoneError.ts'
import { addDomain, addProject, addRole, addUser, assertNameFree, assignmentRows, dropAssignments } from '../identityDirectory.ts'
import { effectiveRoles } from '../tokens.ts'
import { collection, domainView, projectView, roleView, userView } from '../identityViews.ts'
import { type Route, json, noContent, requireAdmin, entity, member, stringField, booleanField, filtered, defaultDomainFor } from './identityCall.ts'

export const directoryRoutes: Route[] = [
  {
    pattern: /^\/domains$/,
    methods: {
      GET: (call) => {
        requireAdmin(call, 'list_domains')
        return json(200, collection('domains', filtered(call.dir.domains.values(), call.url).map((domain) => domainView(domain, call.base)), call.url.href))
      },
      POST: async (call) => {
        requireAdmin(call, 'create_domain')
        const body = member(await call.body(), 'domain')
        const name = stringField(body, 'name', true, 'domain')!
        const domain = addDomain(call.dir, { id: call.service.newId(), name, description: stringField(body, 'description', false, 'domain') ?? '', enabled: booleanField(body, 'enabled', 'domain') ?? true })
        return json(201, { domain: domainView(domain, call.base) })
      },
    },
  },
  {
    pattern: /^\/domains\/([^/]+)$/,
    methods: {
      GET: (call) => {
        requireAdmin(call, 'get_domain')
        return json(200, { domain: domainView(entity(call.dir.domains, call.params[0]!, 'domain'), call.base) })
      },
      PATCH: async (call) => {
        requireAdmin(call, 'update_domain')
        const domain = entity(call.dir.domains, call.params[0]!, 'domain')
        const body = member(await call.body(), 'domain')
        const name = stringField(body, 'name', false, 'domain')
        if (name !== undefined) assertNameFree(call.dir.domains, 'domain', name, undefined, domain.id)
        const description = stringField(body, 'description', false, 'domain')
        const enabled = booleanField(body, 'enabled', 'domain')
        if (name !== undefined) domain.name = name
        if (description !== undefined) domain.description = description
        if (enabled !== undefined) domain.enabled = enabled
        return json(200, { domain: domainView(domain, call.base) })
      },
      DELETE: (call) => {
        requireAdmin(call, 'delete_domain')
        const domain = entity(call.dir.domains, call.params[0]!, 'domain')
        if (domain.enabled) throw forbidden('Cannot delete a domain that is enabled, please disable it first.')
        for (const project of [...call.dir.projects.values()]) if (project.domainId === domain.id) call.dir.projects.delete(project.id)
        for (const user of [...call.dir.users.values()]) if (user.domainId === domain.id) call.dir.users.delete(user.id)
        call.dir.domains.delete(domain.id)
        dropAssignments(call.dir, (row) => !call.dir.users.has(row.userId) || ('project' in row.target && !call.dir.projects.has(row.target.project)) || ('domain' in row.target && row.target.domain === domain.id))
        return noContent()
      },
    },
  },
  {
    pattern: /^\/projects$/,
    methods: {
      GET: (call) => {
        requireAdmin(call, 'list_projects')
        const projects = filtered(call.dir.projects.values(), call.url, (project) => project.domainId)
        return json(200, collection('projects', projects.map((project) => projectView(project, call.base)), call.url.href))
      },
      POST: async (call) => {
        requireAdmin(call, 'create_project')
        const body = member(await call.body(), 'project')
        const name = stringField(body, 'name', true, 'project')!
        const domainId = stringField(body, 'domain_id', false, 'project') ?? defaultDomainFor(call)
        const project = addProject(call.dir, {
          id: call.service.newId(),
          name,
          domainId,
          description: stringField(body, 'description', false, 'project') ?? '',
          enabled: booleanField(body, 'enabled', 'project') ?? true,
          tags: Array.isArray(body.tags) ? body.tags.filter((tag): tag is string => typeof tag === 'string') : [],
        })
        return json(201, { project: projectView(project, call.base) })
      },
    },
  },
  {
    pattern: /^\/projects\/([^/]+)$/,
    methods: {
      GET: (call) => {
        const caller = call.caller()
        const project = entity(call.dir.projects, call.params[0]!, 'project')
        const own = 'project' in caller.token.scope && caller.token.scope.project === project.id
        if (!caller.isAdmin && !own) throw forbiddenAction('identity:get_project')
        return json(200, { project: projectView(project, call.base) })
      },
      PATCH: async (call) => {
        requireAdmin(call, 'update_project')
        const project = entity(call.dir.projects, call.params[0]!, 'project')
        const body = member(await call.body(), 'project')
        const name = stringField(body, 'name', false, 'project')
        if (name !== undefined) assertNameFree(call.dir.projects, 'project', name, project.domainId, project.id)
        const description = stringField(body, 'description', false, 'project')
        const enabled = booleanField(body, 'enabled', 'project')
        if (name !== undefined) project.name = name
        if (description !== undefined) project.description = description
        if (enabled !== undefined) project.enabled = enabled
        return json(200, { project: projectView(project, call.base) })
      },
      DELETE: (call) => {
        requireAdmin(call, 'delete_project')
        const project = entity(call.dir.projects, call.params[0]!, 'project')
        call.dir.projects.delete(project.id)
        dropAssignments(call.dir, (row) => 'project' in row.target && row.target.project === project.id)
        return noContent()
      },
    },
  },
  {
    pattern: /^\/users$/,
    methods: {
      GET: (call) => {
        requireAdmin(call, 'list_users')
        const users = filtered(call.dir.users.values(), call.url, (user) => user.domainId)
        return json(200, collection('users', users.map((user) => userView(user, call.base)), call.url.href))
      },
      POST: async (call) => {
        requireAdmin(call, 'create_user')
        const body = member(await call.body(), 'user')
        const name = stringField(body, 'name', true, 'user')!
        const domainId = stringField(body, 'domain_id', false, 'user') ?? defaultDomainFor(call)
        const projectId = stringField(body, 'default_project_id', false, 'user') ?? stringField(body, 'project_id', false, 'user')
        const email = stringField(body, 'email', false, 'user')
        const user = addUser(call.dir, {
          id: call.service.newId(),
          name,
          domainId,
          password: stringField(body, 'password', false, 'user') ?? '',
          enabled: booleanField(body, 'enabled', 'user') ?? true,
          ...(projectId !== undefined ? { defaultProjectId: projectId } : {}),
          ...(email !== undefined ? { email } : {}),
        })
        return json(201, { user: userView(user, call.base) })
      },
    },
  },
  {
    pattern: /^\/users\/([^/]+)$/,
    methods: {
      GET: (call) => {
        const caller = call.caller()
        const user = entity(call.dir.users, call.params[0]!, 'user')
        if (!caller.isAdmin && caller.token.userId !== user.id) throw forbiddenAction('identity:get_user')
        return json(200, { user: userView(user, call.base) })
      },
      PATCH: async (call) => {
        requireAdmin(call, 'update_user')
        const user = entity(call.dir.users, call.params[0]!, 'user')
        const body = member(await call.body(), 'user')
        const name = stringField(body, 'name', false, 'user')
        const password = stringField(body, 'password', false, 'user')
        const enabled = booleanField(body, 'enabled', 'user')
        const email = stringField(body, 'email', false, 'user')
        if (name !== undefined) user.name = name
        if (password !== undefined) user.password = password
        if (enabled !== undefined) user.enabled = enabled
        if (email !== undefined) user.email = email
        return json(200, { user: userView(user, call.base) })
      },
      DELETE: (call) => {
        requireAdmin(call, 'delete_user')
        const user = entity(call.dir.users, call.params[0]!, 'user')
        call.dir.users.delete(user.id)
        dropAssignments(call.dir, (row) => row.userId === user.id)
        for (const [id, credential] of call.dir.applicationCredentials) if (credential.userId === user.id) call.dir.applicationCredentials.delete(id)
        return noContent()
      },
    },
  },
  {
    pattern: /^\/users\/([^/]+)\/projects$/,
    methods: {
      GET: (call) => {
        const caller = call.caller()
        const user = entity(call.dir.users, call.params[0]!, 'user')
        if (!caller.isAdmin && caller.token.userId !== user.id) throw forbiddenAction('identity:list_user_projects')
        const projects = [...call.dir.projects.values()].filter((project) => effectiveRoles(call.dir, user.id, { project: project.id }).length > 0)
        return json(200, collection('projects', projects.map((project) => projectView(project, call.base)), call.url.href))
      },
    },
  },
  {
    pattern: /^\/roles$/,
    methods: {
      GET: (call) => {
        call.caller()
        return json(200, collection('roles', filtered(call.dir.roles.values(), call.url).map((role) => roleView(role, call.base)), call.url.href))
      },
      POST: async (call) => {
        requireAdmin(call, 'create_role')
        const body = member(await call.body(), 'role')
        const name = stringField(body, 'name', true, 'role')!
        const description = stringField(body, 'description', false, 'role')
        const role = addRole(call.dir, { id: call.service.newId(), name, ...(description !== undefined ? { description } : {}) })
        return json(201, { role: roleView(role, call.base) })
      },
    },
  },
  {
    pattern: /^\/roles\/([^/]+)$/,
    methods: {
      GET: (call) => {
        call.caller()
        return json(200, { role: roleView(entity(call.dir.roles, call.params[0]!, 'role'), call.base) })
      },
      DELETE: (call) => {
        requireAdmin(call, 'delete_role')
        const role = entity(call.dir.roles, call.params[0]!, 'role')
        call.dir.roles.delete(role.id)
        dropAssignments(call.dir, (row) => row.roleId === role.id)
        return noContent()
      },
    },
  },
  {
    pattern: /^\/role_assignments$/,
    methods: {
      GET: (call) => {
        const caller = call.caller()
        const query = call.url.searchParams
        const userId = query.get('user.id')
        if (!caller.isAdmin && userId !== caller.token.userId) throw forbiddenAction('identity:list_role_assignments')
        const rows = [...assignmentRows(call.dir)].filter((row) => {
          if (userId !== null && row.userId !== userId) return false
          if (query.has('role.id') && row.roleId !== query.get('role.id')) return false
          if (query.has('scope.project.id') && !('project' in row.target && row.target.project === query.get('scope.project.id'))) return false
          if (query.has('scope.domain.id') && !('domain' in row.target && row.target.domain === query.get('scope.domain.id'))) return false
          if (query.has('scope.system') && !('system' in row.target)) return false
          return true
        })
        const assignments = rows.map((row) => ({
          role: { id: row.roleId },
          user: { id: row.userId },
          scope: 'project' in row.target ? { project: { id: row.target.project } } : 'domain' in row.target ? { domain: { id: row.target.domain } } : { system: { all: true } },
          links: { assignment: `${call.base}/${'project' in row.target ? `projects/${row.target.project}` : 'domain' in row.target ? `domains/${row.target.domain}` : 'system'}/users/${row.userId}/roles/${row.roleId}` },
        }))
        return json(200, collection('role_assignments', assignments, call.url.href))
      },
    },
  },
]
