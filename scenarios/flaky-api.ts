// Shows a flaky API: the first two requests to the image APIs answer 503 Service Unavailable, then everything succeeds.
import { defineScenario } from '../src/scenarios/scenario.ts'

export default defineScenario({
  name: 'flaky-api',
  description:
    'The first two requests to the image APIs (OpenShift, CCI, Glance) answer 503 Service Unavailable, each in its API\'s dialect; from the third on the APIs answer normally. A client should retry with backoff.',
  steps: [
    {
      id: 'unavailable-twice',
      when: { path: ['/apis/image.openshift.io/**', '/oapi/**', '/apis/cci/**', '/v2/**'] },
      times: 2,
      respond: { status: 503 },
    },
  ],
})
