// The Kubernetes REST surface, written once for every kind: turns a request under an endpoint's
// prefix into a registry-store call and its answer into JSON, a Table or a watch stream. Every
// failure leaves as a `Status` in the API's own format, never as a crash.
import { parse as parseYaml } from 'yaml'
import { nestsDeeperThan } from '../jsonNesting.ts'
import type { EmulatorCore } from '../core.ts'
import { authenticate, type Principal } from '../auth.ts'
import type { Endpoint, KubeObject, StrategyContext } from './resource.ts'
import { failure, statusErrors, statusAnswer, StatusError, type Status } from './status.ts'
import { mediaType, negotiate, type Representation } from './negotiation.ts'
import { parseBool, parseDeleteOptions, parseListOptions, parseResourceVersion, parseWriteOptions } from './requestOptions.ts'
import type { ListSelection, RegistryStore, RequestContext, WriteOutcome } from './registryStore.ts'
import type { WatchHub } from './watchHub.ts'
import { decodeContinue, encodeContinue, encodeContinueFrom } from './continueToken.ts'
import { parseLabelSelector, SelectorError } from './labelSelector.ts'
import { escapeFieldSelectorValue, nameFromFieldSelector, parseFieldSelector } from './fieldSelector.ts'
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PatchError } from './patch.ts'
import { renderTable, type IncludeObject } from './table.ts'
import { serverSideApply } from './apply.ts'
import { managerName } from './managedFields.ts'
import { describeProblem, effectiveFieldValidation, fieldProblems, withoutUnknownFields } from './fieldValidation.ts'
import type { WriteOptions } from './requestOptions.ts'
import { readBounded } from '../http/boundedBody.ts'
import type { ApiRequest } from '../http/apiRequest.ts'
import { answer, notFoundPage, type Answer } from '../http/answer.ts'
import { joinBytes } from '../http/joinBytes.ts'

/** How many encoded list items each endpoint keeps (about two stores' worth of a 10,000-object bench). */
const maxEncodedItems = 50_000

/** K-14: kube-apiserver's request body limit. */
export const maxBodyBytes = 3 * 1024 * 1024

export interface KubeHttpOptions {
  /** K-33: RV-unset watches with bookmarks get the initial-events-end bookmark (1.32 behaviour). */
  initialEventsEndBookmark?: boolean
  /**
   * K-11: whether responses show metadata.managedFields (default true). They are recorded either way,
   * so server-side apply keeps its ownership rules when an API's published objects omit them.
   */
  showManagedFields?: boolean
}

export interface ServedEndpoint {
  endpoint: Endpoint
  registry: RegistryStore
}

interface Route {
  served: ServedEndpoint
  name: string | undefined
  watchPath: boolean
}

const utf8 = new TextEncoder()
const comma = utf8.encode(',')
const listTail = utf8.encode(']}\n')

const collectionVerbs = new Map([
  ['GET', 'list'],
  ['POST', 'create'],
  ['DELETE', 'deletecollection'],
])
const objectVerbs = new Map([
  ['GET', 'get'],
  ['PUT', 'update'],
  ['PATCH', 'patch'],
  ['DELETE', 'delete'],
])

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Go's JSON decoder wording for a body that is not an object (K-14). */
function typeWord(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (value === null) return 'null'
  return typeof value === 'object' ? 'object' : typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'bool'
}

