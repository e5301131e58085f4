// The identity admin API that OpenStack tooling uses (Tempest's dynamic credentials, `openstack
// project/user/role …`): projects, users, roles, grants on projects, domains and the system, role
// assignments, with Keystone's policy (admin role) and its 403, 404 and 409 bodies.
import { beforeEach, describe, expect, test } from 'vitest'
import { createEmulator, type Emulator } from '../../src/emulator.ts'

const origin = 'http://cloud.test'
let emulator: Emulator
let admin: string
let demo: string

beforeEach(() => {
  emulator = createEmulator({ seed: 2, clock: { mode: 'manual' } })
  admin = emulator.identity.issueToken('admin')
  demo = emulator.identity.issueToken('demo')
  return () => emulator.dispose()
})

async function call(method: string, path: string, token: string, json?: unknown) {
  const headers: Record<string, string> = { 'x-auth-token': token }
  if (json !== undefined) headers['content-type'] = 'application/json'
  const response = await emulator.dispatch(new Request(`${origin}/v3${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) }))
  const text = await response.text()
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined }
}

describe('projects, users and grants as Tempest creates them', () => {
  test('create a project and a user, grant member, log in as the user, then delete both', async () => {
    const roles = (await call('GET', '/roles', admin)).body!.roles as Array<{ id: string; name: string }>
    expect(roles.map((role) => role.name).sort()).toEqual(['admin', 'member', 'reader'])
    const domain = (await call('GET', '/domains?name=Default', admin)).body!.domains[0]
    expect(domain).toMatchObject({ id: 'default', name: 'Default', enabled: true, links: { self: `${origin}/v3/domains/default` } })

    const project = (await call('POST', '/projects', admin, { project: { name: 'tempest-1', description: 'tempest-1-desc', domain_id: 'default' } })).body!.project
    expect(project).toMatchObject({ name: 'tempest-1', description: 'tempest-1-desc', domain_id: 'default', enabled: true, is_domain: false, parent_id: 'default' })
    const created = await call('POST', '/users', admin, { user: { name: 'tempest-1-project', password: 'pw', domain_id: 'default', project_id: project.id, email: 'x@example.com' } })
    expect(created.status).toBe(201)
    const user = created.body!.user
    expect(user).toMatchObject({ name: 'tempest-1-project', domain_id: 'default', enabled: true, default_project_id: project.id, email: 'x@example.com', password_expires_at: null })
    expect(user.password).toBeUndefined()

    const member = roles.find((role) => role.name === 'member')!
    expect((await call('PUT', `/projects/${project.id}/users/${user.id}/roles/${member.id}`, admin)).status).toBe(204)
    expect((await call('HEAD', `/projects/${project.id}/users/${user.id}/roles/${member.id}`, admin)).status).toBe(204)
    const assignments = (await call('GET', `/role_assignments?user.id=${user.id}`, admin)).body!.role_assignments
    expect(assignments).toEqual([
      {
        role: { id: member.id },
        user: { id: user.id },
        scope: { project: { id: project.id } },
        links: { assignment: `${origin}/v3/projects/${project.id}/users/${user.id}/roles/${member.id}` },
      },
    ])
    const login = await emulator.dispatch(
      new Request(`${origin}/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { id: user.id, password: 'pw' } } }, scope: { project: { id: project.id } } } }),
      }),
    )
    expect(login.status).toBe(201)
    const token = login.headers.get('x-subject-token')!
    expect((await call('GET', `/users/${user.id}/projects`, token)).body!.projects.map((p: { name: string }) => p.name)).toEqual(['tempest-1'])

    expect((await call('DELETE', `/users/${user.id}`, admin)).status).toBe(204)
    expect((await call('GET', '/auth/projects', token)).status).toBe(401)
    expect((await call('DELETE', `/projects/${project.id}`, admin)).status).toBe(204)
    expect((await call('GET', `/projects/${project.id}`, admin)).body).toEqual({ error: { code: 404, title: 'Not Found', message: `Could not find project: ${project.id}.` } })
  })

  test('removing a grant takes the role out of existing tokens at once', async () => {
    const demoUser = emulator.identity.users().find((user) => user.name === 'demo')!
    const demoProject = emulator.identity.projects().find((project) => project.name === 'demo')!
    const roles = emulator.identity.roles()
    for (const role of roles.filter((r) => r.name !== 'admin')) {
      await call('DELETE', `/projects/${demoProject.id}/users/${demoUser.id}/roles/${role.id}`, admin)
    }
    expect((await call('GET', '/auth/projects', demo)).status).toBe(401)
    const again = await call('DELETE', `/projects/${demoProject.id}/users/${demoUser.id}/roles/${roles[0]!.id}`, admin)
    expect(again.status).toBe(404)
  })

  test('system and domain grants', async () => {
    const demoUser = emulator.identity.users().find((user) => user.name === 'demo')!
    const reader = emulator.identity.roles().find((role) => role.name === 'reader')!
    expect((await call('PUT', `/system/users/${demoUser.id}/roles/${reader.id}`, admin)).status).toBe(204)
    expect((await call('GET', `/system/users/${demoUser.id}/roles`, admin)).body!.roles.map((r: { name: string }) => r.name)).toEqual(['reader'])
    expect((await call('PUT', `/domains/default/users/${demoUser.id}/roles/${reader.id}`, admin)).status).toBe(204)
    expect((await call('GET', '/auth/domains', demo)).body!.domains.map((d: { id: string }) => d.id)).toEqual(['default'])
  })
})

