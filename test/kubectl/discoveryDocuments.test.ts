// The documents kubectl reads before it does anything (K-38..K-40): discovery in both forms, and the
// OpenAPI v3 documents — every served kind appears from its resource definition, with what apply,
// explain and client-side validation need.
import { describe, expect, test } from 'vitest'
import { readJson, transports, useEmulator } from '../support/transports.ts'

const kubectlAccept =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'
const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']

describe.each(transports)('discovery and OpenAPI over %s', (transport) => {
  const h = useEmulator(transport, { seed: 51 })
  const call = (path: string, accept?: string) => fetch(`${h.base}${path}`, accept ? { headers: { accept } } : {})

  test('/apis answers kubectl’s Accept with aggregated discovery, exactly labelled (K-39)', async () => {
    const response = await call('/apis', kubectlAccept)
    expect(response.headers.get('content-type')).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')
    const body = await readJson(response)
    expect(body).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {} })
    expect(body.items).toEqual([
      {
        metadata: { name: 'image.openshift.io', creationTimestamp: null },
        versions: [
          {
            version: 'v1',
            resources: [
              { resource: 'images', responseKind: { group: '', version: '', kind: 'Image' }, scope: 'Cluster', singularResource: 'image', verbs },
              // IMG-10: create and delete only.
              { resource: 'imagesignatures', responseKind: { group: '', version: '', kind: 'ImageSignature' }, scope: 'Cluster', singularResource: 'imagesignature', verbs: ['create', 'delete'] },
            ],
            freshness: 'Current',
          },
        ],
      },
      {
        metadata: { name: 'cci', creationTimestamp: null },
        versions: [
          {
            version: 'v2',
            resources: [{ resource: 'imagesnapshots', responseKind: { group: '', version: '', kind: 'ImageSnapshot' }, scope: 'Cluster', singularResource: 'imagesnapshot', verbs }],
            freshness: 'Current',
          },
        ],
      },
    ])
    // No core group is served, so /api aggregates nothing (K-38).
    expect((await readJson(await call('/api', kubectlAccept))).items).toEqual([])
  })

  test('plain clients get the legacy documents (K-38, IMG-48)', async () => {
    const groups = await call('/apis', 'application/json')
    expect(groups.headers.get('content-type')).toBe('application/json')
    expect((await readJson(groups)).groups.map((group: any) => group.preferredVersion.groupVersion)).toEqual(['image.openshift.io/v1', 'cci/v2'])
    expect(await readJson(await call('/apis/image.openshift.io/v1'))).toEqual({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'image.openshift.io/v1',
      resources: [
        { name: 'images', singularName: 'image', namespaced: false, kind: 'Image', verbs },
        { name: 'imagesignatures', singularName: 'imagesignature', namespaced: false, kind: 'ImageSignature', verbs: ['create', 'delete'] },
      ],
    })
    expect(await readJson(await call('/api'))).toMatchObject({ kind: 'APIVersions', versions: [] })
    expect(await readJson(await call('/version'))).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.4' })
  })

  test('/openapi/v3 lists one document per group-version, each describing its kinds for kubectl (K-40, IMG-50)', async () => {
    const index = await readJson(await call('/openapi/v3'))
    expect(Object.keys(index.paths)).toEqual(['apis/image.openshift.io/v1', 'apis/cci/v2'])
    const url = index.paths['apis/image.openshift.io/v1'].serverRelativeURL as string
    expect(url).toMatch(/^\/openapi\/v3\/apis\/image\.openshift\.io\/v1\?hash=[0-9A-F]{64}$/)

    const response = await call(url, 'application/json')
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('cache-control')).toBe('public, immutable')
    const document = await readJson(response)
    expect(document.openapi).toBe('3.0.0')
    const item = document.paths['/apis/image.openshift.io/v1/images/{name}']
    // What cli-runtime's query-param verifier looks for: the kind's PATCH, and fieldValidation on it.
    expect(item.patch['x-kubernetes-group-version-kind']).toEqual({ group: 'image.openshift.io', version: 'v1', kind: 'Image' })
    expect(item.patch.parameters.map((p: any) => p.name)).toEqual(['dryRun', 'fieldManager', 'fieldValidation', 'force'])
    // What client-side apply reads to choose strategic merge.
    expect(Object.keys(item.patch.requestBody.content)).toEqual([
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
      'application/apply-patch+yaml',
    ])
    expect(Object.keys(document.paths)).toEqual([
      '/apis/image.openshift.io/v1/images',
      '/apis/image.openshift.io/v1/images/{name}',
      '/apis/image.openshift.io/v1/imagesignatures',
      '/apis/image.openshift.io/v1/imagesignatures/{name}',
      '/apis/image.openshift.io/v1/watch/images',
      '/apis/image.openshift.io/v1/watch/images/{name}',
    ])
    const schemas = document.components.schemas
    const image = schemas['com.github.openshift.api.image.v1.Image']
    expect(image['x-kubernetes-group-version-kind']).toEqual([{ group: 'image.openshift.io', kind: 'Image', version: 'v1' }])
    expect(image.properties.metadata.allOf).toEqual([{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }])
    expect(image.properties.dockerImageMetadata['x-kubernetes-preserve-unknown-fields']).toBe(true)
    expect(schemas['com.github.openshift.api.image.v1.ImageList']['x-kubernetes-group-version-kind']).toEqual([{ group: 'image.openshift.io', kind: 'ImageList', version: 'v1' }])
    // Every $ref resolves inside the document.
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]!)
    for (const ref of new Set(refs)) expect(Object.hasOwn(schemas, ref), ref).toBe(true)

    // CCI's kind joins through the same path.
    const cci = await readJson(await call(index.paths['apis/cci/v2'].serverRelativeURL))
    expect(cci.paths['/apis/cci/v2/imagesnapshots/{name}'].patch['x-kubernetes-group-version-kind']).toEqual({ group: 'cci', version: 'v2', kind: 'ImageSnapshot' })
    expect(cci.components.schemas['cci.v2.ImageSnapshot'].properties.spec.properties.images.type).toBe('array')
  })

  test('/openapi/v2 is not served: 404, never JSON labelled as protobuf (K-40); protobuf-only v3 requests are 406', async () => {
    const v2 = await call('/openapi/v2', 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf')
    expect(v2.status).toBe(404)
    expect((await readJson(v2)).message).toBe('the server could not find the requested resource')
    const protobuf = await call('/openapi/v3/apis/image.openshift.io/v1', 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf')
    expect(protobuf.status).toBe(406)
    expect((await call('/openapi/v3/apis/nothing/v1')).status).toBe(404)
  })
})

describe.each(transports)('discovery with tokens over %s', (transport) => {
  const h = useEmulator(transport, { seed: 52, auth: { tokens: { 't-1': { user: 'alice' } } } })

  test('discovery and OpenAPI want the token; /version is public', async () => {
    for (const path of ['/api', '/apis', '/apis/image.openshift.io/v1', '/openapi/v3']) {
      expect((await fetch(`${h.base}${path}`)).status, path).toBe(401)
      expect((await fetch(`${h.base}${path}`, { headers: { authorization: 'Bearer t-1' } })).status, path).toBe(200)
    }
    expect((await fetch(`${h.base}/version`)).status).toBe(200)
  })
})
