// Random requests for the property-based fuzzing: methods, paths, query strings, headers and bodies
// that mix what real clients send with what no client should (deep nesting, huge strings, invalid
// UTF-8, __proto__/constructor/prototype keys), aimed at one API at a time.
import fc from 'fast-check'
import openshiftImages from '../../fixtures/openshift-images.json' with { type: 'json' }
import cciSnapshots from '../../fixtures/cci-snapshots.json' with { type: 'json' }
import glanceImages from '../../fixtures/glance-images.json' with { type: 'json' }

export type FuzzedApi = 'openshift' | 'cci' | 'glance'

export interface FuzzRequest {
  method: string
  /** Path and query, as sent. */
  target: string
  headers: Array<[string, string]>
  body: string | Uint8Array | undefined
}

/** Identities of the fuzzed emulator (auth: tokens), so every auth path is reachable. */
export const fuzzTokens = {
  'admin-token': { user: 'admin', project: 'admin-project', admin: true },
  'alice-token': { user: 'alice', project: '3a9a3a792b024d509d3852022b9f8436' },
  'bob-token': { user: 'bob', project: 'project-bob' },
  'viewer-token': { user: 'viewer', project: 'project-bob', verbs: ['get', 'list', 'watch'] },
}

const openshiftNames = openshiftImages.map((image) => image.metadata.name)
const cciNames = cciSnapshots.map((snapshot) => snapshot.metadata.name)
const glanceIds = glanceImages.images.map((image) => image.id)

const protoKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']

/** Strings that tend to break parsers and lookups. */
const nastyStrings = [
  '',
  ' ',
  ...protoKeys,
  'x'.repeat(64),
  'x'.repeat(254),
  'a'.repeat(300),
  '..',
  '.',
  '%',
  '%zz',
  '%00',
  '\u0000',
  '\ud800',
  '😀',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  'NaN',
  'true',
  'null',
  '*',
  '=',
  '!',
  ',',
  'in (',
  'a=b,c!=d',
  'metadata.name=x',
  'sha256:',
  `sha256:${'f'.repeat(64)}`,
  ...openshiftNames,
  ...cciNames,
  ...glanceIds,
]

const nasty = fc.constantFrom(...nastyStrings)

/** encodeURIComponent for any string: a lone surrogate goes out as U+FFFD, as a client's UTF-8 encoder sends it. */
function percentEncode(text: string): string {
  return encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'))
}
const anyText = fc.oneof(nasty, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }))
/** Printable ASCII: what a header value may hold. */
const headerText = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,60}$/)

function segment(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: nasty.map((s) => percentEncode(s)) },
    { weight: 1, arbitrary: anyText.map((s) => percentEncode(s)) },
    // Raw, possibly invalid percent escapes: the URL parser keeps them as they are.
    { weight: 1, arbitrary: fc.constantFrom('%zz', '%', '%2F', '%2e%2e', '%c3%28', '%ff', 'a%00b', '%E2%82') },
  )
}

function kubePath(api: 'openshift' | 'cci'): fc.Arbitrary<string> {
  const prefixes = api === 'openshift' ? ['/apis/image.openshift.io/v1', '/oapi/v1'] : ['/apis/cci/v2']
  const plural = api === 'openshift' ? 'images' : 'imagesnapshots'
  const names = api === 'openshift' ? openshiftNames : cciNames
  const name = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...names).map((n) => percentEncode(n)) },
    { weight: 2, arbitrary: segment() },
  )
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...prefixes),
          fc.nat({ max: 5 }).map((n) => n === 0),
          fc.option(name, { freq: 3, nil: undefined }),
          fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: segment() }),
        )
        .map(([prefix, watch, item, extra]) => [prefix, watch ? 'watch' : '', plural, item ?? '', item ? extra : ''].filter(Boolean).join('/')),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('/apis', '/api', '/version', '/openapi/v3', `/apis/${api === 'openshift' ? 'image.openshift.io' : 'cci'}`, ...prefixes, '/apis/cci/v2/', '/apis//cci/v2/imagesnapshots'),
    },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...prefixes), fc.array(segment(), { minLength: 1, maxLength: 4 })).map(([p, s]) => `${p}/${s.join('/')}`) },
  )
}

