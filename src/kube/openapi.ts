// OpenAPI v3 documents (K-40): `/openapi/v3` lists one document per served group-version, and each
// document describes that group-version's paths and kinds, built from the resource definitions so a
// new kind appears without anyone editing this file. kubectl reads them three ways:
// - `create|apply|replace` (cli-runtime query_param_verifier_v3) looks for the kind's PATCH operation,
//   by its `x-kubernetes-group-version-kind`, and sends `fieldValidation=Strict` when that operation
//   takes the parameter — otherwise it falls back to /openapi/v2, which the emulator does not serve;
// - client-side `apply` builds strategic merge patches from the schema when the PATCH operation
//   accepts them (so the schema and ObjectMeta must define every field);
// - `explain` renders the kind's schema, following `$ref`s into the components.
import { resourceVerbs, servedVerbs, type Endpoint, type ResourceDefinition, type ResourceVerb } from './resource.ts'
import { sha256Hex } from '../text/sha256Hex.ts'
import { apiVersionDescription, kindDescription, metaComponentSchemas, metaSchemaNames, ref, refProperty } from './metaOpenApi.ts'
import { compareBytes } from '../order/byteOrder.ts'

/** The kube-apiserver release the emulator presents itself as (K-38). */
const serverVersion = 'v1.32.4'

export interface OpenApiDocument {
  /** `apis/image.openshift.io/v1`: the key in the /openapi/v3 index. */
  path: string
  json: string
  hash: string
}

/** `image.openshift.io` → `io.openshift.image`: the reverse-DNS prefix of OpenAPI definition names. */
function reverseGroup(group: string): string {
  return group.split('.').reverse().join('.')
}

/**
 * The component name of a kind: the Go package path the real server's openapi-gen uses when the
 * definition says (`com.github.openshift.api.image.v1`, IMG-50), else the reversed group.
 */
function definitionName(resource: ResourceDefinition, kind = resource.kind): string {
  return `${resource.openapiPackage ?? `${reverseGroup(resource.group)}.${resource.version}`}.${kind}`
}

/** `image.openshift.io` + `v1` → `ImageOpenshiftIoV1`, as openapi-gen builds operation ids. */
function operationSuffix(group: string, version: string): string {
  const words = [...group.split('.'), version]
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('')
}

function tag(group: string, version: string): string {
  const [first = '', ...rest] = group.split('.')
  return `${first}${rest.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('')}_${version}`
}

const queryParameter = (name: string, description: string, type: 'string' | 'boolean' | 'integer' = 'string') => ({
  name,
  in: 'query',
  description,
  schema: { type, uniqueItems: true },
})

