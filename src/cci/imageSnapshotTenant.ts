// CCI-16: an ImageSnapshot carries its tenant in labels and an annotation, as the seed example shows,
// derived from the caller's identity (the token's project and domain; the seed's tenant for `auth: 'open'`).
import { openPrincipal, type Principal } from '../auth.ts'
import type { ObjectMeta } from '../kube/resource.ts'
import { isJsonObject } from '../json/jsonObject.ts'

/** The tenant the seed example belongs to; `auth: 'open'` callers create in it. */
const seedTenant = {
  projectId: '08a2c8ef8d80d4152ff8c001d0281c03',
  domainId: '08a2c8ef8180d4150ff5c0012463ee60',
  enterpriseProjectId: '0',
} as const

const tenantLabelKeys = {
  enterpriseProject: 'sys_enterprise_project_id',
  tenant: 'tenant.cci.io/tenant-id',
  domain: 'tenant.kubernetes.io/domain-id',
  project: 'tenant.kubernetes.io/project-id',
} as const

/** The tenant a caller creates in: its project, or the seed's tenant for an open emulator. */
function tenantOf(principal: Principal | undefined): { projectId: string; domainId: string } {
  if (!principal || principal.project === openPrincipal.project) return { projectId: seedTenant.projectId, domainId: seedTenant.domainId }
  // A token without a domain belongs to the seed's domain (the only one the documentation shows).
  const domain = Object.hasOwn(principal, 'domain') ? principal.domain : undefined
  return { projectId: principal.project, domainId: typeof domain === 'string' && domain !== '' ? domain : seedTenant.domainId }
}

/** Writes the tenant labels and annotation; server values override client values for these keys. */
export function stampTenant(meta: ObjectMeta, principal: Principal | undefined): void {
  const { projectId, domainId } = tenantOf(principal)
  // Only the four fixed keys are assigned, so a user's `__proto__` label cannot be turned into a prototype write.
  if (meta.labels === undefined || meta.labels === null) meta.labels = {}
  if (isJsonObject(meta.labels)) {
    meta.labels[tenantLabelKeys.enterpriseProject] = seedTenant.enterpriseProjectId
    meta.labels[tenantLabelKeys.tenant] = projectId
    meta.labels[tenantLabelKeys.domain] = domainId
    meta.labels[tenantLabelKeys.project] = projectId
  }
  if (meta.annotations === undefined || meta.annotations === null) meta.annotations = {}
  if (isJsonObject(meta.annotations)) meta.annotations[tenantLabelKeys.tenant] = projectId
}