function glancePath(): fc.Arbitrary<string> {
  const id = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...glanceIds) }, { weight: 1, arbitrary: segment() })
  const sub = fc.oneof(
    fc.constant(''),
    fc.constantFrom('/file', '/stage', '/import', '/members', '/actions/deactivate', '/actions/reactivate', '/tasks'),
    segment().map((s) => `/tags/${s}`),
    fc.tuple(fc.constantFrom('/members/'), fc.oneof(fc.constantFrom('project-bob', 'admin-project'), segment())).map(([a, b]) => a + b),
  )
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom('/v2', '/v2.1', '/v2.17', '/v2.9'), id, sub).map(([v, i, s]) => `${v}/images/${i}${s}`) },
    { weight: 2, arbitrary: fc.constantFrom('/v2/images', '/v2.15/images', '/v2/images/') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('/', '/versions', '/v3/images', '/v2.8/images', '/v2/schemas/image', '/v2/schemas/images', '/v2/schemas/member', '/v2/schemas/members', '/v2/schemas/metadefs/namespace', '/v2/info/import', '/v2/info/stores', '/v2/schemas/__proto__'),
    },
    { weight: 1, arbitrary: fc.array(segment(), { minLength: 1, maxLength: 4 }).map((s) => `/v2/${s.join('/')}`) },
  )
}

const kubeQueryKeys = [
  'labelSelector',
  'fieldSelector',
  'limit',
  'continue',
  'resourceVersion',
  'resourceVersionMatch',
  'watch',
  'timeoutSeconds',
  'allowWatchBookmarks',
  'sendInitialEvents',
  'dryRun',
  'fieldManager',
  'fieldValidation',
  'force',
  'pretty',
  'gracePeriodSeconds',
  'propagationPolicy',
  'orphanDependents',
  'includeObject',
]

const glanceQueryKeys = [
  'limit',
  'marker',
  'sort',
  'sort_key',
  'sort_dir',
  'visibility',
  'member_status',
  'name',
  'status',
  'owner',
  'id',
  'size_min',
  'size_max',
  'tag',
  'created_at',
  'updated_at',
  'os_hidden',
  'protected',
  'changes-since',
  'container_format',
]

const queryValues = fc.oneof(
  nasty,
  fc.constantFrom('1', '2', '500', '1001', '-5', 'true', 'false', 'True', '1', 'All', 'Strict', 'Warn', 'Ignore', 'Exact', 'NotOlderThan', 'Table'),
  fc.constantFrom('app=web', 'app in (a,b)', '!app', 'app notin (x)', 'a>1', 'metadata.name!=x', 'spec.foo=1', 'eq:x', 'in:a,"b,c"', 'gte:2020-01-01T00:00:00Z', 'name:asc,status:desc', 'accepted', 'all', 'public', 'community'),
  fc.nat({ max: 100 }).map(String),
  anyText,
)

function query(api: FuzzedApi): fc.Arbitrary<string> {
  const keys = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...(api === 'glance' ? glanceQueryKeys : kubeQueryKeys)) }, { weight: 1, arbitrary: anyText })
  const pair = fc.tuple(keys, queryValues).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
  const raw = fc.constantFrom('a=%zz', '=', '&&', 'limit', '%', 'watch', 'watch=1&resourceVersion=0')
  return fc
    .array(fc.oneof({ weight: 6, arbitrary: pair }, { weight: 1, arbitrary: raw }), { maxLength: 4 })
    .map((pairs) => (pairs.length ? `?${pairs.join('&')}` : ''))
}

const contentTypes = [
  'application/json',
  'application/json; charset=utf-8',
  'application/yaml',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
  'application/openstack-images-v2.1-json-patch',
  'application/openstack-images-v2.0-json-patch',
  'application/octet-stream',
  'text/plain',
  'multipart/form-data; boundary=x',
  '*/*',
]

const accepts = [
  'application/json',
  '*/*',
  'text/html',
  'text/plain',
  'application/json, */*',
  'application/json;as=Table;v=v1;g=meta.k8s.io',
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
  'application/vnd.kubernetes.protobuf',
  'application/json;q=0, text/html;q=0',
  'image/png',
]

function headers(): fc.Arbitrary<Array<[string, string]>> {
  const token = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...Object.keys(fuzzTokens)) },
    { weight: 1, arbitrary: fc.constantFrom('unknown-token', '__proto__', 'constructor', 'toString', 'hasOwnProperty') },
  )
  const auth = fc.oneof(
    { weight: 1, arbitrary: fc.constant<Array<[string, string]>>([]) },
    { weight: 8, arbitrary: token.map((t): Array<[string, string]> => [['x-auth-token', t]]) },
    { weight: 4, arbitrary: token.map((t): Array<[string, string]> => [['authorization', `Bearer ${t}`]]) },
    { weight: 1, arbitrary: fc.constantFrom<Array<[string, string]>>([['authorization', 'Bearer']], [['authorization', 'Basic dXNlcjpwYXNz']], [['x-auth-token', ' ']]) },
  )
  const optional = fc.record(
    {
      'content-type': fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...contentTypes) }, { weight: 1, arbitrary: headerText }),
      accept: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('application/json', '*/*', 'application/json, */*;q=0.8') }, { weight: 3, arbitrary: fc.constantFrom(...accepts) }, { weight: 1, arbitrary: headerText }),
      'x-openstack-request-id': fc.oneof(headerText, fc.nat({ max: 70 }).map((n) => 'r'.repeat(n + 1))),
      range: fc.constantFrom('bytes=0-9', 'bytes=-5', 'bytes=100-', 'bytes=0-1,2-3', 'bytes=x', 'items=0-1'),
      'audit-id': headerText,
      'user-agent': fc.constantFrom('kubectl/v1.32.4 (linux/amd64)', 'curl/8.5.0', 'python-glanceclient', 'Mozilla/5.0', '__proto__/1'),
      'x-openstack-image-size': fc.constantFrom('0', '-1', '10', 'x'),
    },
    { requiredKeys: [] },
  )
  return fc.tuple(auth, optional).map(([a, o]) => [...a, ...(Object.entries(o) as Array<[string, string]>)])
}

