// Shows a Glance upload that is killed: the first image data upload fails with 500 and leaves the image in status killed, which image lists no longer show.
import { defineScenario } from '../src/scenarios/scenario.ts'

export default defineScenario({
  name: 'glance-upload-killed',
  description:
    'The first PUT /v2/images/{id}/file fails: the image becomes killed (as when the store fails mid-upload) and the client gets Glance\'s 500 error page. GET /v2/images/{id} shows status killed; GET /v2/images leaves it out.',
  steps: [
    {
      id: 'kill-upload',
      when: { method: 'PUT', path: '/v2/images/:id/file' },
      times: 1,
      transition: { api: 'glance', to: 'killed' },
      respond: { status: 500 },
    },
  ],
})
