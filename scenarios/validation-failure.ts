// Shows a validation failure: creating an ImageSnapshot answers 422 Invalid with a field cause, the error kubectl prints as "The ImageSnapshot "…" is invalid: …".
import { defineScenario } from '../src/scenarios/scenario.ts'

export default defineScenario({
  name: 'validation-failure',
  description:
    'The first ImageSnapshot create answers 422 Invalid: spec.images[0].image is refused, with the Status message, reason and details.causes the API server builds for a field error. A client should show the cause next to the field.',
  steps: [
    {
      id: 'reject-create',
      when: { method: 'POST', path: '/apis/cci/v2/imagesnapshots' },
      times: 1,
      respond: {
        status: 422,
        causes: [{ type: 'Forbidden', field: 'spec.images[0].image', detail: 'images from docker.io cannot be pulled in this region' }],
      },
    },
  ],
})