const encoder = new TextEncoder()

/** Bytes that are not UTF-8, alone or inside an otherwise valid JSON document. */
const invalidUtf8 = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 64 }),
  fc.constantFrom(
    Uint8Array.of(0xff, 0xfe, 0xfd),
    Uint8Array.of(0xc3, 0x28),
    Uint8Array.of(0xe2, 0x82),
    new Uint8Array([...encoder.encode('{"metadata":{"name":"'), 0xff, 0xfe, ...encoder.encode('"}}')]),
    new Uint8Array([...encoder.encode('{"name":"'), 0xc0, 0xaf, ...encoder.encode('"}')]),
    new Uint8Array([...encoder.encode('[{"op":"replace","path":"/name","value":"'), 0xed, 0xa0, 0x80, ...encoder.encode('"}]')]),
  ),
)

const deepNesting = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom('array', 'object', 'metadata', 'labels'))
  .map(([depth, shape]) => {
    if (shape === 'array') return `${'['.repeat(depth)}${']'.repeat(depth)}`
    if (shape === 'object') return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
    if (shape === 'metadata') return `{"metadata":{"name":"deep","annotations":${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}}}`
    return `{"name":"deep","description":${'['.repeat(depth)}${']'.repeat(depth)}}`
  })

const hugeString = fc
  .tuple(fc.constantFrom(100_000, 1_000_000, 3 * 1024 * 1024 + 1), fc.constantFrom('kube', 'glance', 'label'))
  .map(([length, shape]) => {
    const big = 'x'.repeat(length)
    if (shape === 'kube') return `{"metadata":{"name":"huge"},"dockerImageReference":"${big}","spec":{"images":[{"image":"${big}"}]}}`
    if (shape === 'label') return `{"metadata":{"name":"huge","labels":{"a":"${big.slice(0, 70_000)}"},"annotations":{"b":"${big.slice(0, 300_000)}"}}}`
    return `{"name":"${big}","description":"${big}"}`
  })

const protoBodies = fc.constantFrom(
  '{"__proto__":{"polluted":"yes"},"metadata":{"name":"proto","labels":{"__proto__":"x"}},"dockerImageReference":"a"}',
  '{"constructor":{"prototype":{"polluted":"yes"}},"metadata":{"name":"proto"}}',
  '{"metadata":{"name":"proto","annotations":{"__proto__":"x","constructor":"y","prototype":"z"}},"dockerImageReference":"a"}',
  '{"metadata":{"__proto__":{"name":"evil"},"name":"proto"},"spec":{"__proto__":{"polluted":"yes"}}}',
  '{"name":"p","__proto__":"polluted","constructor":"c","prototype":"x"}',
  '{"name":"p","__proto__":{"polluted":"yes"}}',
  '[{"op":"add","path":"/__proto__/polluted","value":"yes"}]',
  '[{"op":"add","path":"/constructor/prototype/polluted","value":"yes"}]',
  '[{"op":"add","path":"/metadata/labels/__proto__","value":"yes"}]',
  '[{"op":"add","path":"/__proto__","value":"polluted"},{"op":"add","path":"/constructor","value":"c"}]',
  '[{"replace":"/__proto__","value":"x"}]',
  '{"metadata":{"labels":{"__proto__":{"polluted":"yes"},"constructor":"x"}}}',
  '{"__proto__":null}',
  '{"member":"__proto__"}',
  '{"status":"__proto__"}',
  '{"method":{"name":"__proto__"}}',
  'apiVersion: image.openshift.io/v1\nkind: Image\nmetadata:\n  name: proto\n  __proto__:\n    polluted: yes\n',
  'a: &a [*a]\n',
)

