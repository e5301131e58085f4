// Version discovery (glance/api/versions.py, glance/api/middleware/version_negotiation.py): the
// versions document, and which URL prefixes reach the v2 API. Negotiation runs before
// authentication, so none of this needs a token.

type Advertised = Array<[string, 'CURRENT' | 'SUPPORTED']>

/**
 * glance/api/versions.py Controller.index, in its order (spec G1.2): the cache API (image_cache_dir)
 * adds 2.14-2.18 and makes 2.18 current; several stores (enabled_backends) add 2.8-2.13.
 */
function advertisedVersions(enabled: { cache: boolean; multiStore: boolean }): Advertised {
  const list: Advertised = enabled.cache
    ? [['2.18', 'CURRENT'], ['2.17', 'SUPPORTED'], ['2.16', 'SUPPORTED'], ['2.15', 'SUPPORTED'], ['2.14', 'SUPPORTED']]
    : [['2.15', 'SUPPORTED']]
  if (enabled.multiStore) list.push(['2.13', 'SUPPORTED'], ['2.12', 'SUPPORTED'], ['2.11', 'SUPPORTED'], ['2.10', 'SUPPORTED'], ['2.9', 'SUPPORTED'], ['2.8', 'SUPPORTED'])
  else list.push(['2.9', 'SUPPORTED'])
  if (!enabled.cache) list.push(['2.17', 'CURRENT'])
  for (const minor of [7, 6, 5, 4, 3, 2, 1, 0]) list.push([`2.${minor}`, 'SUPPORTED'])
  return list
}

const singleStore = { cache: false, multiStore: false }

/** `{"versions": [...]}` with self links under `base` (the request's scheme and host). */
export function versionsDocument(base: string, enabled = singleStore): { versions: unknown[] } {
  const href = `${base.replace(/\/+$/, '')}/v2/`
  return { versions: advertisedVersions(enabled).map(([version, status]) => ({ id: `v${version}`, status, links: [{ rel: 'self', href }] })) }
}

const acceptedBy = new Map<string, Set<string>>()

/** version_negotiation.py: the URL prefixes that reach v2 are the versions this deployment advertises. */
function acceptedPrefixes(enabled: { cache: boolean; multiStore: boolean }): Set<string> {
  const key = `${enabled.cache}/${enabled.multiStore}`
  let accepted = acceptedBy.get(key)
  if (!accepted) acceptedBy.set(key, (accepted = new Set(['v2', ...advertisedVersions(enabled).map(([version]) => `v${version}`)])))
  return accepted
}

export type NegotiatedPath =
  /** GET /versions: 200 with the document. */
  | { kind: 'versions' }
  /** Anything else that is not a known version: 300 with the document. */
  | { kind: 'choices' }
  /** A v2 API path, version prefix removed: '/images/...'. */
  | { kind: 'v2'; path: string }

/** VersionNegotiationFilter.process_request, by URL. */
export function negotiate(pathname: string, enabled = singleStore): NegotiatedPath {
  const trimmed = pathname.replace(/^\/+/, '')
  const slash = trimmed.indexOf('/')
  const first = slash < 0 ? trimmed : trimmed.slice(0, slash)
  const rest = slash < 0 ? '' : trimmed.slice(slash)
  if (first === 'versions') return { kind: 'versions' }
  if (acceptedPrefixes(enabled).has(first)) return { kind: 'v2', path: rest }
  return { kind: 'choices' }
}

/** The URLs this API answers: the root, /versions, and anything under a version-like prefix. */
export function isGlancePath(pathname: string): boolean {
  return pathname === '/' || pathname === '' || /^\/versions(\/|$)/.test(pathname) || /^\/v\d+(\.\d+)?(\/|$)/.test(pathname)
}
