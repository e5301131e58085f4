// The store's name for a Kubernetes kind: the etcd key prefix the real apiserver would use.
import type { ResourceDefinition } from './resource.ts'

export function storageKind(resource: ResourceDefinition): string {
  return `kube:${resource.group}/${resource.plural}`
}
