import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { openPrincipal, type Principal } from '../../../src/auth.ts'
import { createClock } from '../../../src/clock.ts'
import { createIds } from '../../../src/ids.ts'
import { fieldErrorText, toCause, type FieldError } from '../../../src/kube/fieldErrors.ts'
import type { KubeObject, StrategyContext } from '../../../src/kube/resource.ts'
import {
  encodeImageSnapshot,
  imageSnapshotDecodeError,
  imageSnapshotFinalizer,
  imageSnapshotResource as resource,
} from '../../../src/cci/imageSnapshot.ts'
import { isImageReference } from '../../../src/cci/imageSnapshotValidation.ts'

const fixtures = JSON.parse(readFileSync(new URL('../../../fixtures/cci-snapshots.json', import.meta.url), 'utf8')) as KubeObject[]

function context(principal: Principal | undefined = openPrincipal, start = '2026-01-01T00:00:00Z'): StrategyContext {
  const clock = createClock({ start })
  return { now: clock.iso(), clock, ids: createIds(1), principal, group: 'cci' }
}

function snapshot(spec: unknown, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name: 'snap-1', ...metadata }, spec } as KubeObject
}

const validSpec = () => ({ buildingConfig: { namespace: 'ns-a' }, images: [{ image: 'nginx:latest' }] })

/** What a 422 would list: `field: message` per cause. */
function texts(errors: FieldError[]): string[] {
  return errors.map(fieldErrorText)
}

function validateSpec(spec: unknown): string[] {
  const object = snapshot(spec)
  const ctx = context()
  resource.prepareForCreate(object, ctx)
  return texts(resource.validate(object, ctx))
}

function withBuilding(building: Record<string, unknown>) {
  return { ...validSpec(), buildingConfig: { namespace: 'ns-a', ...building } }
}

describe('ImageSnapshot identity (cci.md §1)', () => {
  test('CCI-1: cci/v2 ImageSnapshot, plural imagesnapshots, no shortNames or categories, CRD-style lists', () => {
    expect(resource).toMatchObject({
      group: 'cci',
      version: 'v2',
      kind: 'ImageSnapshot',
      listKind: 'ImageSnapshotList',
      plural: 'imagesnapshots',
      singular: 'imagesnapshot',
      listItemsCarryTypeMeta: true,
      allowUnconditionalUpdate: true,
      nameRule: 'dns1123Subdomain',
    })
    expect(resource.shortNames).toBeUndefined()
    expect(resource.categories).toBeUndefined()
  })

  test('CCI-38: patch types in the order K-16 lists them, strategic merge included', () => {
    expect(resource.patchTypes).toEqual([
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
      'application/apply-patch+yaml',
    ])
  })
})

