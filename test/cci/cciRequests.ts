// Requests a CCI client sends, shared by the ImageSnapshot suites: the collection path, a minimal valid
// body in the shape of cci.md §10.3's worked example, and small fetch wrappers over one harness base.
export const snapshots = '/apis/cci/v2/imagesnapshots'
export const watchSnapshots = '/apis/cci/v2/watch/imagesnapshots'

/** The seed's tenant (CCI-16), stamped on everything an open emulator creates. */
export const seedProject = '08a2c8ef8d80d4152ff8c001d0281c03'
export const seedDomain = '08a2c8ef8180d4150ff5c0012463ee60'
export const finalizer = 'imagesnapshot.kubernetes.io/imagesnapshot-finalizer'

export interface SnapshotBody {
  apiVersion?: string
  kind?: string
  metadata: Record<string, unknown>
  spec?: Record<string, unknown>
  status?: Record<string, unknown>
  [key: string]: unknown
}

/** cci.md §10.3 step 1, with its name and spec fields overridable. */
export function snapshot(name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): SnapshotBody {
  return {
    apiVersion: 'cci/v2',
    kind: 'ImageSnapshot',
    metadata: { name, ...metadata },
    spec: { buildingConfig: { namespace: 'ns-a' }, images: [{ image: 'nginx:latest' }], ...spec },
  }
}

export function createRequests(base: () => string, headers: Record<string, string> = {}) {
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${base()}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } })
  const send = (method: string, path: string, body: unknown, contentType = 'application/json') =>
    call(path, { method, headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) })
  return {
    call,
    post: (body: unknown, query = '') => send('POST', `${snapshots}${query}`, body),
    put: (name: string, body: unknown, query = '') => send('PUT', `${snapshots}/${name}${query}`, body),
    patch: (name: string, type: string, body: unknown) => send('PATCH', `${snapshots}/${name}`, body, type),
    remove: (name: string, body?: unknown, query = '') =>
      body === undefined ? call(`${snapshots}/${name}${query}`, { method: 'DELETE' }) : send('DELETE', `${snapshots}/${name}${query}`, body),
    get: (name: string, init: RequestInit = {}) => call(`${snapshots}/${name}`, init),
  }
}