export function createKubeHttpApi(core: EmulatorCore, hub: WatchHub, served: ServedEndpoint[], options: KubeHttpOptions = {}) {
  const byPrefix = new Map<string, ServedEndpoint[]>()
  for (const s of served) {
    const list = byPrefix.get(s.endpoint.prefix) ?? []
    list.push(s)
    byPrefix.set(s.endpoint.prefix, list)
  }

  const pretty = (request: ApiRequest, url: URL) =>
    url.searchParams.get('pretty') === 'true' || /^(curl|Wget|Mozilla\/5\.0)/.test(request.headers.get('user-agent') ?? '')

  /** K-36: the caller's audit id echoed, or a seeded one. */
  const auditId = (request: ApiRequest) => request.headers.get('audit-id') ?? core.ids.uuid('audit-id')

  function headers(request: ApiRequest, warnings: readonly string[] = []): Record<string, string> {
    const out: Record<string, string> = {
      'content-type': 'application/json',
      'cache-control': 'no-cache, private',
      'audit-id': auditId(request),
    }
    // K-36: one `299 - "<text>"` per warning, quotes and backslashes escaped; several join as one
    // header does when it is sent more than once.
    if (warnings.length) out.warning = warnings.map((warning) => `299 - ${JSON.stringify(warning)}`).join(', ')
    return out
  }

  function json(request: ApiRequest, url: URL, code: number, body: unknown, warnings: readonly string[] = []): Answer {
    const text = pretty(request, url) ? JSON.stringify(body, null, 2) : JSON.stringify(body)
    return answer(code, `${text}\n`, headers(request, warnings))
  }

  function fail(request: ApiRequest, error: StatusError): Answer {
    return statusAnswer(error, { 'audit-id': auditId(request) })
  }

  // claims() and then handle() route the same URL object: the second asks the first.
  let routed: { url: URL; route: Route | 'unknown' | undefined } | undefined
  function route(url: URL): Route | 'unknown' | undefined {
    if (routed?.url !== url) routed = { url, route: routeOf(url) }
    return routed.route
  }

  /** Matches `<prefix>/<plural>[/<name>]` and `<prefix>/watch/<plural>[/<name>]` (K-28). */
  function routeOf(url: URL): Route | 'unknown' | undefined {
    for (const [prefix, list] of byPrefix) {
      if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) continue
      const rest = url.pathname.slice(prefix.length).split('/').filter((s, i) => i > 0 || s !== '')
      let watchPath = false
      if (rest[0] === 'watch') {
        watchPath = true
        rest.shift()
      }
      if (rest.length === 0 || rest.length > 2) return 'unknown'
      // client-node lower-cases whole paths (K-43): `%3A` and `%3a` must decode alike.
      const decode = (segment: string) => {
        if (!segment.includes('%')) return segment
        try {
          return decodeURIComponent(segment)
        } catch {
          return undefined
        }
      }
      const plural = decode(rest[0]!)
      const target = list.find((s) => s.endpoint.resource.plural === plural)
      if (!target) return 'unknown'
      const name = rest[1] === undefined ? undefined : decode(rest[1])
      if (rest[1] !== undefined && (name === undefined || name === '')) return 'unknown'
      return { served: target, name, watchPath }
    }
    return undefined
  }

  async function readBody(request: ApiRequest): Promise<Uint8Array> {
    const declared = Number(request.headers.get('content-length') ?? '0')
    if (declared > maxBodyBytes) throw statusErrors.requestEntityTooLarge(maxBodyBytes)
    return readBounded(request.body, maxBodyBytes, { tooLarge: () => statusErrors.requestEntityTooLarge(maxBodyBytes) })
  }


  function decodeText(bytes: Uint8Array, kind: string): string {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      throw statusErrors.badRequest(`the object provided is unrecognized (must be of type ${kind}): invalid UTF-8 in request body`)
    }
  }

  /**
   * Decodes a create/update body (K-14): JSON or YAML, an object of this endpoint's apiVersion and kind.
   * `json` is the text when it was JSON (duplicate fields are read from it, K-20).
   */
  async function decodeObject(request: ApiRequest, endpoint: Endpoint): Promise<{ object: KubeObject; json: string | undefined }> {
    const kind = endpoint.resource.kind
    const type = mediaType(request.headers.get('content-type'))
    if (type !== '' && type !== 'application/json' && type !== 'application/yaml') {
      throw statusErrors.unsupportedMediaType(['application/json', 'application/yaml'])
    }
    const text = decodeText(await readBody(request), kind)
    let value: unknown
    try {
      value = type === 'application/yaml' ? parseYaml(text, { maxAliasCount: 100 }) : JSON.parse(text)
      if (nestsDeeperThan(value)) throw new Error('exceeded max depth')
    } catch (error) {
      const snippet = text.slice(0, 30)
      throw statusErrors.badRequest(
        `the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: ${(error as Error).message} (${snippet})`,
      )
    }
    if (!isPlainObject(value)) {
      throw statusErrors.badRequest(
        `the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: json: cannot unmarshal ${typeWord(value)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" } (${text.slice(0, 30)})`,
      )
    }
    checkTypeMeta(value, endpoint)
    if (value.metadata !== undefined && !isPlainObject(value.metadata)) {
      throw statusErrors.badRequest(
        `${kind} in version "${endpoint.version}" cannot be handled as a ${kind}: json: cannot unmarshal ${typeWord(value.metadata)} into Go struct field ${kind}.metadata of type v1.ObjectMeta`,
      )
    }
    const object = value as KubeObject
    const problem = endpoint.resource.decode?.(object)
    if (problem) throw statusErrors.badRequest(`${kind} in version "${endpoint.version}" cannot be handled as a ${kind}: ${problem}`)
    return { object, json: type === 'application/yaml' ? undefined : text }
  }

  /**
   * K-20: unknown fields (by the kind's OpenAPI schema) and duplicate fields (from the JSON text).
   * Strict refuses the body; Warn and Ignore drop them, Warn with one warning each.
   */
  function validateFields<T>(endpoint: Endpoint, object: T, options: WriteOptions, jsonText?: string): { object: T; warnings: string[] } {
    const mode = effectiveFieldValidation(options.fieldValidation)
    if (mode === 'Ignore') return { object: withoutUnknownFields(object, endpoint.resource.openapiSchema), warnings: [] }
    const problems = fieldProblems(object, endpoint.resource.openapiSchema, jsonText)
    if (!problems.length) return { object, warnings: [] }
    const kind = endpoint.resource.kind
    if (mode === 'Strict') {
      throw statusErrors.badRequest(
        `${kind} in version "${endpoint.version}" cannot be handled as a ${kind}: strict decoding error: ${problems.map(describeProblem).join(', ')}`,
      )
    }
    return { object: withoutUnknownFields(object, endpoint.resource.openapiSchema), warnings: problems.map(describeProblem) }
  }

  /** Who writes (K-11): the fieldManager option, else the User-Agent's product token. */
  function writer(request: ApiRequest, options: WriteOptions, operation: 'Update' | 'Apply'): RequestContext['fieldManager'] {
    return { name: managerName(options.fieldManager, request.headers.get('user-agent')), operation }
  }

  function checkTypeMeta(value: Record<string, unknown>, endpoint: Endpoint) {
    const kind = endpoint.resource.kind
    if (value.apiVersion !== undefined && value.apiVersion !== '' && value.apiVersion !== endpoint.groupVersion) {
      throw statusErrors.badRequest(`the API version in the data (${String(value.apiVersion)}) does not match the expected API version (${endpoint.groupVersion})`)
    }
    if (value.kind !== undefined && value.kind !== '' && value.kind !== kind) {
      throw statusErrors.badRequest(`the kind in the data (${String(value.kind)}) does not match the expected kind (${kind})`)
    }
  }

  /** The wire form of a stored object on this endpoint (IMG-44, IMG-45), managedFields included. */
  /**
   * The wire form of `object`, which encode may consume: every caller passes a fresh copy (the store
   * hands out parsed copies), and a Table keeps its own copy for the cells.
   */
  function encoded(endpoint: Endpoint, object: KubeObject): KubeObject {
    if (endpoint.resource.encode) return endpoint.resource.encode(object, endpoint.groupVersion)
    const { apiVersion: _a, kind: _k, ...rest } = object
    return { kind: endpoint.resource.kind, apiVersion: endpoint.groupVersion, ...rest } as KubeObject
  }

  /** The wire form a client sees. */
  function present(endpoint: Endpoint, object: KubeObject): KubeObject {
    const wire = encoded(endpoint, object)
    if (options.showManagedFields === false && isPlainObject(wire.metadata)) delete wire.metadata.managedFields
    return wire
  }

  function strategyContext(endpoint: Endpoint, principal: Principal | undefined): StrategyContext {
    return { now: core.clock.iso(), clock: core.clock, ids: core.ids, principal, group: endpoint.group }
  }

  function selection(url: URL): ListSelection {
    try {
      return {
        labelSelector: parseLabelSelector(url.searchParams.get('labelSelector') ?? ''),
        fieldSelector: parseFieldSelector(url.searchParams.get('fieldSelector') ?? ''),
      }
    } catch (error) {
      if (error instanceof SelectorError) throw statusErrors.badRequest(error.message)
      throw error
    }
  }

  function includeObject(url: URL): IncludeObject {
    const value = url.searchParams.get('includeObject') ?? 'Metadata'
    if (value !== 'None' && value !== 'Metadata' && value !== 'Object') {
      throw statusErrors.badRequest(`includeObject: Unsupported value: "${value}": supported values: "Metadata", "None", "Object"`)
    }
    return value
  }

  function answerObject(
    request: ApiRequest,
    url: URL,
    endpoint: Endpoint,
    principal: Principal | undefined,
    code: number,
    object: KubeObject,
    representation: Representation,
    warnings: readonly string[] = [],
  ) {
    const wire = present(endpoint, representation === 'table' ? structuredClone(object) : object)
    if (representation === 'table') {
      return json(request, url, code, renderTable(endpoint.resource, [{ object, wire }], strategyContext(endpoint, principal), {
        includeObject: includeObject(url),
        withColumns: true,
        resourceVersion: object.metadata.resourceVersion,
      }), warnings)
    }
    return json(request, url, code, wire, warnings)
  }

  function answerOutcome(
    request: ApiRequest,
    url: URL,
    endpoint: Endpoint,
    principal: Principal | undefined,
    outcome: WriteOutcome,
    representation: Representation,
    warnings: readonly string[] = [],
  ) {
    if (outcome.kind === 'status') return json(request, url, outcome.code, outcome.status, warnings)
    return answerObject(request, url, endpoint, principal, outcome.code, outcome.object, representation, warnings)
  }

  /** A list item's wire form: built-in kinds' items carry no kind/apiVersion (K-23). */
  function listItem(endpoint: Endpoint, item: KubeObject): KubeObject {
    const wire = present(endpoint, item)
    if (!endpoint.resource.listItemsCarryTypeMeta) {
      delete wire.kind
      delete wire.apiVersion
    }
    return wire
  }

  function listBody(endpoint: Endpoint, items: KubeObject[], metadata: Record<string, unknown>) {
    return { kind: endpoint.resource.listKind, apiVersion: endpoint.groupVersion, metadata, items: items.map((item) => listItem(endpoint, item)) }
  }

  /**
   * Encoded list items and GET bodies by stored JSON text, per endpoint: a stored version is encoded once, a
   * page of a large list is a copy of bytes ready to send, and so is a GET. Keyed
   * by the store's own string, whose hash V8 keeps; emptied when it outgrows the stores it mirrors.
   */
  const itemBodies = new Map<Endpoint, Map<string, Uint8Array>>()
  const objectBodies = new Map<Endpoint, Map<string, Uint8Array>>()
  function cachedEncoding<T>(caches: Map<Endpoint, Map<string, T>>, endpoint: Endpoint, json: string, encode: (object: KubeObject) => T): T {
    let cache = caches.get(endpoint)
    if (!cache) caches.set(endpoint, (cache = new Map()))
    let encoded = cache.get(json)
    if (encoded === undefined) {
      encoded = encode(JSON.parse(json) as KubeObject)
      if (cache.size >= maxEncodedItems) cache.clear()
      cache.set(json, encoded)
    }
    return encoded
  }
  const itemBody = (endpoint: Endpoint, json: string) => cachedEncoding(itemBodies, endpoint, json, (object) => utf8.encode(JSON.stringify(listItem(endpoint, object))))
  const objectBody = (endpoint: Endpoint, json: string) =>
    cachedEncoding(objectBodies, endpoint, json, (object) => utf8.encode(`${JSON.stringify(present(endpoint, object))}\n`))

  async function list(request: ApiRequest, url: URL, route: Route, principal: Principal | undefined, representation: Representation): Promise<Answer> {
    const { endpoint, registry } = route.served
    const opts = parseListOptions(url.searchParams, route.watchPath)
    const sel = selection(url)
    const rv = parseResourceVersion(opts.resourceVersion)
    if (opts.watch) return watch(request, url, route, principal, representation, opts, sel, rv)
    const latest = core.store.resourceVersion()
    let at: number | undefined
    let from: string | undefined
    let limit = opts.limit
    if (opts.continueToken) {
      if (rv !== undefined && rv !== 0) throw statusErrors.badRequest('specifying resource version is not allowed when using continue')
      const point = decodeContinue(opts.continueToken)
      from = point.from
      at = point.resourceVersion === -1 ? undefined : point.resourceVersion
      if (at !== undefined && at > latest) throw statusErrors.badRequest('invalid continue token: continue key is not valid: resource version is in the future')
      if (at !== undefined && at < core.store.events.compactedThrough()) {
        // K-26: 410 with a fresh token that resumes at the same key on the latest state.
        const error = statusErrors.expired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        )
        const fresh = encodeContinueFrom(-1, point.from)
        error.status.metadata = { continue: fresh }
        throw error
      }
    } else if (rv === 0) {
      // K-24: resourceVersion=0 serves the latest state from cache and ignores limit.
      limit = 0
    } else if (rv !== undefined) {
      const exact = opts.resourceVersionMatch === 'Exact' || (opts.resourceVersionMatch === undefined && limit > 0)
      if (rv > latest) {
        throw statusErrors.timeout(`Timeout: Too large resource version: ${rv}, current: ${latest}`, {
          causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
          retryAfterSeconds: 1,
        })
      }
      if (exact) at = rv
    }
    const raw = registry.listRaw(sel, { resourceVersion: at, from, limit })
    const metadata: Record<string, unknown> = { resourceVersion: String(raw.resourceVersion) }
    if (raw.continueToken) metadata.continue = raw.continueToken
    if (raw.remainingItemCount !== undefined) metadata.remainingItemCount = raw.remainingItemCount
    if (representation === 'json' && !pretty(request, url)) {
      // The same bytes JSON.stringify(listBody(...)) would give, from already-encoded items.
      const head = JSON.stringify({ kind: endpoint.resource.listKind, apiVersion: endpoint.groupVersion, metadata }).slice(0, -1)
      const items = raw.entries.map((entry) => itemBody(endpoint, entry.json))
      return answer(200, joinBytes(utf8.encode(`${head},"items":[`), items, comma, listTail), headers(request))
    }
    const page = { ...raw, items: raw.entries.map((entry) => JSON.parse(entry.json) as KubeObject) }
    if (representation === 'table') {
      return json(request, url, 200, renderTable(endpoint.resource, page.items.map((object) => ({ object, wire: present(endpoint, structuredClone(object)) })), strategyContext(endpoint, principal), {
        includeObject: includeObject(url),
        withColumns: true,
        resourceVersion: String(page.resourceVersion),
        continueToken: page.continueToken,
        remainingItemCount: page.remainingItemCount,
      }))
    }
    return json(request, url, 200, listBody(endpoint, page.items, metadata))
  }

  function watch(
    request: ApiRequest,
    url: URL,
    route: Route,
    principal: Principal | undefined,
    representation: Representation,
    opts: ReturnType<typeof parseListOptions>,
    sel: ListSelection,
    rv: number | undefined,
  ): Answer {
    const { endpoint, registry } = route.served
    if (route.name !== undefined) {
      // K-28: /watch/<plural>/<name> is a field selector on the name.
      const named = nameFromFieldSelector(sel.fieldSelector!)
      if (sel.fieldSelector && !sel.fieldSelector.empty && named !== route.name) {
        throw statusErrors.badRequest("fieldSelector metadata.name doesn't match requested name")
      }
      sel = { ...sel, fieldSelector: parseFieldSelector(`metadata.name=${escapeFieldSelectorValue(route.name)}`) }
    }
    const ctx = strategyContext(endpoint, principal)
    let firstRow = true
    const stream = hub.open({
      registry,
      selection: sel,
      resourceVersion: rv,
      sendInitialEvents: opts.sendInitialEvents,
      bookmarks: opts.allowWatchBookmarks,
      timeoutSeconds: opts.timeoutSeconds,
      initialEventsEndBookmark: options.initialEventsEndBookmark ?? true,
      bookmarkType: { kind: endpoint.resource.kind, apiVersion: endpoint.groupVersion },
      // Plain JSON depends only on the endpoint: watches of one endpoint share each event's bytes.
      sharedEncoding: representation === 'table' ? undefined : `${endpoint.prefix}/${endpoint.resource.plural}`,
      encode(type, object) {
        if (type === 'ERROR' || type === 'BOOKMARK') return object
        const kubeObject = object as KubeObject
        const wire = present(endpoint, representation === 'table' ? structuredClone(kubeObject) : kubeObject)
        if (representation !== 'table') return wire
        // K-37: Table watches send one-row Tables, only the first with column definitions.
        const table = renderTable(endpoint.resource, [{ object: kubeObject, wire }], ctx, {
          includeObject: includeObject(url),
          withColumns: firstRow,
          resourceVersion: kubeObject.metadata.resourceVersion,
        })
        firstRow = false
        return table
      },
    })
    return answer(200, stream, headers(request))
  }

  async function patch(request: ApiRequest, url: URL, route: Route, principal: Principal | undefined, representation: Representation): Promise<Answer> {
    const { endpoint, registry } = route.served
    const name = route.name!
    const type = mediaType(request.headers.get('content-type'))
    const accepted = endpoint.patchTypes ?? endpoint.resource.patchTypes
    if (!accepted.includes(type)) throw statusErrors.unsupportedMediaType(accepted)
    const isApply = type === 'application/apply-patch+yaml'
    const options = parseWriteOptions(url.searchParams, 'PatchOptions', isApply)
    const text = decodeText(await readBody(request), endpoint.resource.kind)
    let patchDocument: unknown
    try {
      patchDocument = isApply ? parseYaml(text, { maxAliasCount: 100 }) : JSON.parse(text)
      if (nestsDeeperThan(patchDocument)) throw new Error('exceeded max depth')
    } catch (error) {
      throw statusErrors.badRequest(`error decoding patch: ${(error as Error).message}`)
    }
    if (isApply) return apply(request, url, route, principal, representation, patchDocument, text, options)
    const context: RequestContext = { endpoint, principal, fieldManager: writer(request, options, 'Update') }
    const patchFor = (current: KubeObject): KubeObject => {
      const base = wireForPatch(endpoint, current)
      try {
        if (type === 'application/json-patch+json') return asObject(applyJsonPatch(base, patchDocument))
        if (type === 'application/merge-patch+json') return asObject(applyMergePatch(base, patchDocument))
        return asObject(applyStrategicMergePatch(base, patchDocument, endpoint.resource.strategicMerge ?? {}))
      } catch (error) {
        if (!(error instanceof PatchError)) throw error
        if (error.kind === 'tooLarge') throw failure(413, 'RequestEntityTooLarge', `ApiRequest entity too large: ${error.message}`)
        if (error.kind === 'undecodable') throw statusErrors.badRequest(error.message)
        // K-16: a failed JSON-patch operation is a 422 with no details.
        throw failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {})
      }
    }
    let warnings: string[] = []
    const outcome = await registry.patch(
      name,
      (current) => {
        let patched = patchFor(current)
        checkTypeMeta(patched, endpoint)
        if (!isPlainObject(patched.metadata)) throw statusErrors.badRequest('metadata must be an object')
        if (patched.metadata.name !== name) {
          throw statusErrors.badRequest(`the name of the object (${String(patched.metadata.name ?? '')}) does not match the name on the URL (${name})`)
        }
        const problem = endpoint.resource.decode?.(patched)
        if (problem) throw statusErrors.badRequest(`${endpoint.resource.kind} in version "${endpoint.version}" cannot be handled as a ${endpoint.resource.kind}: ${problem}`)
        // K-20 on the patched object; duplicates are the patch body's own (a JSON patch's ops are not fields).
        const checked = validateFields(endpoint, patched, options, type === 'application/json-patch+json' ? undefined : text)
        patched = checked.object
        warnings = checked.warnings
        return patched
      },
      options,
      context,
    )
    return answerOutcome(request, url, endpoint, principal, outcome, representation, warnings)
  }

  /** Server-side apply (K-19): merge into the live object with field ownership; create what is missing (K-16). */
  async function apply(
    request: ApiRequest,
    url: URL,
    route: Route,
    principal: Principal | undefined,
    representation: Representation,
    document: unknown,
    text: string,
    options: WriteOptions,
  ): Promise<Answer> {
    const { endpoint, registry } = route.served
    const name = route.name!
    if (!isPlainObject(document)) throw statusErrors.badRequest('error decoding YAML: the patch must be an object')
    // internal/structuredmerge.go: the configuration must name the version it is written in.
    const version = typeof document.apiVersion === 'string' ? document.apiVersion : ''
    if (version !== endpoint.groupVersion) {
      throw statusErrors.badRequest(`Incorrect version specified in apply patch. Specified patch version: ${version}, expected: ${endpoint.groupVersion}`)
    }
    checkTypeMeta(document, endpoint)
    if (document.metadata !== undefined && !isPlainObject(document.metadata)) throw statusErrors.badRequest('metadata must be an object')
    const metadata = isPlainObject(document.metadata) ? document.metadata : {}
    if (metadata.managedFields !== undefined && metadata.managedFields !== null) throw statusErrors.badRequest('metadata.managedFields must be nil')
    const bodyName = typeof metadata.name === 'string' ? metadata.name : ''
    if (bodyName && bodyName !== name) throw statusErrors.badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`)
    let jsonText: string | undefined
    try {
      JSON.parse(text)
      jsonText = text
    } catch {
      jsonText = undefined
    }
    const checked = validateFields(endpoint, { ...document, metadata: { ...metadata, name } } as KubeObject, options, jsonText)
    const config = checked.object
    const problem = endpoint.resource.decode?.(config)
    if (problem) throw statusErrors.badRequest(`${endpoint.resource.kind} in version "${endpoint.version}" cannot be handled as a ${endpoint.resource.kind}: ${problem}`)
    const manager = options.fieldManager!
    const context: RequestContext = { endpoint, principal, fieldManager: writer(request, options, 'Apply') }
    const applyTo = (live: KubeObject | undefined) =>
      serverSideApply({ live, config, manager, apiVersion: endpoint.groupVersion, force: options.force === true, now: core.clock.iso() })
    if (!registry.get(name)) {
      const created = await registry.create(applyTo(undefined), options, context)
      return answerOutcome(request, url, endpoint, principal, created, representation, checked.warnings)
    }
    // Apply reads ownership from the stored managedFields, whether or not responses show them.
    const outcome = await registry.patch(name, (current) => applyTo(encoded(endpoint, current)), options, context)
    return answerOutcome(request, url, endpoint, principal, outcome, representation, checked.warnings)
  }

  /** Patches apply to the representation the client sees on this endpoint (IMG-36). */
  function wireForPatch(endpoint: Endpoint, current: KubeObject): KubeObject {
    return present(endpoint, current)
  }

  function asObject(value: unknown): KubeObject {
    if (!isPlainObject(value)) throw statusErrors.badRequest('the patched object must be a JSON object')
    return value as KubeObject
  }

  async function readDeleteBody(request: ApiRequest): Promise<unknown> {
    const bytes = await readBody(request)
    if (bytes.byteLength === 0) return undefined
    const text = decodeText(bytes, 'DeleteOptions').trim()
    if (!text) return undefined
    try {
      return JSON.parse(text)
    } catch (error) {
      throw statusErrors.badRequest(`the object provided is unrecognized (must be of type DeleteOptions): ${(error as Error).message}`)
    }
  }

  async function deleteCollection(request: ApiRequest, url: URL, route: Route, principal: Principal | undefined): Promise<Answer> {
    const { endpoint, registry } = route.served
    const body = await readDeleteBody(request)
    const options = parseDeleteOptions(url.searchParams, body)
    const sel = selection(url)
    const { items } = registry.list(sel, {})
    // K-22: each selected object is deleted as a single DELETE would; the answer lists them as they were.
    for (const item of items) {
      try {
        await registry.delete(item.metadata.name!, { ...options, preconditions: {} }, { endpoint, principal })
      } catch (error) {
        // Deleted concurrently: a collection delete carries on, as the apiserver's does.
        if (!(error instanceof StatusError && error.code === 404)) throw error
      }
    }
    return json(request, url, 200, listBody(endpoint, items, { resourceVersion: String(core.store.resourceVersion()) }))
  }

  async function handle(request: ApiRequest, url: URL): Promise<Answer> {
    try {
      const found = route(url)
      if (found === undefined) return notFoundPage()
      if (found === 'unknown') throw statusErrors.noRoute()
      const auth = authenticate(request.headers, core.auth)
      if (!auth.ok) throw statusErrors.unauthorized()
      const principal = auth.principal
      const { endpoint, registry } = found.served
      const method = request.method.toUpperCase()
      const verb = verbOf(method, found, url)
      if (!verb) throw statusErrors.methodNotAllowed()
      if (principal.verbs && !principal.verbs.includes(verb)) throw statusErrors.forbidden(endpoint, principal.user, verb, found.name)
      const representation = negotiate(request.headers.get('accept'))
      const context: RequestContext = { endpoint, principal }
      switch (verb) {
        case 'get': {
          parseResourceVersion(url.searchParams.get('resourceVersion') ?? undefined)
          const stored = registry.getJson(found.name!)
          if (stored === undefined) throw statusErrors.notFound(endpoint, found.name!)
          if (representation === 'json' && !pretty(request, url)) {
            return answer(200, objectBody(endpoint, stored), headers(request))
          }
          return answerObject(request, url, endpoint, principal, 200, JSON.parse(stored) as KubeObject, representation)
        }
        case 'list':
        case 'watch':
          return await list(request, url, found, principal, representation)
        case 'create': {
          const options = parseWriteOptions(url.searchParams, 'CreateOptions')
          const decoded = await decodeObject(request, endpoint)
          const { object: body, warnings } = validateFields(endpoint, decoded.object, options, decoded.json)
          const outcome = await registry.create(body, options, { ...context, fieldManager: writer(request, options, 'Update') })
          return answerOutcome(request, url, endpoint, principal, outcome, representation, warnings)
        }
        case 'update': {
          const options = parseWriteOptions(url.searchParams, 'UpdateOptions')
          const decoded = await decodeObject(request, endpoint)
          const bodyName = isPlainObject(decoded.object.metadata) && typeof decoded.object.metadata.name === 'string' ? decoded.object.metadata.name : ''
          if (bodyName !== found.name) {
            throw statusErrors.badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${found.name})`)
          }
          const { object: body, warnings } = validateFields(endpoint, decoded.object, options, decoded.json)
          const outcome = await registry.update(found.name!, body, options, { ...context, fieldManager: writer(request, options, 'Update') })
          return answerOutcome(request, url, endpoint, principal, outcome, representation, warnings)
        }
        case 'patch':
          return await patch(request, url, found, principal, representation)
        case 'delete': {
          const options = parseDeleteOptions(url.searchParams, await readDeleteBody(request))
          return answerOutcome(request, url, endpoint, principal, await registry.delete(found.name!, options, context), representation)
        }
        case 'deletecollection':
          return await deleteCollection(request, url, found, principal)
      }
    } catch (error) {
      if (error instanceof StatusError) return fail(request, error)
      // Anything unexpected is still an apiserver-shaped answer, never a dropped connection.
      return fail(request, statusErrors.internal(error instanceof Error ? error.message : String(error)))
    }
    return fail(request, statusErrors.methodNotAllowed())
  }

  function verbOf(method: string, found: Route, url: URL): string | undefined {
    if (found.watchPath) return method === 'GET' ? 'watch' : undefined
    if (found.name === undefined) {
      // `?watch=true` on a collection is the watch verb for authorization, as the apiserver's RequestInfo says.
      if (method === 'GET' && parseBool(url.searchParams.get('watch'), 'watch')) return 'watch'
      return collectionVerbs.get(method)
    }
    return objectVerbs.get(method)
  }

  return {
    claims: (url: URL) => route(url) !== undefined,
    handle,
    present,
  }
}

export type { Status }
export { encodeContinue }
