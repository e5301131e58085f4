// The list types server-side apply reads from each kind's served OpenAPI schema (K-19): ObjectMeta's
// finalizers are a set and ownerReferences a map keyed by uid; Image.signatures declares the merge key
// `name` its items do not have (IMG-37), so it stays atomic, like every other list of both kinds.
import { describe, expect, test } from 'vitest'
import { listTypesOf } from '../../../src/kube/listTypes.ts'
import { imageResource } from '../../../src/openshift/image.ts'
import { imageSnapshotResource } from '../../../src/cci/imageSnapshot.ts'

describe('list types from the served OpenAPI', () => {
  test.each([
    ['Image', imageResource.openapiSchema],
    ['ImageSnapshot', imageSnapshotResource.openapiSchema],
    ['no schema', undefined],
  ])('%s: ObjectMeta finalizers are a set, ownerReferences a map by uid, managedFields atomic', (_kind, schema) => {
    const types = listTypesOf(schema)
    expect(types.at(['metadata', 'finalizers'])).toEqual({ type: 'set' })
    expect(types.at(['metadata', 'ownerReferences'])).toEqual({ type: 'map', keys: ['uid'] })
    expect(types.at(['metadata', 'managedFields'])).toEqual({ type: 'atomic' })
  })

  test('every other list of Image and ImageSnapshot is atomic', () => {
    const image = listTypesOf(imageResource.openapiSchema)
    // A signature's conditions are keyed by type, but they live inside the atomic signatures list, so
    // apply never looks at them one by one.
    expect(image.at(['signatures', 'conditions'])).toEqual({ type: 'map', keys: ['type'] })
    for (const path of [['signatures'], ['dockerImageLayers'], ['dockerImageManifests'], ['dockerImageSignatures'], ['dockerImageMetadata', 'Config', 'Env']]) {
      expect(image.at(path), path.join('.')).toEqual({ type: 'atomic' })
    }
    const snapshot = listTypesOf(imageSnapshotResource.openapiSchema)
    for (const path of [['spec', 'images'], ['spec', 'registries'], ['spec', 'buildingConfig', 'dnsServers'], ['status', 'images']]) {
      expect(snapshot.at(path), path.join('.')).toEqual({ type: 'atomic' })
    }
  })

  test('declared types are read as kube-openapi reads them', () => {
    const schema = {
      type: 'object',
      properties: {
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        ports: {
          type: 'array',
          items: { type: 'object', properties: { port: { type: 'integer' }, protocol: { type: 'string' } } },
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['port', 'protocol'],
        },
        merged: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } }, 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name' },
        mergedSet: { type: 'array', items: { type: 'string' }, 'x-kubernetes-patch-strategy': 'merge' },
        plain: { type: 'array', items: { type: 'string' } },
      },
    }
    const types = listTypesOf(schema)
    expect(types.at(['tags'])).toEqual({ type: 'set' })
    expect(types.at(['ports'])).toEqual({ type: 'map', keys: ['port', 'protocol'] })
    expect(types.at(['merged'])).toEqual({ type: 'map', keys: ['name'] })
    expect(types.at(['mergedSet'])).toEqual({ type: 'set' })
    expect(types.at(['plain'])).toEqual({ type: 'atomic' })
    expect(types.at(['unknown'])).toEqual({ type: 'atomic' })
  })
})
