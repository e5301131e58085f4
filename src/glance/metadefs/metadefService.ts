// Glance's metadata definitions (glance/api/v2/metadef_*.py over glance/db/sqlalchemy/metadef_api):
// namespaces with their properties, objects, tags and resource-type associations, and the resource
// types. A namespace is seen by admins, when it has no owner, when it is public, or by its owner's
// project; writes are admin-only by default (glance/policies/metadef.py); a protected namespace and
// everything in it cannot be deleted. Errors carry Glance's texts and statuses.
import type { Principal } from '../../auth.ts'
import type { EmulatorCore } from '../../core.ts'
import { badRequest, conflict, forbidden, notFound } from '../errors.ts'
import { invalidObject, schemaViolation } from '../schemaValidation.ts'
import type { JsonSchema } from '../schemas.ts'
import { metadefBodySchemas } from '../metadefSchemas.ts'
import { isJsonObject } from '../../json/jsonObject.ts'
import {
  associationView,
  namespaceView,
  objectView,
  propertiesView,
  propertyView,
  resourceTypeView,
  tagView,
  type PropertyDefinition,
  type StoredAssociation,
  type StoredNamespace,
  type StoredObject,
  type StoredResourceType,
} from './metadefRecords.ts'
import { isMetadefFixture, metadefFixtureNamespaces, type MetadefFixture } from './metadefFixtures.ts'
import { assertMetadefPolicy, metadefPolicyAllows, type MetadefAction } from './metadefPolicy.ts'

const namespacesKind = 'glance.metadefNamespaces'
const resourceTypesKind = 'glance.metadefResourceTypes'

// The resource types every Glance database starts with (migration 035 seeds them, protected).
const seededResourceTypes = ['OS::Glance::Image', 'OS::Cinder::Volume', 'OS::Nova::Flavor', 'OS::Nova::Aggregate', 'OS::Nova::Server']

// glance/common/config.py: limit_param_default, api_limit_max.
const defaultLimit = 25
const maxLimit = 1000

const readOnlyAttributes = ['self', 'schema', 'created_at', 'updated_at']
const namespaceSortKeys = new Set(['namespace', 'display_name', 'description', 'visibility', 'protected', 'owner', 'created_at', 'updated_at', 'id'])

type Body = Record<string, unknown>

/** `$ref: #/definitions/x` inlined, so the validator (which knows no $ref) sees the whole schema. */
function inlineRefs(node: unknown, definitions: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((item) => inlineRefs(item, definitions))
  if (!isJsonObject(node)) return node
  const ref = node.$ref
  if (typeof ref === 'string' && ref.startsWith('#/definitions/')) return inlineRefs(definitions[ref.slice('#/definitions/'.length)], definitions)
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) if (key !== 'definitions') out[key] = inlineRefs(value, definitions)
  return out
}

const validators = new Map<unknown, JsonSchema>()
function validatorFor(schema: Record<string, unknown>): JsonSchema {
  let inlined = validators.get(schema)
  if (!inlined) {
    inlined = inlineRefs(schema, (schema.definitions ?? {}) as Record<string, unknown>) as JsonSchema
    validators.set(schema, inlined)
  }
  return inlined
}

/** The request deserializers: read-only attributes are a 403, then the schema's 400. */
function checkBody(body: unknown, schema: Record<string, unknown>, schemaName = String(schema.name)): Body {
  if (isJsonObject(body)) {
    for (const key of readOnlyAttributes) if (Object.hasOwn(body, key)) throw forbidden(`Attribute '${key}' is read-only.`)
  }
  const message = schemaViolation(body, validatorFor(schema))
  if (message !== undefined) throw invalidObject(schemaName, message)
  return body as Body
}

const propertyDefinitionKeys = new Set([
  'type', 'title', 'description', 'operators', 'default', 'readonly', 'minimum', 'maximum', 'enum', 'pattern', 'minLength',
  'maxLength', 'confidential', 'items', 'uniqueItems', 'minItems', 'maxItems', 'additionalItems',
])

/** What wsme keeps of a property: PropertyType's attributes only. */
function propertyDefinition(value: unknown): PropertyDefinition {
  const out: PropertyDefinition = {}
  if (!isJsonObject(value)) return out
  for (const [key, item] of Object.entries(value)) if (propertyDefinitionKeys.has(key) && item !== null) out[key] = item
  return out
}

