// Glance's default policies (glance/policies/*.py, secure RBAC): reading images, members and tasks
// needs the reader role in the project, every change needs member, and admin may do everything.
// They apply to principals that carry Keystone roles (identity tokens); a fixed token without roles
// acts as before, as a member of its project.
import type { Principal } from '../auth.ts'
import { forbidden } from './errors.ts'

interface Rule {
  pattern: RegExp
  /** Policy name per method, and whether it needs member (else reader). */
  methods: Record<string, [action: string, needs: 'reader' | 'member']>
}

const rules: Rule[] = [
  { pattern: /^\/images$/, methods: { GET: ['get_images', 'reader'], POST: ['add_image', 'member'] } },
  { pattern: /^\/images\/[^/]+$/, methods: { GET: ['get_image', 'reader'], PATCH: ['modify_image', 'member'], DELETE: ['delete_image', 'member'] } },
  { pattern: /^\/images\/[^/]+\/file$/, methods: { GET: ['download_image', 'member'], PUT: ['upload_image', 'member'] } },
  { pattern: /^\/images\/[^/]+\/stage$/, methods: { PUT: ['upload_image', 'member'] } },
  { pattern: /^\/images\/[^/]+\/import$/, methods: { POST: ['modify_image', 'member'] } },
  { pattern: /^\/images\/[^/]+\/tags\/[^/]+$/, methods: { PUT: ['modify_image', 'member'], DELETE: ['modify_image', 'member'] } },
  { pattern: /^\/images\/[^/]+\/members$/, methods: { GET: ['get_members', 'reader'], POST: ['add_member', 'member'] } },
  { pattern: /^\/images\/[^/]+\/members\/[^/]+$/, methods: { GET: ['get_member', 'reader'], PUT: ['modify_member', 'member'], DELETE: ['delete_member', 'member'] } },
]

/** Throws Glance's 403 when the principal's roles do not allow the request. */
export function authorize(principal: Principal, path: string, method: string): void {
  const roles = principal.roles
  if (!roles || principal.admin || roles.includes('admin')) return
  const rule = rules.find((candidate) => candidate.pattern.test(path))
  const policy = rule && Object.hasOwn(rule.methods, method) ? rule.methods[method] : undefined
  if (!policy) return
  const [action, needs] = policy
  const allowed = needs === 'member' ? roles.includes('member') : roles.includes('reader') || roles.includes('member')
  if (!allowed) throw forbidden(`You are not authorized to complete ${action} action.`)
}