describe('prepareForCreate (cci.md §5)', () => {
  test('CCI-14: the stored status is exactly {phase: Creating}, whatever the client sent', () => {
    const object = snapshot(validSpec())
    object.status = { phase: 'Available', snapshotID: 'x', reason: 'Nope' }
    resource.prepareForCreate(object, context())
    expect(object.status).toEqual({ phase: 'Creating' })
  })

  test('CCI-15: the finalizer is added, appended once after the client’s own', () => {
    const plain = snapshot(validSpec())
    resource.prepareForCreate(plain, context())
    expect(plain.metadata.finalizers).toEqual([imageSnapshotFinalizer])

    const withOthers = snapshot(validSpec(), { finalizers: ['example.com/keep', imageSnapshotFinalizer] })
    resource.prepareForCreate(withOthers, context())
    expect(withOthers.metadata.finalizers).toEqual(['example.com/keep', imageSnapshotFinalizer])

    const another = snapshot(validSpec(), { finalizers: ['example.com/keep'] })
    resource.prepareForCreate(another, context())
    expect(another.metadata.finalizers).toEqual(['example.com/keep', imageSnapshotFinalizer])
  })

  test('CCI-16: an open emulator stamps the seed’s tenant, overriding client values and keeping other labels', () => {
    const object = snapshot(validSpec(), {
      labels: { app: 'web', 'tenant.cci.io/tenant-id': 'forged' },
      annotations: { note: 'kept', 'tenant.cci.io/tenant-id': 'forged' },
    })
    resource.prepareForCreate(object, context())
    expect(object.metadata.labels).toEqual({
      app: 'web',
      sys_enterprise_project_id: '0',
      'tenant.cci.io/tenant-id': '08a2c8ef8d80d4152ff8c001d0281c03',
      'tenant.kubernetes.io/domain-id': '08a2c8ef8180d4150ff5c0012463ee60',
      'tenant.kubernetes.io/project-id': '08a2c8ef8d80d4152ff8c001d0281c03',
    })
    expect(object.metadata.annotations).toEqual({ note: 'kept', 'tenant.cci.io/tenant-id': '08a2c8ef8d80d4152ff8c001d0281c03' })
  })

  test('CCI-16: a token caller’s project becomes the tenant', () => {
    const object = snapshot(validSpec())
    resource.prepareForCreate(object, context({ user: 'alice', project: 'project-alice', admin: false }))
    expect(object.metadata.labels?.['tenant.kubernetes.io/project-id']).toBe('project-alice')
    expect(object.metadata.labels?.['tenant.cci.io/tenant-id']).toBe('project-alice')
    expect(object.metadata.annotations?.['tenant.cci.io/tenant-id']).toBe('project-alice')
  })

  test('CCI-16: a label called __proto__ stays an ordinary key and nothing leaks into Object.prototype', () => {
    const labels = JSON.parse('{"__proto__": {"polluted": "yes"}}') as Record<string, string>
    const object = snapshot(validSpec(), { labels })
    resource.prepareForCreate(object, context())
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.hasOwn(object.metadata.labels!, '__proto__')).toBe(true)
  })

  test('CCI-17: defaults are not written; autoCreateEIPAttribute renders {}; ttlDaysAfterCreated 0 is kept', () => {
    const object = snapshot({ ...validSpec(), ttlDaysAfterCreated: 0 })
    resource.prepareForCreate(object, context())
    expect(object.spec).toEqual({
      buildingConfig: { namespace: 'ns-a', autoCreateEIPAttribute: {} },
      images: [{ image: 'nginx:latest' }],
      ttlDaysAfterCreated: 0,
    })
  })

  test('CCI-17: nulls decode to nothing, as Go leaves them', () => {
    const object = snapshot({ ...validSpec(), ttlDaysAfterCreated: null, registries: null })
    resource.prepareForCreate(object, context())
    expect(object.spec).toEqual({ buildingConfig: { namespace: 'ns-a', autoCreateEIPAttribute: {} }, images: [{ image: 'nginx:latest' }] })
  })

  test('CCI-17: everything else is kept as sent: false, empty lists and empty strings; null list elements become zero values', () => {
    const object = snapshot({
      buildingConfig: { namespace: 'ns-a', autoCreateEIP: false, dnsServers: [], eipID: '' },
      images: [{ image: 'nginx:latest' }, null],
      registries: [],
    })
    resource.prepareForCreate(object, context())
    expect(object.spec).toEqual({
      buildingConfig: { autoCreateEIP: false, autoCreateEIPAttribute: {}, dnsServers: [], eipID: '', namespace: 'ns-a' },
      images: [{ image: 'nginx:latest' }, {}],
      registries: [],
    })
  })

  test('CCI-3: no generation is kept', () => {
    const object = snapshot(validSpec(), { generation: 4 })
    resource.prepareForCreate(object, context())
    expect(object.metadata.generation).toBeUndefined()
  })

  test('the seed’s request yields fixture A’s stored spec, status, finalizers and tenant metadata', () => {
    const a = fixtures[0]!
    const object = snapshot(
      {
        buildingConfig: { namespace: 'auto-test-converged-namespace' },
        imageSnapshotSize: 30,
        images: [{ image: 'nginx:stable-alpine-perl' }],
        registries: [{ imagePullSecret: 'imagepull-secret', server: 'swr.cn-north-7.xxxxx.com' }],
        ttlDaysAfterCreated: 0,
      },
      { name: 'test-imagesnapshot' },
    )
    resource.prepareForCreate(object, context())
    expect(object.spec).toEqual(a.spec)
    expect(object.status).toEqual(a.status)
    expect(object.metadata.finalizers).toEqual(a.metadata.finalizers)
    expect(object.metadata.labels).toEqual(a.metadata.labels)
    expect(object.metadata.annotations).toEqual(a.metadata.annotations)
  })
})

