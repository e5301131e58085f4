// What a project's membership of a shared image says (glance/domain ImageMember.status): both who may
// see an image (visibility.ts) and the member records (members.ts) read it.
export const memberStatuses = ['pending', 'accepted', 'rejected'] as const
export type MemberStatus = (typeof memberStatuses)[number]