describe('policy and errors', () => {
  test('a member is refused the admin API with Keystone 403 naming the policy', async () => {
    expect((await call('GET', '/projects', demo)).body).toEqual({ error: { code: 403, title: 'Forbidden', message: 'You are not authorized to perform the requested action: identity:list_projects.' } })
    const refused = await call('POST', '/projects', demo, { project: { name: 'mine' } })
    expect(refused.body!.error.message).toBe('You are not authorized to perform the requested action: identity:create_project.')
    expect(emulator.identity.projects().some((project) => project.name === 'mine')).toBe(false)
    // Its own user and project it may read.
    const demoUser = emulator.identity.users().find((user) => user.name === 'demo')!
    expect((await call('GET', `/users/${demoUser.id}`, demo)).status).toBe(200)
  })

  test('duplicates are 409, missing members 400, bad types 400; nothing is stored', async () => {
    const before = emulator.identity.projects().length
    const duplicate = await call('POST', '/projects', admin, { project: { name: 'demo', domain_id: 'default' } })
    expect(duplicate.body).toEqual({ error: { code: 409, title: 'Conflict', message: 'Conflict occurred attempting to store project - Duplicate entry found with name demo at domain ID default.' } })
    expect((await call('POST', '/projects', admin, { name: 'flat' })).status).toBe(400)
    const typed = await call('POST', '/projects', admin, { project: { name: 7 } })
    expect(typed.body!.error).toMatchObject({ code: 400, message: "Invalid input for field 'project/name': 7 is not of type 'string'" })
    expect((await call('POST', '/users', admin, { user: { name: 'x', domain_id: 'no-such-domain' } })).status).toBe(400)
    expect(emulator.identity.projects().length).toBe(before)
    expect((await call('GET', '/auth/nowhere', admin)).status).toBe(404)
    expect((await call('PATCH', '/roles', admin, {})).status).toBe(405)
  })

  test('a domain must be disabled before it is deleted', async () => {
    const domain = (await call('POST', '/domains', admin, { domain: { name: 'ephemeral' } })).body!.domain
    expect((await call('DELETE', `/domains/${domain.id}`, admin)).body!.error.message).toBe('Cannot delete a domain that is enabled, please disable it first.')
    expect((await call('PATCH', `/domains/${domain.id}`, admin, { domain: { enabled: false } })).body!.domain.enabled).toBe(false)
    expect((await call('DELETE', `/domains/${domain.id}`, admin)).status).toBe(204)
  })
})
