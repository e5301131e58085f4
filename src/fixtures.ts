// Built-in fixture sets, by name (each API's descriptor brings its own), and the dispatch of fixture
// documents to the module that understands them.
import { apis } from './apis.ts'
import type { FixtureLoader } from './core.ts'

export const builtInFixtures: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, ...apis.map((api) => api.fixtures))

/** A fixture source: a built-in set's name, or a document (array of objects or an API's own shape). */
export type FixtureSource = string | unknown

function resolveFixture(source: FixtureSource): unknown {
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