function propertyMap(value: unknown): Record<string, PropertyDefinition> | undefined {
  if (!isJsonObject(value)) return undefined
  const out: Record<string, PropertyDefinition> = {}
  for (const [name, definition] of Object.entries(value)) Object.defineProperty(out, name, { value: propertyDefinition(definition), enumerable: true, writable: true, configurable: true })
  return out
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

function isAdmin(principal: Principal): boolean {
  return principal.admin || (principal.roles?.includes('admin') ?? false)
}

/** glance/db/sqlalchemy/metadef_api/namespace.py _is_namespace_visible. */
function isVisible(ns: StoredNamespace, principal: Principal): boolean {
  return isAdmin(principal) || ns.owner === null || ns.visibility === 'public' || ns.owner === principal.project
}

function parseLimit(raw: string | null): number {
  if (raw === null) return defaultLimit
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) throw badRequest('limit param must be an integer')
  const limit = Math.min(maxLimit, Number.parseInt(raw, 10))
  if (limit < 0) throw badRequest('limit param must be positive')
  return limit
}

function parseSortDir(search: URLSearchParams): 'asc' | 'desc' {
  const dir = search.get('sort_dir') ?? 'desc'
  if (dir !== 'asc' && dir !== 'desc') throw badRequest(`Invalid sort direction: ${dir}`)
  return dir
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0
  if (a === null || a === undefined) return -1
  if (b === null || b === undefined) return 1
  return a < b ? -1 : a > b ? 1 : 0
}

/** Python's urlencode of the query as given (quote_plus), for the first/next links. */
function urlencode(params: Array<[string, string]>): string {
  const quote = (s: string) => encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return params.map(([k, v]) => `${quote(k)}=${quote(v)}`).join('&')
}

