// A browser cannot set headers on a WebSocket, so kube-apiserver also reads a bearer token from a
// subprotocol, `base64url.bearer.authorization.k8s.io.<base64url(token) without padding>`
// (k8s.io/apiserver pkg/authentication/request/websocket/protocol.go). The token's protocol is taken
// out of the list before the handshake answers, so it is never echoed back; at least one other
// protocol must be offered for that reason.

const bearerProtocolPrefix = 'base64url.bearer.authorization.k8s.io.'

export type BearerProtocols =
  | { ok: true; token: string | undefined; protocols: string[] }
  /** The apiserver's reason; the request is refused 401 Unauthorized. */
  | { ok: false; reason: string }

/** The subprotocols a handshake offers: every `Sec-WebSocket-Protocol` value split on commas, trimmed. */
export function offeredProtocols(header: string | null | undefined): string[] {
  if (header === null || header === undefined) return []
  return header.split(',').map((protocol) => protocol.trim())
}

/** Go's base64.RawURLEncoding: URL alphabet, no padding (a `=` is an illegal byte), CR and LF skipped. */
function decodeRawUrlBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\r\n]/g, '')
  if (!/^[A-Za-z0-9_-]*$/.test(clean) || clean.length % 4 === 1) return undefined
  const binary = atob(clean.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (clean.length % 4)) % 4))
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

function encodeRawUrlBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** The subprotocol that carries `token`, as a client builds it. */
export function bearerTokenProtocol(token: string): string {
  return bearerProtocolPrefix + encodeRawUrlBase64(new TextEncoder().encode(token))
}

/** Takes the token's protocol out of `protocols`, as ProtocolAuthenticator does. */
export function readBearerProtocols(protocols: readonly string[]): BearerProtocols {
  let token: string | undefined
  let sawToken = false
  const others: string[] = []
  for (const protocol of protocols) {
    if (!protocol.startsWith(bearerProtocolPrefix)) {
      others.push(protocol)
      continue
    }
    if (sawToken) return { ok: false, reason: 'multiple base64.bearer.authorization tokens specified' }
    sawToken = true
    const bytes = decodeRawUrlBase64(protocol.slice(bearerProtocolPrefix.length))
    if (!bytes) return { ok: false, reason: 'invalid base64.bearer.authorization token encoding' }
    try {
      token = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      return { ok: false, reason: 'invalid base64.bearer.authorization token' }
    }
  }
  if (token && others.length === 0) return { ok: false, reason: 'missing additional subprotocol' }
  // An empty token counts as none: the protocol stays out, the header (if any) decides.
  return { ok: true, token: token || undefined, protocols: token ? others : [...protocols] }
}
