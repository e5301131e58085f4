// Shows rate limiting: the first two list requests answer 429 Too Many Requests with Retry-After: 5 (and details.retryAfterSeconds on the Kubernetes APIs); the third succeeds.
import { defineScenario } from '../src/scenarios/scenario.ts'

export default defineScenario({
  name: 'rate-limited',
  description:
    'The first two list requests (Glance images, CCI ImageSnapshots or OpenShift Images) are throttled: 429 with Retry-After: 5, a Kubernetes Status with reason TooManyRequests and details.retryAfterSeconds 5, or Glance\'s error page. A client should wait as told and try again.',
  steps: [
    {
      id: 'throttle-lists',
      when: { method: 'GET', path: ['/v2/images', '/apis/cci/v2/imagesnapshots', '/apis/image.openshift.io/v1/images', '/oapi/v1/images'] },
      times: 2,
      respond: { status: 429, retryAfter: '5s' },
    },
  ],
})
