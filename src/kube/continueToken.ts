// List continue tokens in kube-apiserver's own format (k8s.io/apiserver pkg/storage/continue.go):
// unpadded base64url of {"v":"meta.k8s.io/v1","rv":<rv>,"start":"<last key>\u0000"} (K-26). Clients
// treat them as opaque, but a forged or stale one must fail exactly as it does against a real server.
import { statusErrors } from './status.ts'

export interface ContinuePoint {
  /** The snapshot's resourceVersion; -1 after a 410 means "the latest state". */
  resourceVersion: number
  /** List from this key on (inclusive): the last key returned plus a NUL. */
  from: string
}

// btoa/atob rather than Buffer: the same code runs in the browser worker.
function base64url(text: string): string {
  const binary = Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join('')
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64url(token: string): string {
  const binary = atob(token.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, ''))
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
}

export function encodeContinue(resourceVersion: number, lastKey: string): string {
  return encodeContinueFrom(resourceVersion, `${lastKey}\u0000`)
}

/** A token that resumes at `from` (inclusive); rv -1 resumes on the latest state (K-26's 410 answer). */
export function encodeContinueFrom(resourceVersion: number, from: string): string {
  return base64url(JSON.stringify({ v: 'meta.k8s.io/v1', rv: resourceVersion, start: from }))
}

export function decodeContinue(token: string): ContinuePoint {
  const invalid = (why: string) => statusErrors.badRequest(`invalid continue token: ${why}`)
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(token)) throw invalid(`continue key is not valid: illegal base64 data`)
  let parsed: unknown
  try {
    parsed = JSON.parse(fromBase64url(token))
  } catch {
    throw invalid('continue key is not valid: invalid character in token')
  }
  const body = parsed as { v?: unknown; rv?: unknown; start?: unknown }
  if (typeof parsed !== 'object' || parsed === null || body.v !== 'meta.k8s.io/v1') {
    throw invalid('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)')
  }
  if (typeof body.rv !== 'number' || !Number.isInteger(body.rv) || body.rv === 0 || body.rv < -1) {
    throw invalid('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)')
  }
  if (typeof body.start !== 'string' || body.start.length === 0) throw invalid('continue key is not valid: encoded start key empty')
  // kube-apiserver rejects keys that try to walk out of the resource prefix.
  if (body.start.startsWith('/') || body.start.includes('..')) throw invalid('continue key is not valid: start key may not contain path traversal')
  return { resourceVersion: body.rv, from: body.start }
}
