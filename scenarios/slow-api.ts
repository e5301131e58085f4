// Shows a slow API: every request is answered 2 s later on the emulator clock (advance the manual clock, or let the realtime clock run).
import { defineScenario } from '../src/scenarios/scenario.ts'

export default defineScenario({
  name: 'slow-api',
  description:
    'Every request to every API waits 2s of emulator time before the API answers it. With the manual clock the answer comes when the test advances the clock by 2s; with the realtime clock after 2s (divided by the speed). Loading states and timeouts become testable.',
  steps: [{ id: 'slow-answers', when: {}, respond: { delay: '2s' } }],
})
