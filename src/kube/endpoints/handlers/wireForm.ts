// The form a client sees of a stored object on one endpoint (IMG-44, IMG-45): its kind and apiVersion
// there, managedFields shown or not, list items with or without type metadata (K-23), and the bytes
// of each stored version encoded once.
import type { Endpoint, KubeObject } from '../../resource.ts'
import { isJsonObject } from '../../../json/jsonObject.ts'
import type { EndpointScope } from './requestScope.ts'

const utf8 = new TextEncoder()

/**
 * The wire form of `object` with managedFields, which encode may consume: every caller passes a fresh
 * copy (the store hands out parsed copies), and a Table keeps its own copy for the cells.
 */
export function encoded(endpoint: Endpoint, object: KubeObject): KubeObject {
  if (endpoint.resource.encode) return endpoint.resource.encode(object, endpoint.groupVersion)
  const { apiVersion: _a, kind: _k, ...rest } = object
  return { kind: endpoint.resource.kind, apiVersion: endpoint.groupVersion, ...rest } as KubeObject
}

/** The wire form a client sees (consumes `object`, as `encoded` does). */
export function present(served: EndpointScope, object: KubeObject): KubeObject {
  const wire = encoded(served.endpoint, object)
  if (served.options.showManagedFields === false && isJsonObject(wire.metadata)) delete wire.metadata.managedFields
  return wire
}

/** A list item's wire form: built-in kinds' items carry no kind/apiVersion (K-23). */
function listItem(served: EndpointScope, item: KubeObject): KubeObject {
  const wire = present(served, item)
  if (!served.endpoint.resource.listItemsCarryTypeMeta) {
    delete wire.kind
    delete wire.apiVersion
  }
  return wire
}

export function listBody(served: EndpointScope, items: KubeObject[], metadata: Record<string, unknown>) {
  const { endpoint } = served
  return { kind: endpoint.resource.listKind, apiVersion: endpoint.groupVersion, metadata, items: items.map((item) => listItem(served, item)) }
}

/** A GET answer's bytes for a stored version (its JSON text). */
export function objectBytes(served: EndpointScope, json: string): Uint8Array {
  return served.objectBytes.get(json) ?? served.objectBytes.set(json, utf8.encode(`${JSON.stringify(present(served, JSON.parse(json) as KubeObject))}\n`))
}

/** A list item's bytes for a stored version (its JSON text). */
export function itemBytes(served: EndpointScope, json: string): Uint8Array {
  return served.itemBytes.get(json) ?? served.itemBytes.set(json, utf8.encode(JSON.stringify(listItem(served, JSON.parse(json) as KubeObject))))
}