describe('validate (cci.md §6)', () => {
  test('a minimal snapshot is valid, and so are the fixtures', () => {
    expect(validateSpec(validSpec())).toEqual([])
    for (const fixture of fixtures) expect(resource.validate(structuredClone(fixture), context())).toEqual([])
  })

  test('CCI-20/27: no spec at all → images and the building namespace are required', () => {
    const object = snapshot(undefined)
    const errors = resource.validate(object, context())
    expect(errors.map(toCause)).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.buildingConfig.namespace' },
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.images' },
    ])
  })

  test('CCI-20: an empty images list is required', () => {
    expect(validateSpec({ ...validSpec(), images: [] })).toEqual(['spec.images: Required value'])
  })

  test('CCI-21: at most 10 images', () => {
    const images = Array.from({ length: 11 }, (_, i) => ({ image: `app-${i}:v1` }))
    const object = snapshot({ ...validSpec(), images })
    const errors = resource.validate(object, context())
    expect(errors.map(toCause)).toEqual([
      { reason: 'FieldValueTooMany', message: 'Too many: 11: must have at most 10 items', field: 'spec.images' },
    ])
    expect(validateSpec({ ...validSpec(), images: images.slice(0, 10) })).toEqual([])
  })

  test('CCI-22: each image is required', () => {
    expect(validateSpec({ ...validSpec(), images: [{ image: 'nginx' }, { image: '' }, {}] })).toEqual([
      'spec.images[1].image: Required value',
      'spec.images[2].image: Required value',
    ])
  })

  test('CCI-23: each image parses as a container image reference', () => {
    const images = ['nginx:latest', 'Nginx:latest', 'http://registry/x', 'nginx:', 'a//b', 'swr.cn-east-3.myhuaweicloud.com/team-a/api-server:v1.8.2']
    expect(validateSpec({ ...validSpec(), images: images.map((image) => ({ image })) })).toEqual([
      'spec.images[1].image: Invalid value: "Nginx:latest": invalid reference format',
      'spec.images[2].image: Invalid value: "http://registry/x": invalid reference format',
      'spec.images[3].image: Invalid value: "nginx:": invalid reference format',
      'spec.images[4].image: Invalid value: "a//b": invalid reference format',
    ])
  })

  test('CCI-23: references docker accepts', () => {
    for (const reference of [
      'nginx',
      'library/nginx:1.27-alpine',
      'localhost:5000/team/app:v1',
      '[::1]:5000/app',
      'Registry.Example.com/app',
      `nginx@sha256:${'a'.repeat(64)}`,
      `registry-1.docker.io/library/redis:7.2@sha256:${'0'.repeat(64)}`,
      'my__app/with.dots-and--dashes',
    ]) {
      expect(isImageReference(reference), reference).toBe(true)
    }
    for (const reference of ['upper/CASE', 'nginx@sha256:abc', '-nginx', 'nginx:-tag', `a:${'t'.repeat(129)}`, 'x'.repeat(5000)]) {
      expect(isImageReference(reference), reference).toBe(false)
    }
  })

  test('CCI-24: at most 10 registries', () => {
    const registries = Array.from({ length: 12 }, (_, i) => ({ server: `r${i}.example.com` }))
    expect(validateSpec({ ...validSpec(), registries })).toEqual(['spec.registries: Too many: 12: must have at most 10 items'])
  })

  test('CCI-25/26: a registry needs a server, without a scheme', () => {
    const errors = resource.validate(
      snapshot({ ...validSpec(), registries: [{ imagePullSecret: 's' }, { server: 'https://swr.example.com' }, { server: 'HTTP://x' }, { server: 'swr.example.com' }] }),
      context(),
    )
    expect(errors.map(toCause)).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.registries[0].server' },
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "https://swr.example.com": must not include a scheme (http:// or https://)',
        field: 'spec.registries[1].server',
      },
      { reason: 'FieldValueInvalid', message: 'Invalid value: "HTTP://x": must not include a scheme (http:// or https://)', field: 'spec.registries[2].server' },
    ])
  })

  test('CCI-27: the building namespace is required, also when empty', () => {
    expect(validateSpec({ images: [{ image: 'nginx' }], buildingConfig: {} })).toEqual(['spec.buildingConfig.namespace: Required value'])
    expect(validateSpec({ images: [{ image: 'nginx' }], buildingConfig: { namespace: '' } })).toEqual(['spec.buildingConfig.namespace: Required value'])
  })

  test('CCI-28: the building namespace is a DNS-1123 label', () => {
    expect(validateSpec(withBuilding({ namespace: 'Team_A' }))).toEqual([
      "spec.buildingConfig.namespace: Invalid value: \"Team_A\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ])
    expect(validateSpec(withBuilding({ namespace: 'team.a' }))).toEqual(['spec.buildingConfig.namespace: Invalid value: "team.a": must not contain dots'])
    const long = 'a'.repeat(64)
    expect(validateSpec(withBuilding({ namespace: long }))).toEqual([`spec.buildingConfig.namespace: Invalid value: "${long}": must be no more than 63 characters`])
  })

  test('CCI-29: timeoutMinutes between 30 and 10080', () => {
    expect(validateSpec(withBuilding({ timeoutMinutes: 29 }))).toEqual(['spec.buildingConfig.timeoutMinutes: Invalid value: 29: must be between 30 and 10080'])
    expect(validateSpec(withBuilding({ timeoutMinutes: 10081 }))).toEqual([
      'spec.buildingConfig.timeoutMinutes: Invalid value: 10081: must be between 30 and 10080',
    ])
    expect(validateSpec(withBuilding({ timeoutMinutes: 30 }))).toEqual([])
    expect(validateSpec(withBuilding({ timeoutMinutes: 10080 }))).toEqual([])
  })

  test('CCI-30: ttlDaysAfterCreated ≥ 0', () => {
    expect(validateSpec({ ...validSpec(), ttlDaysAfterCreated: -1 })).toEqual(['spec.ttlDaysAfterCreated: Invalid value: -1: must be greater than or equal to 0'])
    expect(validateSpec({ ...validSpec(), ttlDaysAfterCreated: 0 })).toEqual([])
  })

  test('CCI-31: imageSnapshotSize > 0', () => {
    expect(validateSpec({ ...validSpec(), imageSnapshotSize: 0 })).toEqual(['spec.imageSnapshotSize: Invalid value: 0: must be greater than 0'])
  })

  test('CCI-32: EIP attributes and DNS servers', () => {
    const errors = resource.validate(
      snapshot(
        withBuilding({
          autoCreateEIPAttribute: { bandwidthChargeMode: 'monthly', bandwidthSize: 0, ipVersion: 5 },
          dnsServers: ['8.8.8.8', 'dns.example.com', '2001:db8::ffff', '::ffff:10.0.0.1', '1.2.3.256'],
        }),
      ),
      context(),
    )
    expect(errors.map(toCause)).toEqual([
      {
        reason: 'FieldValueNotSupported',
        message: 'Unsupported value: "monthly": supported values: "bandwidth", "traffic"',
        field: 'spec.buildingConfig.autoCreateEIPAttribute.bandwidthChargeMode',
      },
      { reason: 'FieldValueInvalid', message: 'Invalid value: 0: must be greater than or equal to 1', field: 'spec.buildingConfig.autoCreateEIPAttribute.bandwidthSize' },
      { reason: 'FieldValueNotSupported', message: 'Unsupported value: 5: supported values: "4", "6"', field: 'spec.buildingConfig.autoCreateEIPAttribute.ipVersion' },
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "dns.example.com": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        field: 'spec.buildingConfig.dnsServers[1]',
      },
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "1.2.3.256": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        field: 'spec.buildingConfig.dnsServers[4]',
      },
    ])
    expect(validateSpec(withBuilding({ autoCreateEIPAttribute: { bandwidthChargeMode: 'traffic', bandwidthSize: 1, ipVersion: 6 } }))).toEqual([])
  })

  test('CCI-33: every violation is reported at once, one cause per bad field', () => {
    expect(
      validateSpec({
        buildingConfig: { namespace: 'Bad', timeoutMinutes: 5 },
        imageSnapshotSize: -3,
        images: [{ image: '' }, { image: 'UP' }],
        registries: [{ server: 'http://r' }],
        ttlDaysAfterCreated: -2,
      }).map((text) => text.split(':')[0]),
    ).toEqual([
      'spec.buildingConfig.namespace',
      'spec.buildingConfig.timeoutMinutes',
      'spec.imageSnapshotSize',
      'spec.images[0].image',
      'spec.images[1].image',
      'spec.registries[0].server',
      'spec.ttlDaysAfterCreated',
    ])
  })
})

