// Image members: the projects a `shared` image is shared with, and whether they accepted it
// (glance/api/v2/image_members.py, glance/domain ImageMember, policies add_member, modify_member).
import type { Principal } from '../auth.ts'
import { isJsonObject } from '../json/jsonObject.ts'
import { badRequest, conflict, entityTooLarge, forbidden, notFound, policyDenied } from './errors.ts'
import type { GlanceImage } from './image.ts'
import { memberStatuses, type MemberStatus } from './memberStatus.ts'
import { isOwner } from './visibility.ts'

export interface GlanceMember {
  image_id: string
  member_id: string
  status: MemberStatus
  created_at: string
  updated_at: string
}

/** glance/common/config.py image_member_quota. */
const imageMemberQuota = 128

/** The store key of a membership. */
export function memberKey(imageId: string, memberId: string): string {
  return `${imageId}/${memberId}`
}

export function memberView(member: GlanceMember): Record<string, unknown> {
  return {
    member_id: member.member_id,
    image_id: member.image_id,
    status: member.status,
    created_at: member.created_at,
    updated_at: member.updated_at,
    schema: '/v2/schemas/member',
  }
}

/** RequestDeserializer.create: the member id from `{"member": ...}`. */
export function memberIdFromBody(body: unknown): string {
  // `body['member']` on a list or a scalar is Python's TypeError; on an object without it, KeyError.
  const shape = badRequest('Expected a member in the form: {"member": "image_id"}')
  if (!isJsonObject(body)) throw shape
  if (!Object.hasOwn(body, 'member')) throw badRequest('Member to be added not specified')
  const member = body.member
  if (!member) throw badRequest("Member can't be empty")
  // A project id is text (a number is stored as its digits); an object or a list names no project.
  if (typeof member !== 'string' && typeof member !== 'number') throw shape
  return String(member)
}

/** RequestDeserializer.update + ImageMember.status setter. */
export function memberStatusFromBody(body: unknown): MemberStatus {
  const record = isJsonObject(body) ? body : undefined
  if (!record || !Object.hasOwn(record, 'status')) throw badRequest('Status not specified')
  const status = record.status
  if (typeof status !== 'string' || !(memberStatuses as readonly string[]).includes(status)) {
    throw badRequest('Incorrect request: Status must be "pending", "accepted" or "rejected".')
  }
  return status as MemberStatus
}

/** Only shared images have members; listing them on another image is refused. */
export function assertHasMembers(image: GlanceImage): void {
  if (image.visibility !== 'shared') throw forbidden('Only shared images have members.')
}

export function assertMayAddMember(image: GlanceImage, principal: Principal, existing: number, duplicate: boolean, memberId: string): void {
  if (!principal.admin && !isOwner(image, principal)) throw policyDenied('add_member')
  if (image.visibility !== 'shared') throw forbidden(`Not allowed to create members for image ${image.id}.`)
  if (duplicate) throw conflict(`Member ${memberId} is duplicated for image ${image.id}`)
  if (existing + 1 > imageMemberQuota) {
    throw entityTooLarge(
      `Image member limit exceeded for image ${image.id}: The limit has been exceeded on the number of allowed image members for this image. Attempted: ${existing + 1}, Maximum: ${imageMemberQuota}:`,
    )
  }
}

/** modify_member: the member itself or an admin; the owner may not accept on its behalf. */
export function assertMayUpdateMember(member: GlanceMember, principal: Principal): void {
  if (!principal.admin && member.member_id !== principal.project) throw policyDenied('modify_member')
}

/** delete_member: the owner or an admin. */
export function assertMayDeleteMember(image: GlanceImage, principal: Principal): void {
  if (!principal.admin && !isOwner(image, principal)) throw policyDenied('delete_member')
}

/** Which memberships the caller may read: the owner and admins all, a member only its own. */
export function visibleMembers(image: GlanceImage, principal: Principal, members: GlanceMember[]): GlanceMember[] {
  if (principal.admin || isOwner(image, principal)) return members
  return members.filter((m) => m.member_id === principal.project)
}

export function memberNotFound(memberId: string, imageId: string) {
  return notFound(`${memberId} not found in the member list of the image ${imageId}.`)
}
