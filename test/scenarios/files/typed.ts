// A scenario written in TypeScript: defineScenario types it, the loader validates it like any other.
import { defineScenario } from '../../../src/scenarios/scenario.ts'

export default defineScenario({
  name: 'typed',
  steps: [{ id: 'teapot', when: { method: 'GET', path: '/v2/images/:id' }, respond: { status: 418, body: 'short and stout' } }],
})