describe('decode (CCI-10: Go’s JSON decoder rejects wrong types with 400)', () => {
  const problem = (spec: unknown, status?: unknown) =>
    imageSnapshotDecodeError({ metadata: { name: 'x' }, spec, ...(status === undefined ? {} : { status }) })

  test('well-typed bodies and nulls decode', () => {
    expect(problem(validSpec())).toBeUndefined()
    expect(problem({ ...validSpec(), ttlDaysAfterCreated: null, buildingConfig: null })).toBeUndefined()
    for (const fixture of fixtures) expect(imageSnapshotDecodeError(fixture)).toBeUndefined()
  })

  test('a string where an Integer is expected', () => {
    expect(problem({ ...validSpec(), imageSnapshotSize: '30' })).toBe(
      'json: cannot unmarshal string into Go struct field ImageSnapshotSpec.spec.imageSnapshotSize of type int32',
    )
  })

  test('a fraction or a number beyond 32 bits in an Integer field', () => {
    expect(problem(withBuilding({ timeoutMinutes: 1.5 }))).toBe(
      'json: cannot unmarshal number 1.5 into Go struct field BuildingConfig.spec.buildingConfig.timeoutMinutes of type int32',
    )
    expect(problem({ ...validSpec(), ttlDaysAfterCreated: 2147483648 })).toBe(
      'json: cannot unmarshal number 2147483648 into Go struct field ImageSnapshotSpec.spec.ttlDaysAfterCreated of type int32',
    )
  })

  test('wrong shapes name the Go type; array indices are not part of the path', () => {
    expect(problem({ ...validSpec(), images: { image: 'nginx' } })).toBe(
      'json: cannot unmarshal object into Go struct field ImageSnapshotSpec.spec.images of type []v2.ImageReference',
    )
    expect(problem({ ...validSpec(), images: [{ image: 'nginx' }, { image: 7 }] })).toBe(
      'json: cannot unmarshal number into Go struct field ImageReference.spec.images.image of type string',
    )
    expect(problem(withBuilding({ autoCreateEIPAttribute: { ipVersion: '4' } }))).toBe(
      'json: cannot unmarshal string into Go struct field AutoCreateEIPAttribute.spec.buildingConfig.autoCreateEIPAttribute.ipVersion of type int32',
    )
    expect(problem(withBuilding({ autoCreateEIP: 'yes' }))).toBe(
      'json: cannot unmarshal string into Go struct field BuildingConfig.spec.buildingConfig.autoCreateEIP of type bool',
    )
    expect(problem('spec')).toBe('json: cannot unmarshal string into Go struct field ImageSnapshot.spec of type v2.ImageSnapshotSpec')
    expect(problem(validSpec(), { images: [{ sizeBytes: 'big' }] })).toBe(
      'json: cannot unmarshal string into Go struct field PulledImage.status.images.sizeBytes of type int64',
    )
  })
})

