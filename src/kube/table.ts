// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` answers (K-37): what `kubectl get` prints.
import type { KubeObject, ResourceDefinition, StrategyContext } from './resource.ts'

export type IncludeObject = 'None' | 'Metadata' | 'Object'

export interface TableOptions {
  includeObject: IncludeObject
  withColumns: boolean
  resourceVersion?: string
  continueToken?: string
  remainingItemCount?: number
}

function rowObject(wire: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined
  if (include === 'Object') return wire
  // The metadata as the client would see it on this endpoint (key order, representation).
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: wire.metadata }
}

export function renderTable(
  resource: ResourceDefinition,
  objects: Array<{ object: KubeObject; wire: KubeObject }>,
  ctx: StrategyContext,
  options: TableOptions,
): Record<string, unknown> {
  const metadata: Record<string, unknown> = {}
  if (options.resourceVersion !== undefined) metadata.resourceVersion = options.resourceVersion
  if (options.continueToken) metadata.continue = options.continueToken
  if (options.remainingItemCount !== undefined) metadata.remainingItemCount = options.remainingItemCount
  const table: Record<string, unknown> = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata }
  if (options.withColumns) table.columnDefinitions = resource.table.columns
  table.rows = objects.map(({ object, wire }) => {
    const row: Record<string, unknown> = { cells: resource.table.cells(object, ctx) }
    const included = rowObject(wire, options.includeObject)
    if (included !== undefined) row.object = included
    return row
  })
  return table
}
