// Discovery documents (K-38, K-39, IMG-48, IMG-49), derived from the served endpoints so that a new
// kind appears in them without anyone editing this file.
import type { Endpoint } from './resource.ts'

const kubeVersion = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
}

function resourceEntry(endpoint: Endpoint) {
  const r = endpoint.resource
  const entry: Record<string, unknown> = {
    name: r.plural,
    singularName: r.singular,
    namespaced: false,
    kind: r.kind,
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  }
  if (r.shortNames?.length) entry.shortNames = r.shortNames
  if (r.categories?.length) entry.categories = r.categories
  return entry
}

export function createDiscovery(endpoints: Endpoint[]) {
  const grouped = endpoints.filter((e) => e.group !== '')
  const legacy = endpoints.filter((e) => e.group === '')
  const groups = [...new Set(grouped.map((e) => e.group))]

  function groupDocument(group: string) {
    const versions = [...new Set(grouped.filter((e) => e.group === group).map((e) => e.version))]
    const preferred = { groupVersion: `${group}/${versions[0]}`, version: versions[0] }
    return { name: group, versions: versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v })), preferredVersion: preferred }
  }

  /** The document for a discovery path, or undefined when the path is not a discovery path. */
  function document(path: string, host: string): unknown {
    const trimmed = path.replace(/\/+$/, '') || '/'
    const addresses = [{ clientCIDR: '0.0.0.0/0', serverAddress: host }]
    if (trimmed === '/version') return kubeVersion
    // K-38: listing v1 with no core resources makes kubectl 1.32 fail; an empty list is what works.
    if (trimmed === '/api') return { kind: 'APIVersions', versions: [], serverAddressByClientCIDRs: addresses }
    if (trimmed === '/apis') return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(groupDocument) }
    if (legacy.length && trimmed === '/oapi') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: addresses }
    if (legacy.length && trimmed === '/oapi/v1') {
      return { kind: 'APIResourceList', groupVersion: 'v1', resources: legacy.map(resourceEntry) }
    }
    const match = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(trimmed)
    if (!match) return undefined
    const [, group, version] = match
    if (!groups.includes(group!)) return undefined
    if (!version) return { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(group!) }
    const served = grouped.filter((e) => e.group === group && e.version === version)
    if (!served.length) return undefined
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${group}/${version}`, resources: served.map(resourceEntry) }
  }

  return { document }
}