describe('update (cci.md §7)', () => {
  function stored(): KubeObject {
    const object = snapshot({ ...validSpec(), ttlDaysAfterCreated: 1 })
    resource.prepareForCreate(object, context())
    object.status = { phase: 'Available', snapshotID: 'evs-1' }
    return object
  }

  test('CCI-35: a client’s status is ignored, the stored one kept', () => {
    const old = stored()
    const next = structuredClone(old)
    next.status = { phase: 'Unavailable' }
    resource.prepareForUpdate(next, old, context())
    expect(next.status).toEqual({ phase: 'Available', snapshotID: 'evs-1' })
    expect(resource.validateUpdate(next, old, context())).toEqual([])
  })

  test('CCI-34: any spec change is forbidden with one cause on `spec`', () => {
    const old = stored()
    const next = structuredClone(old)
    ;(next.spec as { ttlDaysAfterCreated: number }).ttlDaysAfterCreated = 2
    resource.prepareForUpdate(next, old, context())
    const errors = resource.validateUpdate(next, old, context())
    expect(errors.map(toCause)).toEqual([{ reason: 'FieldValueForbidden', message: 'Forbidden: updates to imagesnapshot spec are forbidden', field: 'spec' }])
    expect(texts(errors)).toEqual(['spec: Forbidden: updates to imagesnapshot spec are forbidden'])
  })

  test('CCI-34: reordered keys or a missing empty autoCreateEIPAttribute are not a change', () => {
    const old = stored()
    const next = structuredClone(old)
    next.spec = { ttlDaysAfterCreated: 1, images: [{ image: 'nginx:latest' }], buildingConfig: { namespace: 'ns-a' } }
    resource.prepareForUpdate(next, old, context())
    expect(resource.validateUpdate(next, old, context())).toEqual([])
  })

  test('CCI-36: labels, annotations and finalizers may change', () => {
    const old = stored()
    const next = structuredClone(old)
    next.metadata.labels = { ...next.metadata.labels, team: 'a' }
    next.metadata.finalizers = []
    resource.prepareForUpdate(next, old, context())
    expect(resource.validateUpdate(next, old, context())).toEqual([])
  })
})

