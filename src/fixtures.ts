// Built-in fixture sets, by name, and the dispatch of fixture documents to the module that
// understands them. JSON imports (not file reads) so the same sets load in Node and in the browser.
import openshiftImages from '../fixtures/openshift-images.json' with { type: 'json' }
import cciSnapshots from '../fixtures/cci-snapshots.json' with { type: 'json' }
import glanceImages from '../fixtures/glance-images.json' with { type: 'json' }
import type { FixtureLoader } from './core.ts'

export const builtInFixtures: Record<string, unknown> = {
  'openshift-images': openshiftImages,
  'cci-snapshots': cciSnapshots,
  'glance-images': glanceImages,
}

/** A fixture source: a built-in set's name, or a document (array of objects or an API's own shape). */
export type FixtureSource = string | unknown

export function resolveFixture(source: FixtureSource): unknown {
  if (typeof source !== 'string') return source
  if (!Object.hasOwn(builtInFixtures, source)) {
    throw new Error(`unknown fixture set ${JSON.stringify(source)}; built-in sets: ${Object.keys(builtInFixtures).join(', ')}`)
  }
  return builtInFixtures[source]
}

/** Loads each source through the first loader that accepts it. */
export async function loadFixtures(loaders: FixtureLoader[], sources: FixtureSource[]): Promise<void> {
  for (const source of sources) {
    const document = resolveFixture(source)
    const loader = loaders.find((l) => l.accepts(document))
    if (!loader) throw new Error(`no API understands this fixture document: ${JSON.stringify(document).slice(0, 120)}`)
    await loader.load(document)
  }
}
