// Shows a CCI snapshot that becomes Unavailable: snap-1 stays Creating for 2 minutes (its default build outcome is held back), then fails with reason ImagePullFailed.
import { defineScenario } from '../src/scenarios/scenario.ts'

export default defineScenario({
  name: 'snapshot-fails-after-two-minutes',
  description:
    'The ImageSnapshot snap-1 stays Creating for 2 minutes after play, then its build fails: phase Unavailable (the state a UI may call Failed), reason ImagePullFailed. Create snap-1 from your app, then advance the clock.',
  steps: [
    {
      id: 'snap-1-fails',
      at: '2m',
      transition: { api: 'cci', name: 'snap-1', to: 'Failed', reason: 'ImagePullFailed', message: 'pull nginx:latest: 429 Too Many Requests' },
    },
  ],
})