describe('table (CCI-53)', () => {
  test('columns: Name, Phase, Age, and Snapshot ID and Expire Time for -o wide', () => {
    expect(resource.table.columns.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Phase', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['Snapshot ID', 'string', '', 1],
      ['Expire Time', 'string', '', 1],
    ])
    for (const column of resource.table.columns) expect(column.description).not.toBe('')
  })

  test('cells read the status; missing values print <none>; age is relative to the emulator clock', () => {
    const [a, b] = fixtures
    expect(resource.table.cells(a!, context(openPrincipal, '2025-03-15T04:03:01Z'))).toEqual(['test-imagesnapshot', 'Creating', '90s', '<none>', '<none>'])
    expect(resource.table.cells(b!, context(openPrincipal, '2026-01-01T00:00:00Z'))).toEqual([
      'my-imagesnapshot',
      'Available',
      '16h',
      'd23f0824-128b-4f33-8c5c-7fd0a6a3a450',
      '2026-01-07T08:00:00Z',
    ])
  })

})

describe('encode and schema', () => {
  test('K-11: wire keys follow the seed’s schema order; fields Go does not declare are not echoed', () => {
    const object = {
      metadata: { name: 'x' },
      status: { snapshotName: 'n', phase: 'Available', images: [{ sizeBytes: 1, image: 'i', digest: 'd' }] },
      spec: { ttlDaysAfterCreated: 1, images: [{ image: 'nginx' }], extra: true, buildingConfig: { timeoutMinutes: 60, namespace: 'ns' } },
      junk: 1,
    } as KubeObject
    const wire = encodeImageSnapshot(object, 'cci/v2')
    expect(Object.keys(wire)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status'])
    expect(wire.apiVersion).toBe('cci/v2')
    expect(wire.kind).toBe('ImageSnapshot')
    expect(Object.keys(wire.spec!)).toEqual(['buildingConfig', 'images', 'ttlDaysAfterCreated'])
    expect(Object.keys(wire.spec!.buildingConfig!)).toEqual(['namespace', 'timeoutMinutes'])
    expect(Object.keys(wire.status!)).toEqual(['images', 'phase', 'snapshotName'])
    expect(Object.keys(wire.status!.images![0]!)).toEqual(['digest', 'image', 'sizeBytes'])
    expect(resource.encode!(structuredClone(fixtures[1]!), 'cci/v2')).toEqual(fixtures[1])
  })

  test('openapi: group-version-kind, seed descriptions, int32 fields, required fields, atomic lists', () => {
    const schema = resource.openapiSchema as any
    expect(schema['x-kubernetes-group-version-kind']).toEqual([{ group: 'cci', kind: 'ImageSnapshot', version: 'v2' }])
    const spec = schema.properties.spec
    expect(spec.required).toEqual(['buildingConfig', 'images'])
    expect(spec.properties.buildingConfig.properties.timeoutMinutes).toMatchObject({ type: 'integer', format: 'int32' })
    expect(spec.properties.buildingConfig.properties.timeoutMinutes.description).toContain('Default is 1440 and the value must range from 30 to 10080.')
    expect(spec.properties.images).toMatchObject({ type: 'array', 'x-kubernetes-list-type': 'atomic', items: { required: ['image'] } })
    expect(schema.properties.status.properties.images.items.properties.sizeBytes).toMatchObject({ type: 'integer', format: 'int64' })
    expect(schema.properties.status.properties.conditions).toBeUndefined()
  })
})