export function createMetadefService(core: EmulatorCore) {
  const { store, clock } = core
  store.defineKind(namespacesKind)
  store.defineKind(resourceTypesKind)
  const now = () => clock.iso()
  let sequence = 0
  let seeded: Promise<void> | undefined

  core.keep('glance-metadefs', {
    reset() {
      sequence = 0
      seeded = undefined
    },
    snapshot: () => ({ sequence }),
    restore(state) {
      sequence = (state as { sequence?: number } | undefined)?.sequence ?? sequence
      seeded = Promise.resolve()
    },
    // As after the reset that saved it: the resource types are seeded on first use.
    rewind(state) {
      sequence = (state as { sequence?: number } | undefined)?.sequence ?? sequence
    },
  })

  const allNamespaces = (): Array<StoredNamespace & { seq: number }> =>
    store.keys(namespacesKind).map((key) => store.get(namespacesKind, key) as unknown as StoredNamespace & { seq: number })
  const byName = (name: string) => allNamespaces().find((ns) => ns.namespace === name)
  const readResourceType = (name: string) => store.get(resourceTypesKind, name) as unknown as StoredResourceType | undefined

  async function writeNamespace(id: string, decide: (current: (StoredNamespace & { seq: number }) | undefined) => StoredNamespace | 'delete' | undefined) {
    await store.commit(() => {
      const current = store.get(namespacesKind, id) as unknown as (StoredNamespace & { seq: number }) | undefined
      const next = decide(current)
      if (next === undefined) return { kind: namespacesKind }
      if (next === 'delete') return { kind: namespacesKind, op: { type: 'delete', key: id } }
      return { kind: namespacesKind, op: { type: current ? 'update' : 'create', key: id, object: next as unknown as Record<string, unknown> } }
    })
  }

  async function ensureResourceType(name: string, isProtected: boolean) {
    await store.commit(() => {
      if (readResourceType(name)) return { kind: resourceTypesKind }
      const at = now()
      const record: StoredResourceType & { seq: number } = { name, protected: isProtected, created_at: at, updated_at: at, seq: ++sequence }
      return { kind: resourceTypesKind, op: { type: 'create', key: name, object: record as unknown as Record<string, unknown> } }
    })
  }

  /** Adds a namespace with its contents; the name must be free (409 otherwise). */
  async function insertNamespace(fields: Omit<StoredNamespace, 'id' | 'created_at' | 'updated_at'>, protectedTypes: boolean): Promise<StoredNamespace> {
    for (const association of fields.resource_type_associations) await ensureResourceType(association.name, protectedTypes)
    const at = now()
    const seq = ++sequence
    const record = { ...fields, id: `ns-${seq}`, seq, created_at: at, updated_at: at }
    let duplicate = false
    await writeNamespace(record.id, () => {
      if (byName(fields.namespace)) {
        duplicate = true
        return undefined
      }
      return record
    })
    if (duplicate) throw conflict(`The metadata definition namespace=${fields.namespace} already exists.`)
    return record
  }

  async function loadFixtureDocument(fixture: MetadefFixture) {
    for (const doc of await metadefFixtureNamespaces(fixture)) {
      if (byName(doc.namespace)) continue
      const at = now()
      await insertNamespace(
        {
          namespace: doc.namespace,
          display_name: doc.display_name,
          description: doc.description,
          // glance-manage db_load_metadefs stores what the file says, and `admin` as the owner.
          visibility: doc.visibility ?? null,
          protected: doc.protected ?? null,
          owner: doc.owner ?? 'admin',
          properties: Object.entries(propertyMap(doc.properties) ?? {}).map(([name, definition]) => ({ name, definition })),
          objects: (doc.objects ?? []).map((object) => ({ ...objectFields(object), created_at: at, updated_at: at })),
          tags: (doc.tags ?? []).map((tag) => ({ name: tag.name, created_at: at, updated_at: at })),
          resource_type_associations: (doc.resource_type_associations ?? []).map((a) => ({ ...associationFields(a), created_at: at, updated_at: at })),
        },
        true,
      )
    }
  }

  core.acceptFixtures({ accepts: isMetadefFixture, load: (document) => ready().then(() => loadFixtureDocument(document as MetadefFixture)) })

  function ready(): Promise<void> {
    seeded ??= (async () => {
      for (const name of seededResourceTypes) await ensureResourceType(name, true)
    })()
    return seeded
  }

  function objectFields(body: unknown): Omit<StoredObject, 'created_at' | 'updated_at'> {
    const object = body as Body
    const fields: Omit<StoredObject, 'created_at' | 'updated_at'> = { name: String(object.name) }
    if (typeof object.description === 'string') fields.description = object.description
    if (Array.isArray(object.required)) fields.required = object.required.map(String)
    const properties = propertyMap(object.properties)
    if (properties) fields.properties = properties
    return fields
  }

  function associationFields(body: unknown): Omit<StoredAssociation, 'created_at' | 'updated_at'> {
    const association = body as Body
    const fields: Omit<StoredAssociation, 'created_at' | 'updated_at'> = { name: String(association.name) }
    if (typeof association.prefix === 'string') fields.prefix = association.prefix
    if (typeof association.properties_target === 'string') fields.properties_target = association.properties_target
    return fields
  }

  /**
   * The namespace a call inside it works on. Missing: Glance's own 404; not visible: the controllers'
   * "Namespace X not found" (they turn the database layer's Forbidden into a 404).
   */
  function namespaceFor(principal: Principal, name: string, invisible = `Namespace ${name} not found`): StoredNamespace & { seq: number } {
    const ns = byName(name)
    if (!ns) throw notFound(`Metadata definition namespace=${name} was not found.`)
    if (!isVisible(ns, principal)) throw notFound(invisible)
    return ns
  }

  const enforce = (principal: Principal, action: MetadefAction, ns?: StoredNamespace) => assertMetadefPolicy(principal, action, ns)

  /** A read-check-write of one namespace's record, looked up by name inside the commit. */
  async function changeNamespace(principal: Principal, name: string, change: (ns: StoredNamespace) => StoredNamespace | 'delete') {
    const ns = namespaceFor(principal, name)
    let failure: unknown
    await writeNamespace(ns.id, (current) => {
      if (!current) {
        failure = notFound(`Metadata definition namespace=${name} was not found.`)
        return undefined
      }
      try {
        return change(current)
      } catch (error) {
        failure = error
        return undefined
      }
    })
    if (failure) throw failure
  }

  function protectedCheck(ns: StoredNamespace, message: string) {
    if (ns.protected) throw forbidden(message)
  }

  return {
    ready,

    // ---- namespaces ----
    listNamespaces(principal: Principal, search: URLSearchParams) {
      const sortDir = parseSortDir(search)
      const visibility = search.get('visibility')
      if (visibility && visibility !== 'public' && visibility !== 'private') throw badRequest(`Invalid visibility value: ${visibility}`)
      const limit = parseLimit(search.get('limit'))
      const sortKey = search.get('sort_key') ?? 'created_at'
      if (!namespaceSortKeys.has(sortKey)) throw badRequest(`Invalid sort key: ${sortKey}`)
      enforce(principal, 'get_metadef_namespaces')
      enforce(principal, 'list_metadef_resource_types')
      // Each namespace is also checked against get_metadef_namespace, and left out when refused.
      let candidates = allNamespaces().filter((ns) => isVisible(ns, principal) && metadefPolicyAllows(principal, 'get_metadef_namespace', ns))
      if (visibility) candidates = candidates.filter((ns) => ns.visibility === visibility)
      const resourceTypes = search.get('resource_types')
      if (resourceTypes !== null) {
        const wanted = new Set(resourceTypes.split(','))
        candidates = candidates.filter((ns) => ns.resource_type_associations.some((a) => wanted.has(a.name)))
      }
      const sign = sortDir === 'asc' ? 1 : -1
      const keys = sortKey === 'created_at' || sortKey === 'id' ? [sortKey, 'id'] : [sortKey, 'created_at', 'id']
      const valueOf = (ns: StoredNamespace & { seq: number }, key: string): unknown => (key === 'id' ? ns.seq : (ns as unknown as Record<string, unknown>)[key])
      const comparator = (a: StoredNamespace & { seq: number }, b: StoredNamespace & { seq: number }) => {
        for (const key of keys) {
          const order = compareValues(valueOf(a, key), valueOf(b, key))
          if (order) return sign * order
        }
        return 0
      }
      candidates.sort(comparator)
      const marker = search.get('marker')
      if (marker !== null) {
        const markerNs = byName(marker)
        if (!markerNs) throw notFound(`Metadata definition namespace=${marker} was not found.`)
        if (!isVisible(markerNs, principal)) throw forbidden(`Forbidding request, metadata definition namespace=${marker} is not visible.`)
        // paginate_query: the page starts after the marker's place in the sort order.
        candidates = candidates.filter((ns) => comparator(ns, markerNs) > 0)
      }
      const page = candidates.slice(0, limit)
      const params = [...search].filter(([key]) => key !== 'marker')
      const query = urlencode(params)
      const result: Record<string, unknown> = { namespaces: page.map((ns) => namespaceView(ns, { associations: true })) }
      if (page.length !== 0 && page.length === limit) result.next = `/v2/metadefs/namespaces?${urlencode([...params, ['marker', page.at(-1)!.namespace]])}`
      result.schema = '/v2/schemas/metadefs/namespaces'
      result.first = query ? `/v2/metadefs/namespaces?${query}` : '/v2/metadefs/namespaces'
      return result
    },

    async createNamespace(principal: Principal, body: unknown) {
      const given = checkBody(body, metadefBodySchemas.namespace)
      enforce(principal, 'add_metadef_namespace')
      if (Array.isArray(given.resource_type_associations) && given.resource_type_associations.length) enforce(principal, 'add_metadef_resource_type_association')
      if (Array.isArray(given.objects) && given.objects.length) enforce(principal, 'add_metadef_object')
      if (isJsonObject(given.properties) && Object.keys(given.properties).length) enforce(principal, 'add_metadef_property')
      if (Array.isArray(given.tags) && given.tags.length) enforce(principal, 'add_metadef_tag')
      const at = now()
      const associations = ((given.resource_type_associations ?? []) as unknown[]).map(associationFields)
      const objects = ((given.objects ?? []) as unknown[]).map(objectFields)
      const tags = ((given.tags ?? []) as Body[]).map((tag) => ({ name: String(tag.name) }))
      const properties = propertyMap(given.properties)
      for (const [i, object] of objects.entries()) {
        if (objects.findIndex((o) => o.name === object.name) !== i) throw conflict(`A metadata definition object with name=${object.name} already exists in namespace=${given.namespace}.`)
      }
      for (const [i, tag] of tags.entries()) {
        if (tags.findIndex((t) => t.name.toLowerCase() === tag.name.toLowerCase()) !== i) {
          throw conflict(`A metadata tag with name=${tag.name} already exists in namespace=${given.namespace}. (Please note that metadata tag names are case insensitive).`)
        }
      }
      const created = await insertNamespace(
        {
          namespace: String(given.namespace),
          display_name: text(given.display_name),
          description: text(given.description),
          visibility: text(given.visibility) ?? 'private',
          protected: typeof given.protected === 'boolean' ? given.protected : false,
          owner: text(given.owner) ?? principal.project,
          properties: Object.entries(properties ?? {}).map(([name, definition]) => ({ name, definition })),
          objects: objects.map((object) => ({ ...object, created_at: at, updated_at: at })),
          tags: tags.map((tag) => ({ ...tag, created_at: at, updated_at: at })),
          resource_type_associations: associations.map((a) => ({ ...a, created_at: at, updated_at: at })),
        },
        false,
      )
      // Glance answers with what was sent for the contents (wsme models of the request), not the rows.
      const view = namespaceView(created)
      const withContents: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(view)) {
        if (key === 'self') {
          if (given.resource_type_associations !== undefined) withContents.resource_type_associations = associations.map((a) => associationView(a as StoredAssociation))
          if (properties) withContents.properties = propertiesView(properties)
          if (given.objects !== undefined) withContents.objects = objects.map((o) => objectFieldsView(o))
          if (given.tags !== undefined) withContents.tags = tags
        }
        withContents[key] = value
      }
      return withContents
    },

    showNamespace(principal: Principal, name: string, search: URLSearchParams) {
      const ns = byName(name)
      if (!ns) throw notFound(`Metadata definition namespace=${name} was not found.`)
      // An invisible namespace is a bare 404 here (show turns the Forbidden into HTTPNotFound()).
      if (!isVisible(ns, principal) || !metadefPolicyAllows(principal, 'get_metadef_namespace', ns)) throw notFound()
      for (const action of ['list_metadef_resource_types', 'get_metadef_objects', 'get_metadef_properties', 'get_metadef_tags'] as const) enforce(principal, action, ns)
      return namespaceView(ns, { all: true, prefixFor: search.get('resource_type') || undefined })
    },

    async updateNamespace(principal: Principal, name: string, body: unknown) {
      const ns = byName(name)
      if (!ns || !isVisible(ns, principal)) throw notFound(`Namespace ${name} not found`)
      const given = checkBody(body, metadefBodySchemas.namespace)
      enforce(principal, 'modify_metadef_namespace', ns)
      const newName = String(given.namespace)
      let updated: StoredNamespace | undefined
      let failure: unknown
      await writeNamespace(ns.id, (current) => {
        if (!current) return void (failure = notFound(`Namespace ${name} not found`))
        if (newName !== current.namespace && byName(newName)) {
          return void (failure = conflict(`Invalid update. It would result in a duplicate metadata definition namespace with the same name of ${newName}`))
        }
        updated = {
          ...current,
          namespace: newName,
          display_name: text(given.display_name),
          description: text(given.description),
          visibility: text(given.visibility) || 'private',
          protected: given.protected === true,
          owner: text(given.owner) || principal.project,
          updated_at: now(),
        }
        return updated
      })
      if (failure) throw failure
      return namespaceView(updated!)
    },

    async deleteNamespace(principal: Principal, name: string) {
      const ns = byName(name)
      if (!ns || !isVisible(ns, principal)) throw notFound(`Namespace ${name} not found`)
      enforce(principal, 'delete_metadef_namespace', ns)
      await changeNamespace(principal, name, (current) => {
        protectedCheck(current, `Metadata definition namespace ${name} is protected and cannot be deleted.`)
        return 'delete'
      })
    },

    /** DELETE .../objects, .../properties, .../tags: every item at once, refused for a protected namespace. */
    async deleteContents(principal: Principal, name: string, what: 'objects' | 'properties' | 'tags') {
      const ns = byName(name)
      if (!ns || !isVisible(ns, principal)) throw notFound(`Namespace ${name} not found`)
      enforce(principal, 'delete_metadef_namespace', ns)
      if (what === 'tags') enforce(principal, 'delete_metadef_tags', ns)
      await changeNamespace(principal, name, (current) => {
        protectedCheck(current, `Metadata definition namespace ${name} is protected and cannot be deleted.`)
        return { ...current, [what]: [] }
      })
    },

    // ---- objects ----
    listObjects(principal: Principal, name: string, search: URLSearchParams) {
      parseSortDir(search)
      if (search.get('limit') !== null) {
        const limit = parseLimit(search.get('limit'))
        if (limit === 0) throw badRequest('limit param must be positive')
      }
      const ns = namespaceFor(principal, name)
      enforce(principal, 'get_metadef_objects', ns)
      return { objects: ns.objects.map((object) => objectView(ns.namespace, object)), schema: 'v2/schemas/metadefs/objects' }
    },

    async createObject(principal: Principal, name: string, body: unknown) {
      const given = checkBody(body, metadefBodySchemas.object)
      if (isJsonObject(given.properties)) {
        for (const property of Object.values(given.properties)) checkBody(property, propertyWithoutName, 'property')
      }
      const ns = namespaceFor(principal, name)
      enforce(principal, 'add_metadef_object', ns)
      const at = now()
      const object: StoredObject = { ...objectFields(given), created_at: at, updated_at: at }
      await changeNamespace(principal, name, (current) => {
        if (current.objects.some((o) => o.name === object.name)) throw conflict(`A metadata definition object with name=${object.name} already exists in namespace=${name}.`)
        return { ...current, objects: [...current.objects, object] }
      })
      return objectView(name, object)
    },

    showObject(principal: Principal, name: string, objectName: string) {
      const ns = namespaceFor(principal, name)
      enforce(principal, 'get_metadef_object', ns)
      return objectView(ns.namespace, findObject(ns, objectName))
    },

    async updateObject(principal: Principal, name: string, objectName: string, body: unknown) {
      const given = checkBody(body, metadefBodySchemas.object)
      const ns = namespaceFor(principal, name)
      enforce(principal, 'modify_metadef_object', ns)
      let updated: StoredObject | undefined
      await changeNamespace(principal, name, (current) => {
        const existing = findObject(current, objectName)
        const fields = objectFields(given)
        if (fields.name !== objectName && current.objects.some((o) => o.name === fields.name)) {
          throw conflict(`Invalid update. It would result in a duplicate metadata definition object with the same name=${fields.name} in namespace=${name}.`)
        }
        updated = { ...fields, created_at: existing.created_at, updated_at: now() }
        return { ...current, objects: current.objects.map((o) => (o.name === objectName ? updated! : o)) }
      })
      return objectView(name, updated!)
    },

    async deleteObject(principal: Principal, name: string, objectName: string) {
      const ns = namespaceFor(principal, name)
      enforce(principal, 'delete_metadef_object', ns)
      await changeNamespace(principal, name, (current) => {
        findObject(current, objectName)
        protectedCheck(current, `Metadata definition object ${objectName} is protected and cannot be deleted.`)
        return { ...current, objects: current.objects.filter((o) => o.name !== objectName) }
      })
    },

    // ---- properties ----
    listProperties(principal: Principal, name: string) {
      const ns = namespaceFor(principal, name)
      enforce(principal, 'get_metadef_properties', ns)
      return { properties: Object.fromEntries(ns.properties.map((p) => [p.name, propertyView(p.definition)])) }
    },

    async createProperty(principal: Principal, name: string, body: unknown) {
      const given = checkBody(body, metadefBodySchemas.property)
      const ns = namespaceFor(principal, name)
      enforce(principal, 'add_metadef_property', ns)
      const property = { name: String(given.name), definition: { ...propertyDefinition(given), name: String(given.name) } }
      await changeNamespace(principal, name, (current) => {
        if (current.properties.some((p) => p.name === property.name)) {
          throw conflict(`A metadata definition property with name=${property.name} already exists in namespace=${name}.`)
        }
        return { ...current, properties: [...current.properties, property] }
      })
      return propertyView(property.definition, property.name)
    },

    showProperty(principal: Principal, name: string, propertyName: string, search: URLSearchParams) {
      const ns = namespaceFor(principal, name)
      enforce(principal, 'get_metadef_property', ns)
      let wanted = propertyName
      const resourceType = search.get('resource_type')
      if (resourceType) {
        const association = ns.resource_type_associations.find((a) => a.name === resourceType)
        if (!association) {
          throw notFound(`The metadata definition resource-type association of resource-type=${resourceType} to namespace=${name}, was not found.`)
        }
        const prefix = association.prefix
        if (prefix && propertyName.startsWith(prefix)) wanted = propertyName.slice(prefix.length)
        else throw notFound(`Property ${propertyName} does not start with the expected resource type association prefix of '${prefix ?? 'None'}'.`)
      }
      const property = ns.properties.find((p) => p.name === wanted)
      if (!property) throw notFound(`The metadata definition property with name=${wanted} was not found in namespace=${name}.`)
      return propertyView(property.definition, property.name)
    },

    async updateProperty(principal: Principal, name: string, propertyName: string, body: unknown) {
      const given = checkBody(body, metadefBodySchemas.property)
      const ns = namespaceFor(principal, name)
      enforce(principal, 'modify_metadef_property', ns)
      const property = { name: String(given.name), definition: { ...propertyDefinition(given), name: String(given.name) } }
      await changeNamespace(principal, name, (current) => {
        if (!current.properties.some((p) => p.name === propertyName)) {
          throw notFound(`The metadata definition property with name=${propertyName} was not found in namespace=${name}.`)
        }
        if (property.name !== propertyName && current.properties.some((p) => p.name === property.name)) {
          throw conflict(`Invalid update. It would result in a duplicate metadata definition property with the same name=${property.name} in namespace=${name}.`)
        }
        return { ...current, properties: current.properties.map((p) => (p.name === propertyName ? property : p)) }
      })
      return propertyView(property.definition, property.name)
    },

    async deleteProperty(principal: Principal, name: string, propertyName: string) {
      const ns = namespaceFor(principal, name)
      enforce(principal, 'remove_metadef_property', ns)
      await changeNamespace(principal, name, (current) => {
        if (!current.properties.some((p) => p.name === propertyName)) {
          throw notFound(`The metadata definition property with name=${propertyName} was not found in namespace=${name}.`)
        }
        protectedCheck(current, `Metadata definition property ${propertyName} is protected and cannot be deleted.`)
        return { ...current, properties: current.properties.filter((p) => p.name !== propertyName) }
      })
    },

    // ---- tags ----
    listTags(principal: Principal, name: string, search: URLSearchParams) {
      const sortDir = parseSortDir(search)
      const limit = search.get('limit') === null ? undefined : parseLimit(search.get('limit'))
      if (limit === 0) throw badRequest('limit param must be positive')
      const ns = namespaceFor(principal, name)
      enforce(principal, 'get_metadef_tags', ns)
      const tags = ns.tags.map((tag, index) => ({ tag, index }))
      const sign = sortDir === 'asc' ? 1 : -1
      tags.sort((a, b) => sign * (compareValues(a.tag.created_at, b.tag.created_at) || a.index - b.index))
      return { tags: tags.slice(0, limit).map(({ tag }) => tagView(tag)) }
    },

    async createTags(principal: Principal, name: string, body: unknown, append: boolean) {
      const given = checkBody(body, tagListSchema, 'tags')
      const ns = namespaceFor(principal, name)
      enforce(principal, 'add_metadef_tags', ns)
      const at = now()
      const added = ((given.tags ?? []) as Body[]).map((tag) => ({ name: String(tag.name), created_at: at, updated_at: at }))
      if (added.length === 0) return { tags: [] }
      await changeNamespace(principal, name, (current) => {
        const kept = append ? current.tags : []
        const seen = new Set(kept.map((tag) => tag.name.toLowerCase()))
        for (const tag of added) {
          if (seen.has(tag.name.toLowerCase())) {
            throw conflict(`A metadata tag with name=${tag.name} already exists in namespace=${name}. (Please note that metadata tag names are case insensitive).`)
          }
          seen.add(tag.name.toLowerCase())
        }
        return { ...current, tags: [...kept, ...added] }
      })
      return { tags: added.map(tagView) }
    },

    async createTag(principal: Principal, name: string, tagName: string) {
      if (tagName.length > 80) throw invalidObject('tag', `'${tagName}' is too long`)
      const ns = namespaceFor(principal, name)
      enforce(principal, 'add_metadef_tag', ns)
      const at = now()
      const tag = { name: tagName, created_at: at, updated_at: at }
      await changeNamespace(principal, name, (current) => {
        if (current.tags.some((t) => t.name.toLowerCase() === tagName.toLowerCase())) {
          throw conflict(`A metadata tag with name=${tagName} already exists in namespace=${name}. (Please note that metadata tag names are case insensitive).`)
        }
        return { ...current, tags: [...current.tags, tag] }
      })
      return tagView(tag)
    },

    showTag(principal: Principal, name: string, tagName: string) {
      const ns = namespaceFor(principal, name)
      enforce(principal, 'get_metadef_tag', ns)
      return tagView(findTag(ns, tagName))
    },

    async updateTag(principal: Principal, name: string, tagName: string, body: unknown) {
      const given = checkBody(body, metadefBodySchemas.tag)
      const ns = namespaceFor(principal, name)
      enforce(principal, 'modify_metadef_tag', ns)
      const newName = String(given.name)
      let updated: { name: string; created_at: string; updated_at: string } | undefined
      await changeNamespace(principal, name, (current) => {
        const existing = findTag(current, tagName)
        if (current.tags.some((t) => t !== existing && t.name.toLowerCase() === newName.toLowerCase())) {
          throw conflict(`A metadata tag with name=${newName} already exists in namespace=${name}. (Please note that metadata tag names are case insensitive).`)
        }
        updated = { name: newName, created_at: existing.created_at, updated_at: now() }
        return { ...current, tags: current.tags.map((t) => (t.name === tagName ? updated! : t)) }
      })
      return tagView(updated!)
    },

    async deleteTag(principal: Principal, name: string, tagName: string) {
      const ns = namespaceFor(principal, name)
      enforce(principal, 'delete_metadef_tag', ns)
      await changeNamespace(principal, name, (current) => {
        findTag(current, tagName)
        protectedCheck(current, `Metadata definition tag ${tagName} is protected and cannot be deleted.`)
        return { ...current, tags: current.tags.filter((t) => t.name !== tagName) }
      })
    },

    // ---- resource types ----
    listResourceTypes(principal: Principal) {
      enforce(principal, 'list_metadef_resource_types')
      // In the order they were created, as the table's ids run.
      const types = store.keys(resourceTypesKind).map((key) => readResourceType(key) as StoredResourceType & { seq: number })
      return { resource_types: types.sort((a, b) => a.seq - b.seq).map(resourceTypeView) }
    },

    listAssociations(principal: Principal, name: string) {
      const ns = namespaceFor(principal, name)
      enforce(principal, 'get_metadef_resource_type', ns)
      return { resource_type_associations: ns.resource_type_associations.map(associationView) }
    },

    async createAssociation(principal: Principal, name: string, body: unknown) {
      const given = checkBody(body, metadefBodySchemas.resourceType)
      const ns = namespaceFor(principal, name)
      enforce(principal, 'add_metadef_resource_type_association', ns)
      const at = now()
      const association: StoredAssociation = { ...associationFields(given), created_at: at, updated_at: at }
      await ensureResourceType(association.name, false)
      await changeNamespace(principal, name, (current) => {
        if (current.resource_type_associations.some((a) => a.name === association.name)) {
          throw conflict(`The metadata definition resource-type association of resource-type=${association.name} to namespace=${name} already exists.`)
        }
        return { ...current, resource_type_associations: [...current.resource_type_associations, association] }
      })
      return associationView(association)
    },

    async deleteAssociation(principal: Principal, name: string, resourceType: string) {
      const ns = namespaceFor(principal, name)
      enforce(principal, 'remove_metadef_resource_type_association', ns)
      await changeNamespace(principal, name, (current) => {
        if (!current.resource_type_associations.some((a) => a.name === resourceType)) {
          throw notFound(`The metadata definition resource-type association of resource-type=${resourceType} to namespace=${name}, was not found.`)
        }
        protectedCheck(current, `Metadata definition resource-type-association ${resourceType} is protected and cannot be deleted.`)
        return { ...current, resource_type_associations: current.resource_type_associations.filter((a) => a.name !== resourceType) }
      })
    },
  }
}

