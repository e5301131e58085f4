// Metadef fixture documents: `{ "metadef_namespaces": [...] }`, each entry a namespace as Glance's
// etc/metadefs/*.json files write one. The built-in set `glance-metadefs` is such a document kept in
// fixtures/glance-metadefs.json and read on first use, so importing the emulator does not parse it.

export interface MetadefFixtureNamespace {
  namespace: string
  display_name?: string
  description?: string
  visibility?: string
  protected?: boolean
  owner?: string
  resource_type_associations?: Array<{ name: string; prefix?: string; properties_target?: string }>
  properties?: Record<string, Record<string, unknown>>
  objects?: Array<{ name: string; description?: string; required?: string[]; properties?: Record<string, Record<string, unknown>> }>
  tags?: Array<{ name: string }>
}

export interface MetadefFixtureDocument {
  description?: string
  metadef_namespaces: MetadefFixtureNamespace[]
}

/** A built-in set that is read when it is first loaded. */
export interface LazyMetadefFixture {
  readonly lazyMetadefNamespaces: () => Promise<MetadefFixtureDocument>
}

export type MetadefFixture = MetadefFixtureDocument | LazyMetadefFixture

function isNamespaceEntry(entry: unknown): boolean {
  return typeof entry === 'object' && entry !== null && !Array.isArray(entry) && typeof (entry as { namespace?: unknown }).namespace === 'string'
}

export function isMetadefFixture(document: unknown): document is MetadefFixture {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return false
  if (typeof (document as Partial<LazyMetadefFixture>).lazyMetadefNamespaces === 'function') return true
  const namespaces = (document as { metadef_namespaces?: unknown }).metadef_namespaces
  return Array.isArray(namespaces) && namespaces.every(isNamespaceEntry)
}

export async function metadefFixtureNamespaces(fixture: MetadefFixture): Promise<MetadefFixtureNamespace[]> {
  const document = 'lazyMetadefNamespaces' in fixture ? await fixture.lazyMetadefNamespaces() : fixture
  return document.metadef_namespaces
}

let builtIn: Promise<MetadefFixtureDocument> | undefined

/** `glance-metadefs`: the namespaces Glance ships, parsed once, on first use. */
export const glanceMetadefsFixture: LazyMetadefFixture = {
  lazyMetadefNamespaces: () =>
    (builtIn ??= import('../../../fixtures/glance-metadefs.json', { with: { type: 'json' } }).then(
      (module) => (module as unknown as { default: MetadefFixtureDocument }).default,
    )),
}
