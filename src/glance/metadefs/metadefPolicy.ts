// glance/policies/metadef.py defaults: every write is `rule:metadef_admin` (role:admin); reads need
// admin, or reader in the namespace's project, or reader of a public namespace. Principals without
// Keystone roles (fixed tokens) read as before and write only when they are the administrator.
import type { Principal } from '../../auth.ts'
import { policyDenied } from '../errors.ts'
import type { StoredNamespace } from './metadefRecords.ts'

const reads = [
  'get_metadef_namespace', 'get_metadef_namespaces', 'get_metadef_object', 'get_metadef_objects', 'list_metadef_resource_types',
  'get_metadef_resource_type', 'get_metadef_property', 'get_metadef_properties', 'get_metadef_tag', 'get_metadef_tags',
] as const

// Every write needs role:admin (rule:metadef_admin).
type WriteAction =
  | 'modify_metadef_namespace'
  | 'add_metadef_namespace'
  | 'delete_metadef_namespace'
  | 'modify_metadef_object'
  | 'add_metadef_object'
  | 'delete_metadef_object'
  | 'add_metadef_resource_type_association'
  | 'remove_metadef_resource_type_association'
  | 'modify_metadef_property'
  | 'add_metadef_property'
  | 'remove_metadef_property'
  | 'modify_metadef_tag'
  | 'add_metadef_tag'
  | 'add_metadef_tags'
  | 'delete_metadef_tag'
  | 'delete_metadef_tags'

export type MetadefAction = (typeof reads)[number] | WriteAction

const readActions: ReadonlySet<string> = new Set(reads)

/** Whether the defaults allow `action` (on `ns`, whose owner and visibility are the policy target). */
export function metadefPolicyAllows(principal: Principal, action: MetadefAction, ns?: StoredNamespace): boolean {
  const roles = principal.roles
  if (principal.admin || roles?.includes('admin')) return true
  if (!readActions.has(action)) return false
  if (!roles) return true
  // Without a namespace the target is the caller's own project (get_metadef_namespaces, list_metadef_resource_types).
  return (roles.includes('reader') || roles.includes('member')) && (!ns || ns.owner === principal.project || ns.visibility === 'public')
}

/** Throws Glance's 403 (`You are not authorized to complete <action> action.`) when the defaults refuse. */
export function assertMetadefPolicy(principal: Principal, action: MetadefAction, ns?: StoredNamespace): void {
  if (!metadefPolicyAllows(principal, action, ns)) throw policyDenied(action)
}
