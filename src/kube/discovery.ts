// Discovery documents (K-38, K-39, IMG-48, IMG-49, CCI-52), derived from the served endpoints so that a
// new kind appears in them without anyone editing this file. Two forms, as kube-apiserver 1.32 serves
// them: the legacy documents (APIVersions, APIGroupList, APIGroup, APIResourceList), and aggregated
// discovery (one APIGroupDiscoveryList for /apis), which kubectl asks for first and which spares it
// one request per group-version.
import { servedVerbs, type Endpoint } from './resource.ts'
import { parseAccept } from './negotiation.ts'

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

/** K-39: the Content-Type aggregated discovery must carry, exactly; clients pick the parser by it. */
const aggregatedDiscoveryContentType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'


export type DiscoveryForm = 'legacy' | 'aggregated'

/**
 * Which form the Accept header asks for: the first acceptable clause wins (K-35), so kubectl's
 * `…as=APIGroupDiscoveryList,…;v=v2beta1…,application/json` gets the aggregated v2 document and a
 * plain client gets the legacy one. v2beta1 is not served (1.32 clients ask for v2 first).
 */
function discoveryForm(accept: string | null): DiscoveryForm {
  if (!accept) return 'legacy'
  for (const clause of parseAccept(accept)) {
    const jsonish = clause.type === 'application/json' || clause.type === 'application/*' || clause.type === '*/*'
    if (!jsonish) continue
    const { as, g, v } = clause.params
    if (as === undefined) return 'legacy'
    if (as === 'APIGroupDiscoveryList' && g === 'apidiscovery.k8s.io' && v === 'v2' && clause.type === 'application/json') return 'aggregated'
  }
  return 'legacy'
}

function resourceEntry(endpoint: Endpoint) {
  const r = endpoint.resource
  const entry: Record<string, unknown> = {
    name: r.plural,
    singularName: r.singular,
    namespaced: false,
    kind: r.kind,
    // IMG-48, CCI-52: all eight, or the few a façade kind serves (imagesignatures: create, delete).
    verbs: [...servedVerbs(r)],
  }
  if (r.shortNames?.length) entry.shortNames = r.shortNames
  if (r.categories?.length) entry.categories = r.categories
  return entry
}

/** apidiscovery.k8s.io/v2 APIResourceDiscovery. */
function discoveredResource(endpoint: Endpoint) {
  const r = endpoint.resource
  const entry: Record<string, unknown> = {
    resource: r.plural,
    // The real server leaves group and version empty: they are the enclosing group-version's.
    responseKind: { group: '', version: '', kind: r.kind },
    scope: 'Cluster',
    singularResource: r.singular,
    verbs: [...servedVerbs(r)],
  }
  if (r.shortNames?.length) entry.shortNames = r.shortNames
  if (r.categories?.length) entry.categories = r.categories
  return entry
}

export interface DiscoveryAnswer {
  body: unknown
  contentType: string
}

export function createDiscovery(endpoints: Endpoint[]) {
  const grouped = endpoints.filter((e) => e.group !== '')
  const legacy = endpoints.filter((e) => e.group === '')
  const groups = [...new Set(grouped.map((e) => e.group))]

  const versionsOf = (group: string) => [...new Set(grouped.filter((e) => e.group === group).map((e) => e.version))]

  function groupDocument(group: string) {
    const versions = versionsOf(group)
    const preferred = { groupVersion: `${group}/${versions[0]}`, version: versions[0] }
    return { name: group, versions: versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v })), preferredVersion: preferred }
  }

  function aggregatedGroups() {
    return {
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      metadata: {},
      items: groups.map((group) => ({
        metadata: { name: group, creationTimestamp: null },
        versions: versionsOf(group).map((version) => ({
          version,
          resources: grouped.filter((e) => e.group === group && e.version === version).map(discoveredResource),
          freshness: 'Current',
        })),
      })),
    }
  }

  /** The legacy document for a discovery path, or undefined when the path is not a discovery path. */
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

  /** The answer for a discovery path in the form the client asked for; undefined when it is not one. */
  function answer(path: string, host: string, accept: string | null): DiscoveryAnswer | undefined {
    const trimmed = path.replace(/\/+$/, '') || '/'
    if ((trimmed === '/apis' || trimmed === '/api') && discoveryForm(accept) === 'aggregated') {
      // /api aggregates the core group, which the emulator does not serve: no items (K-38).
      const body = trimmed === '/apis' ? aggregatedGroups() : { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items: [] }
      return { body, contentType: aggregatedDiscoveryContentType }
    }
    const body = document(path, host)
    return body === undefined ? undefined : { body, contentType: 'application/json' }
  }

  return { document, answer }
}
