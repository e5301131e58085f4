// kube-apiserver's health endpoints: /healthz, /livez and /readyz, each with one path per check
// (/readyz/etcd). CI scripts poll them to know the cluster is up, with or without credentials. The
// texts are k8s.io/apiserver/pkg/server/healthz's: `ok`, or with ?verbose one `[+]<check> ok` line per
// check and `<endpoint> check passed`; ?exclude=<check> skips a check and says so. The emulator has
// nothing that can be unhealthy, so every check passes.
import { answer, type Answer } from '../http/answer.ts'

/** The checks of an in-memory apiserver, in kube-apiserver 1.32's order; `etcd` is the store. */
const started = ['poststarthook/start-apiserver-admission-initializer', 'poststarthook/generic-apiserver-start-informers', 'poststarthook/storage-object-count-tracker-hook']
const checks: Record<string, readonly string[]> = {
  healthz: ['ping', 'log', 'etcd', ...started],
  livez: ['ping', 'log', 'etcd', ...started],
  readyz: ['ping', 'log', 'etcd', 'etcd-readiness', 'informer-sync', ...started, 'shutdown'],
}

const plainText = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache, private' }

/** Which health endpoint and check a path names: `/readyz` → readyz, `/readyz/etcd` → readyz + etcd. */
function healthTarget(path: string): { endpoint: string; check?: string } | undefined {
  const match = /^\/(healthz|livez|readyz)(?:\/(.+))?$/.exec(path)
  if (!match) return undefined
  const endpoint = match[1]!
  const check = match[2]
  if (check !== undefined && !checks[endpoint]!.includes(check)) return undefined
  return { endpoint, check }
}

/** Whether a path is a health endpoint or one of its checks (exact paths, as the apiserver's mux has them). */
export function isHealthPath(path: string): boolean {
  return healthTarget(path) !== undefined
}

/** Go's %q for the names a health check cannot exclude. */
const quoted = (names: string[]) => names.map((name) => JSON.stringify(name)).join(',')

/** The answer to a health path; undefined when the path names none. */
export function healthAnswer(path: string, query: URLSearchParams): Answer | undefined {
  const target = healthTarget(path)
  if (!target) return undefined
  // One check's own path: a bare `ok`, typed by Go's content sniffing.
  if (target.check !== undefined) return answer(200, 'ok', { ...plainText })
  const headers = { ...plainText, 'x-content-type-options': 'nosniff' }
  if (!query.has('verbose')) return answer(200, 'ok', headers)
  const excluded = new Set(query.getAll('exclude'))
  const lines: string[] = []
  for (const check of checks[target.endpoint]!) {
    if (excluded.delete(check)) lines.push(`[+]${check} excluded: ok`)
    else lines.push(`[+]${check} ok`)
  }
  // The apiserver lists the names it could not match sorted (a Go string set's List()).
  if (excluded.size > 0) lines.push(`warn: some health checks cannot be excluded: no matches for ${quoted([...excluded].sort())}`)
  lines.push(`${target.endpoint} check passed`)
  return answer(200, `${lines.join('\n')}\n`, headers)
}