function findObject(ns: StoredNamespace, objectName: string): StoredObject {
  const object = ns.objects.find((o) => o.name === objectName)
  if (!object) throw notFound(`The metadata definition object with name=${objectName} was not found in namespace=${ns.namespace}.`)
  return object
}

function findTag(ns: StoredNamespace, tagName: string) {
  const tag = ns.tags.find((t) => t.name === tagName)
  if (!tag) throw notFound(`The metadata definition tag with name=${tagName} was not found in namespace=${ns.namespace}.`)
  return tag
}

/** An object's fields as the create answer shows them (the request's model, no links). */
function objectFieldsView(object: Omit<StoredObject, 'created_at' | 'updated_at'>): Record<string, unknown> {
  const view: Record<string, unknown> = { name: object.name }
  if (object.required) view.required = object.required
  if (object.description !== undefined) view.description = object.description
  if (object.properties) view.properties = propertiesView(object.properties)
  return view
}

// metadef_objects.py validates each object property with the property schema minus the required name.
const propertyWithoutName = { ...metadefBodySchemas.property, required: ['type', 'title'] } as Record<string, unknown>

// POST .../tags: {"tags": [{"name": ...}]}, names up to 80 characters as the tag schema says.
const tagListSchema: Record<string, unknown> = {
  name: 'tags',
  type: 'object',
  properties: { tags: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 80 } } } } },
}

export type MetadefService = ReturnType<typeof createMetadefService>
