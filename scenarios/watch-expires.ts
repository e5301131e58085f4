// Shows a watch that expires and must be re-listed: 3 minutes after play every open Kubernetes watch gets ERROR 410 Expired and ends, as after an etcd compaction.
import { defineScenario } from '../src/scenarios/scenario.ts'

export default defineScenario({
  name: 'watch-expires',
  description:
    'At 3m every open watch (OpenShift Images and CCI ImageSnapshots) receives an ERROR event carrying a 410 Expired Status and is closed. Informers and reflectors must list again and watch from the new resourceVersion.',
  steps: [{ id: 'expire-watches', at: '3m', watch: { action: 'expire' } }],
})