/** A body shaped like what the API expects, with one field replaced by something odd. */
function apiShapedBody(api: FuzzedApi): fc.Arbitrary<string> {
  const odd = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nasty)
  if (api === 'glance') {
    return fc.oneof(
      fc
        .tuple(fc.constantFrom('name', 'visibility', 'disk_format', 'container_format', 'min_ram', 'id', 'tags', 'protected', 'owner', 'os_distro', 'status', 'locations', 'os_glance_x', 'x'.repeat(256)), odd)
        .map(([key, value]) => JSON.stringify({ name: 'fuzz', disk_format: 'raw', container_format: 'bare', [key]: value })),
      fc
        .array(fc.tuple(fc.constantFrom('add', 'replace', 'remove', 'move', 'test', 'x'), fc.oneof(fc.constantFrom('/name', '/tags', '/visibility', '/os_distro', '/min_ram', '/owner', '/status', '/protected', '/locations', '/tags/-', '/a/b', '/~1x', ''), nasty.map((s) => `/${s}`)), odd), { maxLength: 4 })
        .map((ops) => JSON.stringify(ops.map(([op, path, value]) => ({ op, path, value })))),
      fc.tuple(fc.constantFrom('member', 'status', 'method'), odd).map(([key, value]) => JSON.stringify({ [key]: value })),
      fc.constantFrom('{"method":{"name":"web-download","uri":"http://example.invalid/x"}}', '{"method":{"name":"glance-direct"}}', '{"member":"project-bob"}', '{"status":"accepted"}'),
    )
  }
  const template =
    api === 'openshift'
      ? { apiVersion: 'image.openshift.io/v1', kind: 'Image', metadata: { name: 'fuzzed', labels: { app: 'web' } }, dockerImageReference: 'quay.io/a/b:1' }
      : { apiVersion: 'cci/v2', kind: 'ImageSnapshot', metadata: { name: 'fuzzed' }, spec: { images: [{ image: 'nginx:latest' }], imageSnapshotSize: 30 } }
  const paths = [
    ['metadata', 'name'],
    ['metadata', 'labels'],
    ['metadata', 'annotations'],
    ['metadata', 'resourceVersion'],
    ['metadata', 'finalizers'],
    ['metadata', 'generateName'],
    ['metadata', 'uid'],
    ['metadata', 'managedFields'],
    ['metadata'],
    ['kind'],
    ['apiVersion'],
    ['dockerImageReference'],
    ['dockerImageMetadata'],
    ['dockerImageManifest'],
    ['signatures'],
    ['spec'],
    ['spec', 'images'],
    ['spec', 'ttlDaysAfterCreated'],
    ['status'],
  ]
  return fc.oneof(
    fc.tuple(fc.constantFrom(...paths), odd).map(([path, value]) => {
      const body = structuredClone(template) as Record<string, any>
      let at = body
      for (const key of path.slice(0, -1)) at = at[key] ??= {}
      at[path.at(-1)!] = value
      return JSON.stringify(body)
    }),
    fc
      .array(fc.tuple(fc.constantFrom('add', 'replace', 'remove', 'move', 'copy', 'test', 'bogus'), fc.constantFrom('/metadata/labels/x', '/metadata/name', '/dockerImageReference', '/spec/images/0', '/metadata/resourceVersion', '/kind', '', '/a~1b', '/metadata/finalizers/-'), odd), { maxLength: 4 })
      .map((ops) => JSON.stringify(ops.map(([op, path, value]) => ({ op, path, value, from: '/metadata/labels' })))),
    fc.constantFrom(
      '{"propagationPolicy":"Background"}',
      '{"preconditions":{"resourceVersion":"1"}}',
      '{"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":-1,"orphanDependents":true,"propagationPolicy":"Orphan"}',
    ),
  )
}

function body(api: FuzzedApi): fc.Arbitrary<string | Uint8Array | undefined> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 6, arbitrary: apiShapedBody(api) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    { weight: 1, arbitrary: invalidUtf8 },
    { weight: 1, arbitrary: deepNesting },
    { weight: 2, arbitrary: protoBodies },
    // Rare: each costs megabytes.
    { weight: 1, arbitrary: fc.option(hugeString, { freq: 8, nil: '{}' }) },
  )
}

const methods = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE') },
  { weight: 1, arbitrary: fc.constantFrom('HEAD', 'OPTIONS', 'PROPFIND', 'TRACE-X', 'get', 'Patch') },
)

export function fuzzRequest(api: FuzzedApi): fc.Arbitrary<FuzzRequest> {
  const path = api === 'glance' ? glancePath() : kubePath(api)
  return fc.record({ method: methods, path, query: query(api), headers: headers(), body: body(api) }).map(({ method, path: p, query: q, headers: h, body: b }) => ({
    method,
    target: `${p}${q}`,
    headers: h,
    // fetch refuses a body on GET and HEAD.
    body: ['GET', 'HEAD'].includes(method.toUpperCase()) ? undefined : b,
  }))
}
