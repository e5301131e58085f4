// Version discovery (glance/api/versions.py, glance/api/middleware/version_negotiation.py): the
// versions document, and which URL prefixes reach the v2 API. Negotiation runs before
// authentication, so none of this needs a token.

// Upstream's default list (one store, no image cache), in its order (spec G1.2).
const advertised: Array<[string, 'CURRENT' | 'SUPPORTED']> = [
  ['2.15', 'SUPPORTED'],
  ['2.9', 'SUPPORTED'],
  ['2.17', 'CURRENT'],
  ['2.7', 'SUPPORTED'],
  ['2.6', 'SUPPORTED'],
  ['2.5', 'SUPPORTED'],
  ['2.4', 'SUPPORTED'],
  ['2.3', 'SUPPORTED'],
  ['2.2', 'SUPPORTED'],
  ['2.1', 'SUPPORTED'],
  ['2.0', 'SUPPORTED'],
]

/** `{"versions": [...]}` with self links under `base` (the request's scheme and host). */
export function versionsDocument(base: string): { versions: unknown[] } {
  const href = `${base.replace(/\/+$/, '')}/v2/`
  return { versions: advertised.map(([version, status]) => ({ id: `v${version}`, status, links: [{ rel: 'self', href }] })) }
}

const acceptedPrefixes = new Set(['v2', ...advertised.map(([version]) => `v${version}`)])

export type NegotiatedPath =
  /** GET /versions: 200 with the document. */
  | { kind: 'versions' }
  /** Anything else that is not a known version: 300 with the document. */
  | { kind: 'choices' }
  /** A v2 API path, version prefix removed: '/images/...'. */
  | { kind: 'v2'; path: string }

/** VersionNegotiationFilter.process_request, by URL. */
export function negotiate(pathname: string): NegotiatedPath {
  const trimmed = pathname.replace(/^\/+/, '')
  const slash = trimmed.indexOf('/')
  const first = slash < 0 ? trimmed : trimmed.slice(0, slash)
  const rest = slash < 0 ? '' : trimmed.slice(slash)
  if (first === 'versions') return { kind: 'versions' }
  if (acceptedPrefixes.has(first)) return { kind: 'v2', path: rest }
  return { kind: 'choices' }
}

/** The URLs this API answers: the root, /versions, and anything under a version-like prefix. */
export function isGlancePath(pathname: string): boolean {
  return pathname === '/' || pathname === '' || /^\/versions(\/|$)/.test(pathname) || /^\/v\d+(\.\d+)?(\/|$)/.test(pathname)
}
