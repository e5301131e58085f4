// The CCI 2.0 ImageSnapshot API over real HTTP, through msw and through the standalone server:
// every verb (CCI-4), the seed's schema and constraints (cci.md §3, §6) and every status code of
// seed 000 the emulator produces by itself (cci.md §4).
import { describe, expect, test } from 'vitest'
import { readEvents, readJson, transports, useEmulator, watchEvents } from '../support/transports.ts'
import { createRequests, finalizer, seedDomain, seedProject, snapshot, snapshots, watchSnapshots } from './cciRequests.ts'

const tenantLabels = {
  sys_enterprise_project_id: '0',
  'tenant.cci.io/tenant-id': seedProject,
  'tenant.kubernetes.io/domain-id': seedDomain,
  'tenant.kubernetes.io/project-id': seedProject,
}

describe.each(transports)('CCI ImageSnapshot over %s', (transport) => {
  const h = useEmulator(transport)
  const { call, post, put, patch, remove, get } = createRequests(() => h.base)
  const count = () => h.emulator.cci.imageSnapshots.list().length

  describe('create (POST, CCI-11..18)', () => {
    test('201 with the object as seed 000 shows it: Creating, the finalizer, the tenant labels, autoCreateEIPAttribute {}', async () => {
      const response = await post({ ...snapshot('snap-1', { ttlDaysAfterCreated: 1 }), status: { phase: 'Available', snapshotID: 'x' } })
      expect(response.status).toBe(201)
      expect(response.headers.get('content-type')).toBe('application/json')
      const created = await readJson(response)
      expect(created).toEqual({
        apiVersion: 'cci/v2',
        kind: 'ImageSnapshot',
        metadata: {
          annotations: { 'tenant.cci.io/tenant-id': seedProject },
          creationTimestamp: '2026-01-01T00:00:00Z',
          finalizers: [finalizer],
          labels: tenantLabels,
          name: 'snap-1',
          resourceVersion: '1',
          uid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        },
        // CCI-17: the defaults (timeoutMinutes 1440...) are not written; ttlDaysAfterCreated kept as sent.
        spec: { buildingConfig: { autoCreateEIPAttribute: {}, namespace: 'ns-a' }, images: [{ image: 'nginx:latest' }], ttlDaysAfterCreated: 1 },
        // CCI-14: the client's status is ignored.
        status: { phase: 'Creating' },
      })
      // The seed example's key order: every level alphabetical, labels included.
      expect(Object.keys(created)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status'])
      expect(Object.keys(created.metadata)).toEqual(['annotations', 'creationTimestamp', 'finalizers', 'labels', 'name', 'resourceVersion', 'uid'])
      // CCI-3: no generation.
      expect(created.metadata.generation).toBeUndefined()
    })

    test('CCI-15/16: the finalizer is appended once after the client’s; server tenant values override the client’s', async () => {
      const created = await readJson(
        await post(
          snapshot('snap-2', {}, {
            finalizers: ['example.com/keep'],
            labels: { app: 'web', 'tenant.cci.io/tenant-id': 'forged' },
            namespace: 'ignored',
          }),
        ),
      )
      expect(created.metadata.finalizers).toEqual(['example.com/keep', finalizer])
      expect(created.metadata.labels).toEqual({ app: 'web', ...tenantLabels })
      // CCI-1: cluster-scoped, a body namespace is dropped.
      expect(created.metadata.namespace).toBeUndefined()
    })

    test('CCI-13: apiVersion and kind may be absent; another apiVersion or kind is 400', async () => {
      const { apiVersion: _a, kind: _k, ...bare } = snapshot('bare')
      expect((await post(bare)).status).toBe(201)
      const wrongVersion = await post({ ...snapshot('v1'), apiVersion: 'cci/v1' })
      expect(wrongVersion.status).toBe(400)
      expect(await readJson(wrongVersion)).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the API version in the data (cci/v1) does not match the expected API version (cci/v2)',
        reason: 'BadRequest',
        code: 400,
      })
      const wrongKind = await post({ ...snapshot('k'), kind: 'ImageCache' })
      expect(wrongKind.status).toBe(400)
    })

    test('CCI-18: generateName draws a seeded suffix; 409 AlreadyExists on a taken name (CCI-12)', async () => {
      const generated = await readJson(await post({ ...snapshot(''), metadata: { generateName: 'snap-' } }))
      expect(generated.metadata.name).toMatch(/^snap-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
      await post(snapshot('taken'))
      const again = await post(snapshot('taken'))
      expect(again.status).toBe(409)
      expect(await readJson(again)).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'imagesnapshots.cci "taken" already exists',
        reason: 'AlreadyExists',
        details: { name: 'taken', group: 'cci', kind: 'imagesnapshots' },
        code: 409,
      })
    })

    test('dryRun=All answers 201 without storing anything (K-18)', async () => {
      const dry = await post(snapshot('dry'), '?dryRun=All')
      expect(dry.status).toBe(201)
      const body = await readJson(dry)
      expect(body.status).toEqual({ phase: 'Creating' })
      expect(body.metadata.resourceVersion).toBeUndefined()
      expect((await get('dry')).status).toBe(404)
    })
  })

  describe('422 Invalid: one cause per bad field (cci.md §6)', () => {
    const invalid = async (body: unknown) => {
      const response = await post(body)
      expect(response.status).toBe(422)
      const status = await readJson(response)
      expect(status).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Invalid', code: 422 })
      expect(status.details.group).toBe('cci')
      expect(status.details.kind).toBe('ImageSnapshot')
      return status
    }
    const causesOf = async (body: unknown) => (await invalid(body)).details.causes

    test('CCI-12/20: the message names ImageSnapshot.cci and the one bad field', async () => {
      const status = await invalid(snapshot('snap-1', { images: [] }))
      expect(status.message).toBe('ImageSnapshot.cci "snap-1" is invalid: spec.images: Required value')
      expect(status.details).toEqual({
        name: 'snap-1',
        group: 'cci',
        kind: 'ImageSnapshot',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.images' }],
      })
    })

    test('CCI-19: metadata.name is a DNS-1123 subdomain; name or generateName is required', async () => {
      expect(await causesOf(snapshot('Snap_1'))).toEqual([
        {
          reason: 'FieldValueInvalid',
          message:
            "Invalid value: \"Snap_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
          field: 'metadata.name',
        },
      ])
      expect(await causesOf({ ...snapshot(''), metadata: {} })).toEqual([
        { reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' },
      ])
    })

    test('CCI-20/27: no spec → images and the building namespace are required', async () => {
      const causes = await causesOf({ metadata: { name: 'empty' } })
      expect(causes).toEqual([
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.buildingConfig.namespace' },
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.images' },
      ])
    })

    test('CCI-21/24: at most 10 images and 10 registries (seed)', async () => {
      const images = Array.from({ length: 11 }, (_, i) => ({ image: `nginx:1.${i}` }))
      const registries = Array.from({ length: 11 }, (_, i) => ({ server: `registry-${i}.example.com` }))
      expect(await causesOf(snapshot('many', { images, registries }))).toEqual([
        { reason: 'FieldValueTooMany', message: 'Too many: 11: must have at most 10 items', field: 'spec.images' },
        { reason: 'FieldValueTooMany', message: 'Too many: 11: must have at most 10 items', field: 'spec.registries' },
      ])
      const ten = Array.from({ length: 10 }, (_, i) => ({ image: `nginx:1.${i}` }))
      expect((await post(snapshot('ten', { images: ten }))).status).toBe(201)
    })

    test('CCI-22/23: each image is required and a valid reference', async () => {
      expect(await causesOf(snapshot('img', { images: [{ image: '' }, {}, { image: 'Nginx:Latest' }, { image: 'swr.cn-east-3.myhuaweicloud.com/team-a/api:v1' }] }))).toEqual([
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.images[0].image' },
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.images[1].image' },
        { reason: 'FieldValueInvalid', message: 'Invalid value: "Nginx:Latest": invalid reference format', field: 'spec.images[2].image' },
      ])
    })

    test('CCI-25/26: a registry needs a server, without a scheme', async () => {
      expect(await causesOf(snapshot('reg', { registries: [{ imagePullSecret: 's' }, { server: 'https://swr.example.com' }, { server: 'swr.example.com' }] }))).toEqual([
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.registries[0].server' },
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: "https://swr.example.com": must not include a scheme (http:// or https://)',
          field: 'spec.registries[1].server',
        },
      ])
    })

    test('CCI-27/28: the building namespace is required and a DNS-1123 label', async () => {
      expect(await causesOf(snapshot('ns', { buildingConfig: { namespace: '' } }))).toEqual([
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.buildingConfig.namespace' },
      ])
      expect(await causesOf(snapshot('ns', { buildingConfig: { namespace: 'team.a' } }))).toEqual([
        { reason: 'FieldValueInvalid', message: 'Invalid value: "team.a": must not contain dots', field: 'spec.buildingConfig.namespace' },
      ])
    })

    test('CCI-29/30/31: timeoutMinutes in [30, 10080], ttlDaysAfterCreated ≥ 0, imageSnapshotSize > 0', async () => {
      expect(await causesOf(snapshot('range', { buildingConfig: { namespace: 'ns-a', timeoutMinutes: 29 }, ttlDaysAfterCreated: -1, imageSnapshotSize: 0 }))).toEqual([
        { reason: 'FieldValueInvalid', message: 'Invalid value: 29: must be between 30 and 10080', field: 'spec.buildingConfig.timeoutMinutes' },
        { reason: 'FieldValueInvalid', message: 'Invalid value: 0: must be greater than 0', field: 'spec.imageSnapshotSize' },
        { reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.ttlDaysAfterCreated' },
      ])
      expect(await causesOf(snapshot('range', { buildingConfig: { namespace: 'ns-a', timeoutMinutes: 10081 } }))).toEqual([
        { reason: 'FieldValueInvalid', message: 'Invalid value: 10081: must be between 30 and 10080', field: 'spec.buildingConfig.timeoutMinutes' },
      ])
      const bounds = await post(snapshot('bounds', { buildingConfig: { namespace: 'ns-a', timeoutMinutes: 30 }, ttlDaysAfterCreated: 0, imageSnapshotSize: 1 }))
      expect(bounds.status).toBe(201)
    })

    test('CCI-32: EIP attributes and DNS servers', async () => {
      const buildingConfig = {
        namespace: 'ns-a',
        autoCreateEIP: true,
        autoCreateEIPAttribute: { bandwidthChargeMode: 'monthly', bandwidthSize: 0, ipVersion: 5, type: '5_bgp' },
        dnsServers: ['10.0.0.1', 'dns.example.com', '2001:db8::1'],
      }
      expect(await causesOf(snapshot('eip', { buildingConfig }))).toEqual([
        { reason: 'FieldValueNotSupported', message: 'Unsupported value: "monthly": supported values: "bandwidth", "traffic"', field: 'spec.buildingConfig.autoCreateEIPAttribute.bandwidthChargeMode' },
        { reason: 'FieldValueInvalid', message: 'Invalid value: 0: must be greater than or equal to 1', field: 'spec.buildingConfig.autoCreateEIPAttribute.bandwidthSize' },
        { reason: 'FieldValueNotSupported', message: 'Unsupported value: 5: supported values: "4", "6"', field: 'spec.buildingConfig.autoCreateEIPAttribute.ipVersion' },
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: "dns.example.com": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
          field: 'spec.buildingConfig.dnsServers[1]',
        },
      ])
    })

    test('CCI-33: every violation in one answer, metadata first; the store is unchanged', async () => {
      const status = await invalid({
        metadata: { name: 'bad', labels: { 'a b': 'x' } },
        spec: { buildingConfig: { namespace: 'NS', timeoutMinutes: 1 }, images: [{ image: '' }], registries: [{}], ttlDaysAfterCreated: -2 },
      })
      expect(status.details.causes.map((c: { field: string }) => c.field)).toEqual([
        'metadata.labels',
        'spec.buildingConfig.namespace',
        'spec.buildingConfig.timeoutMinutes',
        'spec.images[0].image',
        'spec.registries[0].server',
        'spec.ttlDaysAfterCreated',
      ])
      expect(status.message).toMatch(/^ImageSnapshot\.cci "bad" is invalid: \[metadata\.labels: /)
      expect(count()).toBe(0)
      expect(h.emulator.store.resourceVersion()).toBe(0)
    })
  })

  test('__proto__ and constructor keys stay data: refused as label keys, dropped as unknown spec fields, nothing polluted', async () => {
    const spec = '"buildingConfig":{"namespace":"ns-a","__proto__":{"polluted":"yes"}},"images":[{"image":"nginx","__proto__":{"polluted":"yes"}}]'
    const label = await post(`{"metadata":{"name":"p1","labels":{"__proto__":"x"}},"spec":{${spec}}}`)
    expect(label.status).toBe(422)
    expect((await readJson(label)).details.causes[0].field).toBe('metadata.labels')
    const created = await post(`{"metadata":{"name":"p2","annotations":{"constructor":"x"}},"spec":{${spec},"__proto__":{"polluted":"yes"}},"status":{"__proto__":{"polluted":"yes"}}}`)
    expect(created.status).toBe(201)
    // K-20: the default fieldValidation (Warn) drops unknown fields with one warning each.
    expect(created.headers.get('warning')).toContain('unknown field \\"spec.__proto__\\"')
    const body = await readJson(created)
    expect(body.metadata.annotations.constructor).toBe('x')
    expect(body.spec).toEqual({ buildingConfig: { autoCreateEIPAttribute: {}, namespace: 'ns-a' }, images: [{ image: 'nginx' }] })
    await h.emulator.clock.advance('90s')
    expect((await readJson(await get('p2'))).status.phase).toBe('Available')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  describe('400 BadRequest (CCI-10, K-14)', () => {
    test('a string or a fraction where an Integer is expected, a number where a string is', async () => {
      const text = async (body: unknown) => {
        const response = await post(body)
        expect(response.status).toBe(400)
        const status = await readJson(response)
        expect(status.reason).toBe('BadRequest')
        return status.message
      }
      expect(await text(snapshot('t', { ttlDaysAfterCreated: '1' }))).toBe(
        'ImageSnapshot in version "v2" cannot be handled as a ImageSnapshot: json: cannot unmarshal string into Go struct field ImageSnapshotSpec.spec.ttlDaysAfterCreated of type int32',
      )
      expect(await text(snapshot('t', { buildingConfig: { namespace: 'ns-a', timeoutMinutes: 60.5 } }))).toBe(
        'ImageSnapshot in version "v2" cannot be handled as a ImageSnapshot: json: cannot unmarshal number 60.5 into Go struct field BuildingConfig.spec.buildingConfig.timeoutMinutes of type int32',
      )
      expect(await text(snapshot('t', { images: [{ image: 7 }] }))).toBe(
        'ImageSnapshot in version "v2" cannot be handled as a ImageSnapshot: json: cannot unmarshal number into Go struct field ImageReference.spec.images.image of type string',
      )
      expect(await text(snapshot('t', { imageSnapshotSize: 2 ** 31 }))).toMatch(/cannot unmarshal number 2147483648 into Go struct field ImageSnapshotSpec\.spec\.imageSnapshotSize of type int32$/)
    })

    test('malformed JSON, a body that is not an object', async () => {
      const malformed = await post('{"metadata":')
      expect(malformed.status).toBe(400)
      expect((await readJson(malformed)).message).toMatch(/^the object provided is unrecognized \(must be of type ImageSnapshot\): /)
      expect((await post('[]')).status).toBe(400)
    })

    test('PUT with a body name other than the URL’s; bad selectors; a bad resourceVersion', async () => {
      await post(snapshot('snap-1'))
      const mismatch = await put('snap-1', snapshot('snap-2'))
      expect(mismatch.status).toBe(400)
      expect((await readJson(mismatch)).message).toBe('the name of the object (snap-2) does not match the name on the URL (snap-1)')
      expect((await call(`${snapshots}?labelSelector=a%20b`)).status).toBe(400)
      const field = await call(`${snapshots}?fieldSelector=status.phase%3DAvailable`)
      expect(field.status).toBe(400)
      expect((await readJson(field)).message).toBe('"status.phase" is not a known field selector: only "metadata.name", "metadata.namespace"')
      expect((await call(`${snapshots}?resourceVersion=abc`)).status).toBe(400)
    })
  })

  describe('get and list', () => {
    test('get: 200 with the object; 404 NotFound names imagesnapshots.cci (CCI-12)', async () => {
      const created = await readJson(await post(snapshot('snap-1')))
      const found = await get('snap-1')
      expect(found.status).toBe(200)
      expect(await readJson(found)).toEqual(created)
      const missing = await get('nope')
      expect(missing.status).toBe(404)
      expect(await missing.text()).toBe(
        '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"imagesnapshots.cci \\"nope\\" not found","reason":"NotFound","details":{"name":"nope","group":"cci","kind":"imagesnapshots"},"code":404}\n',
      )
    })

    test('list: ImageSnapshotList, items with kind and apiVersion, in name order, label and field selectors (K-23, K-27)', async () => {
      await post(snapshot('snap-b', {}, { labels: { app: 'db' } }))
      await post(snapshot('snap-a', {}, { labels: { app: 'web' } }))
      const all = await readJson(await call(snapshots))
      expect(all.kind).toBe('ImageSnapshotList')
      expect(all.apiVersion).toBe('cci/v2')
      expect(all.metadata).toEqual({ resourceVersion: '2' })
      expect(all.items.map((i: any) => i.metadata.name)).toEqual(['snap-a', 'snap-b'])
      expect(all.items[0].kind).toBe('ImageSnapshot')
      expect(all.items[0].apiVersion).toBe('cci/v2')
      const web = await readJson(await call(`${snapshots}?labelSelector=app%3Dweb`))
      expect(web.items.map((i: any) => i.metadata.name)).toEqual(['snap-a'])
      // The tenant labels select a project's snapshots.
      const tenant = await readJson(await call(`${snapshots}?labelSelector=${encodeURIComponent(`tenant.cci.io/tenant-id=${seedProject}`)}`))
      expect(tenant.items).toHaveLength(2)
      const byName = await readJson(await call(`${snapshots}?fieldSelector=metadata.name%3Dsnap-b`))
      expect(byName.items.map((i: any) => i.metadata.name)).toEqual(['snap-b'])
      const empty = await readJson(await call(`${snapshots}?labelSelector=app%3Dnone`))
      expect(empty.items).toEqual([])
    })

    test('limit and continue page through the list (K-26)', async () => {
      for (const name of ['s-1', 's-2', 's-3']) await post(snapshot(name))
      const first = await readJson(await call(`${snapshots}?limit=2`))
      expect(first.items.map((i: any) => i.metadata.name)).toEqual(['s-1', 's-2'])
      expect(first.metadata.remainingItemCount).toBe(1)
      const second = await readJson(await call(`${snapshots}?limit=2&continue=${first.metadata.continue}`))
      expect(second.items.map((i: any) => i.metadata.name)).toEqual(['s-3'])
      expect(second.metadata.continue).toBeUndefined()
    })

    test('Table: Name, Phase, Age; Snapshot ID and Expire Time for -o wide (CCI-53)', async () => {
      await post(snapshot('snap-1', { ttlDaysAfterCreated: 7 }))
      await h.emulator.clock.advance('95s')
      const table = await readJson(await call(snapshots, { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } }))
      expect(table.kind).toBe('Table')
      expect(table.apiVersion).toBe('meta.k8s.io/v1')
      expect(table.columnDefinitions.map((c: any) => [c.name, c.type, c.format, c.priority])).toEqual([
        ['Name', 'string', 'name', 0],
        ['Phase', 'string', '', 0],
        ['Age', 'string', '', 0],
        ['Snapshot ID', 'string', '', 1],
        ['Expire Time', 'string', '', 1],
      ])
      const snapshotID = (await readJson(await get('snap-1'))).status.snapshotID
      expect(table.rows).toHaveLength(1)
      expect(table.rows[0].cells).toEqual(['snap-1', 'Available', '95s', snapshotID, '2026-01-08T00:00:00Z'])
      expect(table.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'snap-1' } })
      const one = await readJson(await get('snap-1', { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } }))
      expect(one.rows[0].cells.slice(0, 3)).toEqual(['snap-1', 'Available', '95s'])
    })
  })

  describe('replace (PUT) and patch (CCI-34..38)', () => {
    test('PUT changes labels and annotations: 200 with a new resourceVersion; without resourceVersion it is unconditional (CCI-37)', async () => {
      const created = await readJson(await post(snapshot('snap-1')))
      const updated = await put('snap-1', { ...created, metadata: { ...created.metadata, labels: { ...created.metadata.labels, tier: 'gold' } } })
      expect(updated.status).toBe(200)
      const body = await readJson(updated)
      expect(body.metadata.labels.tier).toBe('gold')
      expect(Number(body.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion))
      const { resourceVersion: _rv, ...withoutRv } = body.metadata
      const unconditional = await put('snap-1', { ...body, metadata: { ...withoutRv, annotations: { ...body.metadata.annotations, note: 'x' } } })
      expect(unconditional.status).toBe(200)
      expect((await readJson(unconditional)).metadata.annotations.note).toBe('x')
    })

    test('409 Conflict on a stale resourceVersion (CCI-37)', async () => {
      const created = await readJson(await post(snapshot('snap-1')))
      await patch('snap-1', 'application/merge-patch+json', { metadata: { labels: { v: '2' } } })
      const stale = await put('snap-1', { ...created, metadata: { ...created.metadata, labels: { v: '3' } } })
      expect(stale.status).toBe(409)
      expect(await readJson(stale)).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'Operation cannot be fulfilled on imagesnapshots.cci "snap-1": the object has been modified; please apply your changes to the latest version and try again',
        reason: 'Conflict',
        details: { name: 'snap-1', group: 'cci', kind: 'imagesnapshots' },
        code: 409,
      })
    })

    test('CCI-34: a spec change is 422 with one Forbidden cause on spec, through PUT and every patch type', async () => {
      const created = await readJson(await post(snapshot('snap-1')))
      const forbidden = {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'ImageSnapshot.cci "snap-1" is invalid: spec: Forbidden: updates to imagesnapshot spec are forbidden',
        reason: 'Invalid',
        details: {
          name: 'snap-1',
          group: 'cci',
          kind: 'ImageSnapshot',
          causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: updates to imagesnapshot spec are forbidden', field: 'spec' }],
        },
        code: 422,
      }
      const viaPut = await put('snap-1', { ...created, spec: { ...created.spec, ttlDaysAfterCreated: 3 } })
      expect(viaPut.status).toBe(422)
      expect(await readJson(viaPut)).toEqual(forbidden)
      const viaJson = await patch('snap-1', 'application/json-patch+json', [{ op: 'add', path: '/spec/images/-', value: { image: 'redis:7' } }])
      expect(await readJson(viaJson)).toEqual(forbidden)
      const viaMerge = await patch('snap-1', 'application/merge-patch+json', { spec: { imageSnapshotSize: 40 } })
      expect(await readJson(viaMerge)).toEqual(forbidden)
      const viaStrategic = await patch('snap-1', 'application/strategic-merge-patch+json', { spec: { images: [{ image: 'redis:7' }] } })
      expect(await readJson(viaStrategic)).toEqual(forbidden)
      expect(await readJson(await get('snap-1'))).toEqual(created)
    })

    test('CCI-35: a client status is ignored, so a status-only change is a no-op with the same resourceVersion', async () => {
      const created = await readJson(await post(snapshot('snap-1')))
      const viaPut = await readJson(await put('snap-1', { ...created, status: { phase: 'Available' } }))
      expect(viaPut.status).toEqual({ phase: 'Creating' })
      expect(viaPut.metadata.resourceVersion).toBe(created.metadata.resourceVersion)
      const viaPatch = await readJson(await patch('snap-1', 'application/merge-patch+json', { status: { phase: 'Unavailable', reason: 'X' } }))
      expect(viaPatch.status).toEqual({ phase: 'Creating' })
      expect(viaPatch.metadata.resourceVersion).toBe(created.metadata.resourceVersion)
    })

    test('CCI-38: json, merge, strategic and apply patches of labels; a failed json-patch test is 422', async () => {
      await post(snapshot('snap-1', {}, { labels: { app: 'web' } }))
      const json = await patch('snap-1', 'application/json-patch+json', [{ op: 'add', path: '/metadata/labels/tier', value: 'gold' }])
      expect(json.status).toBe(200)
      expect((await readJson(json)).metadata.labels).toEqual({ app: 'web', tier: 'gold', ...tenantLabels })
      const merge = await readJson(await patch('snap-1', 'application/merge-patch+json', { metadata: { labels: { app: null } } }))
      expect(merge.metadata.labels).toEqual({ tier: 'gold', ...tenantLabels })
      const strategic = await readJson(await patch('snap-1', 'application/strategic-merge-patch+json; charset=utf-8', { metadata: { annotations: { note: 'x' } } }))
      expect(strategic.metadata.annotations).toEqual({ note: 'x', 'tenant.cci.io/tenant-id': seedProject })
      const apply = await call(`${snapshots}/snap-1?fieldManager=ops`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/apply-patch+yaml' },
        body: 'apiVersion: cci/v2\nkind: ImageSnapshot\nmetadata:\n  name: snap-1\n  labels:\n    owner: ops\n',
      })
      expect(apply.status).toBe(200)
      expect((await readJson(apply)).metadata.labels.owner).toBe('ops')
      const failedTest = await patch('snap-1', 'application/json-patch+json', [{ op: 'test', path: '/status/phase', value: 'Available' }])
      expect(failedTest.status).toBe(422)
    })

    test('415 for an unsupported patch type or a non-JSON body (K-14, K-16)', async () => {
      await post(snapshot('snap-1'))
      const unsupported = await patch('snap-1', 'text/plain', {})
      expect(unsupported.status).toBe(415)
      expect(await readJson(unsupported)).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
        reason: 'UnsupportedMediaType',
        code: 415,
      })
      const form = await call(snapshots, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=snap-2' })
      expect(form.status).toBe(415)
      expect((await readJson(form)).reason).toBe('UnsupportedMediaType')
      const putText = await call(`${snapshots}/snap-1`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: '{}' })
      expect(putText.status).toBe(415)
    })

    test('PUT or PATCH of a missing name is 404, never a create (CCI-37)', async () => {
      const viaPut = await put('ghost', snapshot('ghost'))
      expect(viaPut.status).toBe(404)
      expect((await readJson(viaPut)).message).toBe('imagesnapshots.cci "ghost" not found')
      expect((await patch('ghost', 'application/merge-patch+json', {})).status).toBe(404)
      expect(count()).toBe(0)
    })
  })

  describe('delete (seed 000, CCI-39..42)', () => {
    test('CCI-39: 200 with the object, deletionTimestamp now, deletionGracePeriodSeconds 0, phase unchanged, finalizer kept', async () => {
      const created = await readJson(await post(snapshot('snap-1')))
      await h.emulator.clock.advance('21s')
      const response = await remove('snap-1', { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Foreground', gracePeriodSeconds: 30 })
      expect(response.status).toBe(200)
      const deleted = await readJson(response)
      expect(deleted).toEqual({
        ...created,
        metadata: {
          ...created.metadata,
          deletionGracePeriodSeconds: 0,
          deletionTimestamp: '2026-01-01T00:00:21Z',
          resourceVersion: '2',
        },
      })
      expect(Object.keys(deleted.metadata)).toEqual([
        'annotations',
        'creationTimestamp',
        'deletionGracePeriodSeconds',
        'deletionTimestamp',
        'finalizers',
        'labels',
        'name',
        'resourceVersion',
        'uid',
      ])
    })

    test('CCI-40: a second DELETE answers the object again and changes nothing; dryRun=All changes nothing', async () => {
      await post(snapshot('snap-1'))
      await post(snapshot('snap-2'))
      const dry = await remove('snap-2', undefined, '?dryRun=All')
      expect(dry.status).toBe(200)
      expect((await readJson(dry)).metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z')
      expect((await readJson(await get('snap-2'))).metadata.deletionTimestamp).toBeUndefined()
      const dryBody = await remove('snap-2', { dryRun: ['All'] })
      expect(dryBody.status).toBe(200)
      expect((await readJson(await get('snap-2'))).metadata.deletionTimestamp).toBeUndefined()

      const first = await readJson(await remove('snap-1'))
      await h.emulator.clock.advance('1s')
      const second = await remove('snap-1', { propagationPolicy: 'Background' })
      expect(second.status).toBe(200)
      const again = await readJson(second)
      expect(again.metadata.deletionTimestamp).toBe(first.metadata.deletionTimestamp)
    })

    test('202 Accepted with orphanDependents=false (seed status code, K-21)', async () => {
      await post(snapshot('snap-1'))
      const response = await remove('snap-1', { orphanDependents: false })
      expect(response.status).toBe(202)
      expect((await readJson(response)).metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z')
    })

    test('CCI-41: preconditions on uid and resourceVersion → 409 Conflict', async () => {
      const created = await readJson(await post(snapshot('snap-1')))
      const wrongUid = await remove('snap-1', { preconditions: { uid: 'other' } })
      expect(wrongUid.status).toBe(409)
      expect(await readJson(wrongUid)).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `Operation cannot be fulfilled on ImageSnapshot.cci "snap-1": the UID in the precondition (other) does not match the UID in record (${created.metadata.uid}). The object might have been deleted and then recreated`,
        reason: 'Conflict',
        details: { name: 'snap-1', group: 'cci', kind: 'ImageSnapshot' },
        code: 409,
      })
      const wrongRv = await remove('snap-1', { preconditions: { resourceVersion: '99' } })
      expect(wrongRv.status).toBe(409)
      expect((await readJson(wrongRv)).message).toBe(
        'Operation cannot be fulfilled on ImageSnapshot.cci "snap-1": the ResourceVersion in the precondition (99) does not match the ResourceVersion in record (1). The object might have been modified',
      )
      const matching = await remove('snap-1', { preconditions: { uid: created.metadata.uid, resourceVersion: '1' } })
      expect(matching.status).toBe(200)
    })

    test('CCI-6: bad DeleteOptions: an unknown propagationPolicy or both policy fields → 422; an undecodable body → 400', async () => {
      await post(snapshot('snap-1'))
      const policy = await remove('snap-1', { propagationPolicy: 'Sideways' })
      expect(policy.status).toBe(422)
      expect((await readJson(policy)).message).toBe(
        'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"',
      )
      expect((await remove('snap-1', { propagationPolicy: 'Orphan', orphanDependents: true })).status).toBe(422)
      expect((await remove('snap-1', { gracePeriodSeconds: 'soon' })).status).toBe(400)
      expect((await remove('snap-1', '{"dryRun":')).status).toBe(400)
      expect((await readJson(await get('snap-1'))).metadata.deletionTimestamp).toBeUndefined()
    })

    test('CCI-36: removing the finalizer of a deleting object removes it at once', async () => {
      await post(snapshot('snap-1'))
      await remove('snap-1')
      const released = await patch('snap-1', 'application/json-patch+json', [{ op: 'remove', path: '/metadata/finalizers' }])
      expect(released.status).toBe(200)
      expect((await get('snap-1')).status).toBe(404)
    })

    test('delete of a missing name is 404', async () => {
      const missing = await remove('ghost')
      expect(missing.status).toBe(404)
      expect((await readJson(missing)).message).toBe('imagesnapshots.cci "ghost" not found')
    })

    test('CCI-42: deletecollection marks each selected object and lists them as they were', async () => {
      await post(snapshot('snap-a', {}, { labels: { batch: 'x' } }))
      await post(snapshot('snap-b', {}, { labels: { batch: 'x' } }))
      await post(snapshot('snap-c'))
      const response = await call(`${snapshots}?labelSelector=batch%3Dx`, { method: 'DELETE' })
      expect(response.status).toBe(200)
      const body = await readJson(response)
      expect(body.kind).toBe('ImageSnapshotList')
      expect(body.items.map((i: any) => [i.metadata.name, i.metadata.deletionTimestamp])).toEqual([
        ['snap-a', undefined],
        ['snap-b', undefined],
      ])
      const after = await readJson(await call(snapshots))
      expect(after.items.map((i: any) => [i.metadata.name, Boolean(i.metadata.deletionTimestamp)])).toEqual([
        ['snap-a', true],
        ['snap-b', true],
        ['snap-c', false],
      ])
      await h.emulator.clock.advance('5s')
      const left = await readJson(await call(snapshots))
      expect(left.items.map((i: any) => i.metadata.name)).toEqual(['snap-c'])
    })
  })

  describe('watch (K-28..K-31)', () => {
    test('both path forms replay from a resourceVersion, in order, each event with its own resourceVersion', async () => {
      const first = await readJson(await post(snapshot('snap-1')))
      await post(snapshot('snap-2'))
      await patch('snap-2', 'application/merge-patch+json', { metadata: { labels: { v: '2' } } })
      await remove('snap-2')
      const query = await call(`${snapshots}?watch=true&resourceVersion=${first.metadata.resourceVersion}&timeoutSeconds=5`)
      expect(query.status).toBe(200)
      expect(query.headers.get('content-type')).toBe('application/json')
      const events = await readEvents(query, 3)
      expect(events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`)).toEqual([
        'ADDED snap-2 2',
        'MODIFIED snap-2 3',
        'MODIFIED snap-2 4',
      ])
      expect(events[0].object.kind).toBe('ImageSnapshot')
      expect(events[0].object.apiVersion).toBe('cci/v2')
      expect(events[2].object.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z')

      const pathForm = await call(`${watchSnapshots}?resourceVersion=${first.metadata.resourceVersion}&timeoutSeconds=5`)
      expect((await readEvents(pathForm, 3)).map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'MODIFIED'])
      const named = await call(`${watchSnapshots}/snap-1?timeoutSeconds=5`)
      expect((await readEvents(named, 1)).map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED snap-1'])
      const conflicting = await call(`${watchSnapshots}/snap-1?fieldSelector=metadata.name%3Dsnap-2`)
      expect(conflicting.status).toBe(400)
    })

    test('a live watch with a label selector sees the writes of other requests', async () => {
      const watch = watchEvents(await call(`${snapshots}?watch=1&labelSelector=app%3Dweb&timeoutSeconds=60`))
      await post(snapshot('snap-1', {}, { labels: { app: 'web' } }))
      await post(snapshot('snap-2', {}, { labels: { app: 'db' } }))
      await patch('snap-1', 'application/merge-patch+json', { metadata: { labels: { app: 'api' } } })
      const events = await watch.until(2)
      expect(events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.metadata.labels.app}`)).toEqual(['ADDED snap-1 web', 'DELETED snap-1 web'])
      await watch.stop()
    })

    test('a watch from a compacted resourceVersion is one ERROR 410 event (K-30)', async () => {
      for (const name of ['s-1', 's-2', 's-3']) await post(snapshot(name))
      h.emulator.store.events.compact(2)
      const events = await readEvents(await call(`${snapshots}?watch=true&resourceVersion=1`), 2)
      expect(events).toEqual([
        { type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 1 (2)', reason: 'Expired', code: 410 } },
      ])
    })
  })

  describe('routes, negotiation and discovery', () => {
    test('405 for POST on an item, PUT or PATCH on the collection, a write on the watch path', async () => {
      await post(snapshot('snap-1'))
      for (const [method, path] of [
        ['POST', `${snapshots}/snap-1`],
        ['PUT', snapshots],
        ['PATCH', snapshots],
        ['DELETE', `${watchSnapshots}/snap-1`],
      ] as const) {
        const response = await call(path, { method, headers: { 'content-type': 'application/merge-patch+json' }, body: '{}' })
        expect(response.status, `${method} ${path}`).toBe(405)
        expect(await readJson(response)).toEqual({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'the server does not allow this method on the requested resource',
          reason: 'MethodNotAllowed',
          details: {},
          code: 405,
        })
      }
    })

    test('406 when only protobuf is acceptable; JSON for application/json, */* or no Accept (K-35)', async () => {
      await post(snapshot('snap-1'))
      const protobuf = await get('snap-1', { headers: { accept: 'application/vnd.kubernetes.protobuf' } })
      expect(protobuf.status).toBe(406)
      expect((await readJson(protobuf)).reason).toBe('NotAcceptable')
      expect((await call(snapshots, { headers: { accept: 'application/vnd.kubernetes.protobuf;stream=watch' } })).status).toBe(406)
      for (const accept of ['application/json', 'application/vnd.kubernetes.protobuf,*/*', 'application/json, */*;q=0.8']) {
        const response = await get('snap-1', { headers: { accept } })
        expect(response.status, accept).toBe(200)
      }
    })

    test('CCI-2: no status subresource; unknown resources of the group are 404', async () => {
      await post(snapshot('snap-1'))
      for (const path of [`${snapshots}/snap-1/status`, '/apis/cci/v2/imagecaches']) {
        const response = await call(path)
        expect(response.status, path).toBe(404)
        expect((await readJson(response)).message).toBe('the server could not find the requested resource')
      }
      const put = await call(`${snapshots}/snap-1/status`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(snapshot('snap-1')) })
      expect(put.status).toBe(404)
    })

    test('CCI-52: discovery lists the cci group and the imagesnapshots resource, no status subresource', async () => {
      const groups = await readJson(await call('/apis'))
      expect(groups.groups).toContainEqual({
        name: 'cci',
        versions: [{ groupVersion: 'cci/v2', version: 'v2' }],
        preferredVersion: { groupVersion: 'cci/v2', version: 'v2' },
      })
      const group = await readJson(await call('/apis/cci'))
      expect(group).toMatchObject({ kind: 'APIGroup', name: 'cci', preferredVersion: { groupVersion: 'cci/v2', version: 'v2' } })
      const resources = await readJson(await call('/apis/cci/v2'))
      expect(resources).toEqual({
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: 'cci/v2',
        resources: [
          {
            name: 'imagesnapshots',
            singularName: 'imagesnapshot',
            namespaced: false,
            kind: 'ImageSnapshot',
            verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
          },
        ],
      })
    })
  })
})
