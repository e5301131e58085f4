// Shows a CCI snapshot that expires by TTL: cache-snapshot (ttlDaysAfterCreated 1) becomes Available after 90 s, is marked for deletion one day after creation (phase Deleting) and is gone 5 s later.
import { defineScenario } from '../src/scenarios/scenario.ts'

export default defineScenario({
  name: 'snapshot-expires-by-ttl',
  description:
    'Creates the ImageSnapshot cache-snapshot with ttlDaysAfterCreated: 1. The lifecycle does the rest on the emulator clock: Available at 90s, deletionTimestamp and phase Deleting at 1d (its expireDateTime), DELETED 5s later when the finalizer goes.',
  steps: [
    {
      id: 'create-cache-snapshot',
      at: 0,
      create: {
        api: 'cci',
        object: {
          apiVersion: 'cci/v2',
          kind: 'ImageSnapshot',
          metadata: { name: 'cache-snapshot' },
          spec: {
            buildingConfig: { namespace: 'build-ns' },
            images: [{ image: 'nginx:1.27' }, { image: 'redis:7.2' }],
            imageSnapshotSize: 20,
            ttlDaysAfterCreated: 1,
          },
        },
      },
    },
  ],
})
