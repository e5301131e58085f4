// Who may see and change an image (glance/policies/image.py defaults, glance/db/sqlalchemy/api.py
// is_image_visible and _select_images_query). The token's project is the caller's owner id;
// `admin` is the admin role.
import type { Principal } from '../auth.ts'
import type { GlanceImage } from './image.ts'
import type { MemberStatus } from './memberStatus.ts'

/** The caller's membership of an image, if the image is shared with the caller's project. */
export type MembershipLookup = (imageId: string, project: string) => MemberStatus | undefined

export function isOwner(image: GlanceImage, principal: Principal): boolean {
  return image.owner !== null && image.owner === principal.project
}

/** Show, download, members: public and community images, own images, and shared images of any member status. */
export function canSee(image: GlanceImage, principal: Principal, membership: MembershipLookup): boolean {
  // is_image_visible: an image without an owner is everyone's.
  if (principal.admin || image.owner === null || isOwner(image, principal)) return true
  if (image.visibility === 'public' || image.visibility === 'community') return true
  return image.visibility === 'shared' && membership(image.id, principal.project) !== undefined
}

/** modify_image, delete_image, upload_image: admin or a member of the owning project. */
export function canModify(image: GlanceImage, principal: Principal): boolean {
  return principal.admin || isOwner(image, principal)
}

export type VisibilityFilter = ImageVisibilityValue | 'all' | undefined
type ImageVisibilityValue = GlanceImage['visibility']
export type MemberStatusFilter = MemberStatus | 'all'

/**
 * Whether GET /v2/images lists `image` for the caller (spec G6.3). Community images of others
 * only when asked for (visibility=community|all); shared images of others only when the caller's
 * membership has the requested member_status (default accepted).
 */
export function isListed(
  image: GlanceImage,
  principal: Principal,
  membership: MembershipLookup,
  visibility: VisibilityFilter,
  memberStatus: MemberStatusFilter,
): boolean {
  if (visibility !== undefined && visibility !== 'all' && image.visibility !== visibility) return false
  const owned = isOwner(image, principal)
  if (image.visibility === 'community' && !owned && visibility === undefined) return false
  if (principal.admin) return true
  if (owned || image.visibility === 'public' || image.visibility === 'community') return true
  if (image.visibility !== 'shared') return false
  const status = membership(image.id, principal.project)
  return status !== undefined && (memberStatus === 'all' || status === memberStatus)
}
