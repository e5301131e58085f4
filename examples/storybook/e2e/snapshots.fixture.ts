// The app's starting data in the end-to-end tests: one CCI snapshot, snap-1, still being built.
export const snapshots = [
  {
    apiVersion: 'cci/v2',
    kind: 'ImageSnapshot',
    metadata: { name: 'snap-1', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { buildingConfig: { namespace: 'default' }, images: [{ image: 'nginx:latest' }] },
    status: { phase: 'Creating' },
  },
]