const parameters = {
  pretty: queryParameter('pretty', "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget)."),
  dryRun: queryParameter(
    'dryRun',
    'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed',
  ),
  fieldManager: queryParameter(
    'fieldManager',
    'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.',
  ),
  applyFieldManager: queryParameter(
    'fieldManager',
    'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint. This field is required for apply requests (application/apply-patch) but optional for non-apply patch types (JsonPatch, MergePatch, StrategicMergePatch).',
  ),
  fieldValidation: queryParameter(
    'fieldValidation',
    'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.',
  ),
  force: queryParameter(
    'force',
    'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.',
    'boolean',
  ),
  gracePeriodSeconds: queryParameter(
    'gracePeriodSeconds',
    'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used. Defaults to a per object value if not specified. zero means delete immediately.',
    'integer',
  ),
  orphanDependents: queryParameter(
    'orphanDependents',
    'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned. If true/false, the "orphan" finalizer will be added to/removed from the object\'s finalizers list. Either this field or PropagationPolicy may be set, but not both.',
    'boolean',
  ),
  propagationPolicy: queryParameter(
    'propagationPolicy',
    "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. The default policy is decided by the existing finalizer set in the metadata.finalizers and the resource-specific default policy. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy that deletes all dependents in the foreground.",
  ),
  allowWatchBookmarks: queryParameter(
    'allowWatchBookmarks',
    'allowWatchBookmarks requests watch events with type "BOOKMARK". Servers that do not implement bookmarks may ignore this flag and bookmarks are sent at the server\'s discretion. Clients should not assume bookmarks are returned at any specific interval, nor may they assume the server will send any BOOKMARK event during a session. If this is not a watch, this field is ignored.',
    'boolean',
  ),
  continue: queryParameter(
    'continue',
    'The continue option should be set when retrieving more results from the server. Since this value is server defined, clients may only use the continue value from a previous query result with identical query parameters (except for the value of continue) and the server may reject a continue value it does not recognize. If the specified continue value is no longer valid whether due to expiration (generally five to fifteen minutes) or a configuration change on the server, the server will respond with a 410 ResourceExpired error together with a continue token.',
  ),
  fieldSelector: queryParameter('fieldSelector', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  labelSelector: queryParameter('labelSelector', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  limit: queryParameter(
    'limit',
    'limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results.',
    'integer',
  ),
  resourceVersion: queryParameter(
    'resourceVersion',
    'resourceVersion sets a constraint on what resource versions a request may be served from. See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset',
  ),
  resourceVersionMatch: queryParameter(
    'resourceVersionMatch',
    'resourceVersionMatch determines how resourceVersion is applied to list calls. It is highly recommended that resourceVersionMatch be set for list calls where resourceVersion is set See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details.\n\nDefaults to unset',
  ),
  sendInitialEvents: queryParameter(
    'sendInitialEvents',
    '`sendInitialEvents=true` may be set together with `watch=true`. In that case, the watch stream will begin with synthetic events to produce the current state of objects in the collection. Once all such events have been sent, a synthetic "Bookmark" event  will be sent. The bookmark will report the ResourceVersion (RV) corresponding to the set of objects, and be marked with `"k8s.io/initial-events-end": "true"` annotation. Afterwards, the watch stream will proceed as usual, sending watch events corresponding to changes (subsequent to the RV) to objects watched.',
    'boolean',
  ),
  timeoutSeconds: queryParameter(
    'timeoutSeconds',
    'Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.',
    'integer',
  ),
  watch: queryParameter(
    'watch',
    'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.',
    'boolean',
  ),
  name: (kind: string) => ({ name: 'name', in: 'path', description: `name of the ${kind}`, required: true, schema: { type: 'string', uniqueItems: true } }),
}

const listParameters = [
  parameters.allowWatchBookmarks,
  parameters.continue,
  parameters.fieldSelector,
  parameters.labelSelector,
  parameters.limit,
  parameters.resourceVersion,
  parameters.resourceVersionMatch,
  parameters.sendInitialEvents,
  parameters.timeoutSeconds,
]

const objectContent = (schemaName: string) => ({
  'application/json': { schema: ref(schemaName) },
  'application/yaml': { schema: ref(schemaName) },
})

const responses = (codes: Array<[string, string]>, schemaName: string, extra: Record<string, unknown> = {}) => {
  const out: Record<string, unknown> = {}
  for (const [code, description] of codes) out[code] = { description, content: { ...objectContent(schemaName), ...extra } }
  out['401'] = { description: 'Unauthorized' }
  return out
}

function pathsFor(endpoint: Endpoint): Record<string, unknown> {
  const { resource, group, version, prefix } = endpoint
  const kind = resource.kind
  const gvk = { group, version, kind }
  const suffix = `${operationSuffix(group, version)}${kind}`
  const tags = [tag(group, version)]
  const kindSchema = definitionName(resource)
  const listSchema = definitionName(resource, resource.listKind)
  const statusSchema = metaSchemaNames.status
  const operation = (action: string, description: string, operationId: string, body: Record<string, unknown>) => ({
    tags,
    description,
    operationId,
    ...body,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  })
  const writeParameters = [parameters.dryRun, parameters.fieldManager, parameters.fieldValidation]
  const patchTypes = endpoint.patchTypes ?? resource.patchTypes
  const streamContent = {
    'application/json;stream=watch': { schema: ref(metaSchemaNames.watchEvent) },
  }
  const watchResponses = {
    '200': {
      description: 'OK',
      content: { 'application/json': { schema: ref(metaSchemaNames.watchEvent) }, ...streamContent },
    },
    '401': { description: 'Unauthorized' },
  }
  const deleteBody = { content: { '*/*': { schema: ref(metaSchemaNames.deleteOptions) } } }

  return servedOperations(resource, {
    [`${prefix}/${resource.plural}`]: {
      get: operation('list', `list or watch objects of kind ${kind}`, `list${suffix}`, {
        parameters: [...listParameters, parameters.watch],
        responses: responses([['200', 'OK']], listSchema, { 'application/json;stream=watch': { schema: ref(listSchema) } }),
      }),
      post: operation('post', `create ${article(kind)} ${kind}`, `create${suffix}`, {
        parameters: writeParameters,
        requestBody: { content: { '*/*': { schema: ref(kindSchema) } }, required: true },
        responses: responses([['200', 'OK'], ['201', 'Created'], ['202', 'Accepted']], kindSchema),
      }),
      delete: operation('deletecollection', `delete collection of ${kind}`, `delete${operationSuffix(group, version)}Collection${kind}`, {
        parameters: [
          parameters.continue,
          parameters.dryRun,
          parameters.fieldSelector,
          parameters.gracePeriodSeconds,
          parameters.labelSelector,
          parameters.limit,
          parameters.orphanDependents,
          parameters.propagationPolicy,
          parameters.resourceVersion,
          parameters.resourceVersionMatch,
          parameters.sendInitialEvents,
          parameters.timeoutSeconds,
        ],
        requestBody: deleteBody,
        responses: responses([['200', 'OK']], statusSchema),
      }),
      parameters: [parameters.pretty],
    },
    [`${prefix}/${resource.plural}/{name}`]: {
      get: operation('get', `read the specified ${kind}`, `read${suffix}`, {
        responses: responses([['200', 'OK']], kindSchema),
      }),
      put: operation('put', `replace the specified ${kind}`, `replace${suffix}`, {
        parameters: writeParameters,
        requestBody: { content: { '*/*': { schema: ref(kindSchema) } }, required: true },
        responses: responses([['200', 'OK'], ['201', 'Created']], kindSchema),
      }),
      delete: operation('delete', `delete ${article(kind)} ${kind}`, `delete${suffix}`, {
        parameters: [parameters.dryRun, parameters.gracePeriodSeconds, parameters.orphanDependents, parameters.propagationPolicy],
        requestBody: deleteBody,
        responses: responses([['200', 'OK'], ['202', 'Accepted']], statusSchema),
      }),
      patch: operation('patch', `partially update the specified ${kind}`, `patch${suffix}`, {
        parameters: [
          parameters.dryRun,
          patchTypes.includes('application/apply-patch+yaml') ? parameters.applyFieldManager : parameters.fieldManager,
          parameters.fieldValidation,
          parameters.force,
        ],
        requestBody: {
          content: Object.fromEntries(patchTypes.map((type) => [type, { schema: ref(metaSchemaNames.patch) }])),
          required: true,
        },
        responses: responses([['200', 'OK'], ['201', 'Created']], kindSchema),
      }),
      parameters: [parameters.name(kind), parameters.pretty],
    },
    [`${prefix}/watch/${resource.plural}`]: {
      get: operation('watchlist', `watch individual changes to a list of ${kind}. deprecated: use the 'watch' parameter with a list operation instead.`, `watch${suffix}List`, {
        responses: watchResponses,
      }),
      parameters: [...listParameters, parameters.pretty, parameters.watch],
    },
    [`${prefix}/watch/${resource.plural}/{name}`]: {
      get: operation('watch', `watch changes to an object of kind ${kind}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.`, `watch${suffix}`, {
        responses: watchResponses,
      }),
      parameters: [...listParameters, parameters.name(kind), parameters.pretty, parameters.watch],
    },
  })
}

/** The verb each operation serves, by its x-kubernetes-action. */
const actionVerbs: Record<string, ResourceVerb> = {
  list: 'list',
  post: 'create',
  deletecollection: 'deletecollection',
  get: 'get',
  put: 'update',
  delete: 'delete',
  patch: 'patch',
  watchlist: 'watch',
  watch: 'watch',
}

/** Only the operations of the verbs the kind serves, and only the paths left with one (IMG-10: imagesignatures). */
function servedOperations(resource: ResourceDefinition, paths: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const verbs = servedVerbs(resource)
  if (verbs.length === resourceVerbs.length) return paths
  const out: Record<string, unknown> = {}
  for (const [path, item] of Object.entries(paths)) {
    const kept = Object.entries(item).filter(([key, operation]) => key === 'parameters' || verbs.includes(actionVerbs[(operation as { 'x-kubernetes-action': string })['x-kubernetes-action']]!))
    if (kept.some(([key]) => key !== 'parameters')) out[path] = Object.fromEntries(kept)
  }
  return out
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? 'an' : 'a'
}

/** The component schemas of one kind: the object (as its definition gives it) and its list. */
function kindSchemas(resource: ResourceDefinition): Record<string, unknown> {
  const gvk = (kind: string) => [{ group: resource.group, kind, version: resource.version }]
  const object = resource.openapiSchema
    ? { ...resource.openapiSchema, 'x-kubernetes-group-version-kind': gvk(resource.kind) }
    : {
        description: `${resource.kind} is served by the emulator without a published schema.`,
        type: 'object',
        properties: {
          apiVersion: { description: apiVersionDescription, type: 'string' },
          kind: { description: kindDescription, type: 'string' },
          metadata: refProperty(metaSchemaNames.objectMeta, "Standard object's metadata.", { default: {} }),
        },
        'x-kubernetes-preserve-unknown-fields': true,
        'x-kubernetes-group-version-kind': gvk(resource.kind),
      }
  const list = {
    description: `${resource.listKind} is a list of ${resource.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { description: apiVersionDescription, type: 'string' },
      items: {
        description: `List of ${resource.plural}.`,
        type: 'array',
        items: { default: {}, allOf: [ref(definitionName(resource))] },
      },
      kind: { description: kindDescription, type: 'string' },
      metadata: refProperty(metaSchemaNames.listMeta, 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds', { default: {} }),
    },
    'x-kubernetes-group-version-kind': gvk(resource.listKind),
  }
  // A kind that cannot be listed has no list type in the document.
  if (!servedVerbs(resource).includes('list')) return { [definitionName(resource)]: object }
  return { [definitionName(resource)]: object, [definitionName(resource, resource.listKind)]: list }
}

function sortedObject<T>(entries: Array<[string, T]>): Record<string, T> {
  const out: Record<string, T> = {}
  for (const [key, value] of entries.sort(([a], [b]) => compareBytes(a, b))) out[key] = value
  return out
}

function buildDocument(endpoints: Endpoint[]): unknown {
  const paths: Array<[string, unknown]> = []
  const schemas: Array<[string, unknown]> = Object.entries(metaComponentSchemas)
  for (const endpoint of endpoints) {
    paths.push(...Object.entries(pathsFor(endpoint)))
    schemas.push(...Object.entries(kindSchemas(endpoint.resource)))
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: serverVersion },
    paths: sortedObject(paths),
    components: {
      schemas: sortedObject(schemas),
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
    security: [{ BearerToken: [] }],
  }
}

/** The documents of every group-version served under /apis (the legacy /oapi prefix predates OpenAPI v3). */
export function createOpenApi(endpoints: Endpoint[]) {
  const byGroupVersion = new Map<string, Endpoint[]>()
  for (const endpoint of endpoints) {
    if (!endpoint.group) continue
    const path = `apis/${endpoint.group}/${endpoint.version}`
    byGroupVersion.set(path, [...(byGroupVersion.get(path) ?? []), endpoint])
  }
  // Built on the first request for them (kubectl explain, client generators): most emulators,
  // one per test file, never serve them, and building and hashing them is most of a construction.
  let built: Map<string, OpenApiDocument> | undefined
  const documents = () => {
    if (built) return built
    built = new Map()
    for (const [path, served] of byGroupVersion) {
      const json = JSON.stringify(buildDocument(served))
      // kube-apiserver's hash is the document's digest in upper-case hex; clients only compare it.
      built.set(path, { path, json, hash: sha256Hex(json).toUpperCase() })
    }
    return built
  }

  return {
    /** GET /openapi/v3. */
    index(): unknown {
      const paths: Record<string, unknown> = {}
      for (const document of documents().values()) {
        paths[document.path] = { serverRelativeURL: `/openapi/v3/${document.path}?hash=${document.hash}` }
      }
      return { paths }
    },
    /** GET /openapi/v3/<path>: undefined when no group-version has that path. */
    document(path: string): OpenApiDocument | undefined {
      return documents().get(path)
    },
  }
}
