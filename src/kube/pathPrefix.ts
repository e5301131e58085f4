// Consoles reach the Kubernetes API through a proxy under a path of their own (the OpenShift console's
// `/api/kubernetes/apis/...`). With `kube.pathPrefix` the emulator serves every Kubernetes path —
// discovery, OpenAPI, the APIs and their watches — under that prefix as well as at the root, so the
// console's requests and kubectl's reach the same objects.

/** `/api/kubernetes/` → `/api/kubernetes`; '' and '/' mean no prefix. A prefix must be a plain path. */
export function normalizePathPrefix(prefix: string | undefined): string | undefined {
  if (prefix === undefined) return undefined
  const trimmed = prefix.trim().replace(/\/+$/, '')
  if (trimmed === '') return undefined
  const path = trimmed.startsWith('/') ? trimmed : `/${trimmed}`
  if (/[?#\s]/.test(path) || path.includes('//')) throw new TypeError(`kube.pathPrefix must be a path such as /api/kubernetes, not ${JSON.stringify(prefix)}`)
  return path
}

/** The URL with `prefix` taken off its path, when the path lies under it; else undefined. */
export function stripPathPrefix(url: URL, prefix: string): URL | undefined {
  const { pathname } = url
  if (!pathname.startsWith(prefix) || pathname.charCodeAt(prefix.length) !== 47 /* / */) return undefined
  const stripped = new URL(url)
  stripped.pathname = pathname.slice(prefix.length)
  return stripped
}
