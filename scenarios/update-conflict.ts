// Shows an update that loses a race: the first PUT or PATCH of an ImageSnapshot or an OpenShift Image answers 409 Conflict, as when another writer got there first; the retry succeeds.
import { defineScenario } from '../src/scenarios/scenario.ts'

export default defineScenario({
  name: 'update-conflict',
  description:
    'The first update (PUT or PATCH) of a CCI ImageSnapshot or an OpenShift Image answers 409 Conflict with the message kube-apiserver sends for a stale resourceVersion; the next one goes through. A client should re-read the object and retry.',
  steps: [
    {
      id: 'conflict',
      when: {
        method: ['PUT', 'PATCH'],
        path: ['/apis/cci/v2/imagesnapshots/:name', '/apis/image.openshift.io/v1/images/:name', '/oapi/v1/images/:name'],
      },
      times: 1,
      respond: { status: 409 },
    },
  ],
})
