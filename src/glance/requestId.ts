// x-openstack-request-id (glance/api/middleware/context.py): a client may send its own id (≤64
// characters, `req-` added when missing) and gets it back; otherwise Glance makes one. The
// emulator makes them from its seeded ids, so responses are the same on every run.
import type { Ids } from '../ids.ts'
import { GlanceError } from './errors.ts'

export const requestIdHeader = 'x-openstack-request-id'
const maxLength = 64

export function requestIdFor(headers: Headers, ids: Ids): string {
  const incoming = headers.get(requestIdHeader)
  if (!incoming) return `req-${ids.uuid('glance-request')}`
  if (incoming.length > maxLength) {
    throw new GlanceError(431, { comment: `x-openstack-request-id is too long, max size ${maxLength}` })
  }
  return incoming.startsWith('req-') ? incoming : `req-${incoming}`
}
