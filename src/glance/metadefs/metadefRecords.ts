// Metadata definitions as the emulator stores them: one record per namespace holding its properties,
// objects, tags and resource-type associations (Glance keeps them in five tables joined by the
// namespace id; one record makes a namespace's changes atomic), and one record per resource type.
// Views are what glance/api/v2/model/metadef_*.py serialize: wsme attributes in declaration order,
// unset (None) attributes left out.

export interface PropertyDefinition {
  [key: string]: unknown
}

export interface StoredProperty {
  name: string
  definition: PropertyDefinition
}

export interface StoredObject {
  name: string
  description?: string
  required?: string[]
  properties?: Record<string, PropertyDefinition>
  created_at: string
  updated_at: string
}

export interface StoredTag {
  name: string
  created_at: string
  updated_at: string
}

export interface StoredAssociation {
  name: string
  prefix?: string
  properties_target?: string
  created_at: string
  updated_at: string
}

export interface StoredNamespace {
  /** Internal key: stays the same when the namespace is renamed. */
  id: string
  namespace: string
  display_name?: string
  description?: string
  visibility: string | null
  protected: boolean | null
  owner: string | null
  created_at: string
  updated_at: string
  properties: StoredProperty[]
  objects: StoredObject[]
  tags: StoredTag[]
  resource_type_associations: StoredAssociation[]
}

export interface StoredResourceType {
  name: string
  protected: boolean
  created_at: string
  updated_at: string
}

// PropertyType's attributes in wsme declaration order (name first when present).
const propertyKeys = [
  'name', 'type', 'title', 'description', 'operators', 'default', 'readonly', 'minimum', 'maximum', 'enum', 'pattern',
  'minLength', 'maxLength', 'confidential', 'items', 'uniqueItems', 'minItems', 'maxItems', 'additionalItems',
] as const

function ordered(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of keys) if (Object.hasOwn(source, key) && source[key] !== null && source[key] !== undefined) out[key] = source[key]
  return out
}

/** A property as PropertyType serializes it; items keep ItemType's order (type, enum). */
export function propertyView(definition: PropertyDefinition, name?: string): Record<string, unknown> {
  const view = ordered(name === undefined ? definition : { ...definition, name }, propertyKeys)
  if (view.items && typeof view.items === 'object') view.items = ordered(view.items as Record<string, unknown>, ['type', 'enum'])
  return view
}

export function propertiesView(properties: Record<string, PropertyDefinition> | undefined): Record<string, unknown> | undefined {
  if (!properties) return undefined
  // fromEntries defines own properties: a property named __proto__ stays a property.
  return Object.fromEntries(Object.entries(properties).map(([name, definition]) => [name, propertyView(definition)]))
}

const namespaceHref = (name: string) => `/v2/metadefs/namespaces/${name}`

export function objectView(namespace: string, object: StoredObject): Record<string, unknown> {
  return ordered(
    {
      ...object,
      properties: propertiesView(object.properties),
      self: `${namespaceHref(namespace)}/objects/${object.name}`,
      schema: '/v2/schemas/metadefs/object',
    },
    ['name', 'required', 'description', 'properties', 'created_at', 'updated_at', 'self', 'schema'],
  )
}

export const tagView = (tag: StoredTag) => ordered({ ...tag }, ['name', 'created_at', 'updated_at'])

export const associationView = (association: StoredAssociation) =>
  ordered({ ...association }, ['name', 'prefix', 'properties_target', 'created_at', 'updated_at'])

const namespaceKeys = [
  'namespace', 'display_name', 'description', 'visibility', 'protected', 'owner', 'created_at', 'updated_at',
  'resource_type_associations', 'properties', 'objects', 'tags', 'self', 'schema',
]

/** The namespace alone (list entries, create/update answers), or with its contents (show). */
export function namespaceView(ns: StoredNamespace, contents: { associations?: boolean; all?: boolean; prefixFor?: string } = {}): Record<string, unknown> {
  const view: Record<string, unknown> = {
    namespace: ns.namespace,
    display_name: ns.display_name,
    description: ns.description,
    visibility: ns.visibility,
    protected: ns.protected,
    owner: ns.owner,
    created_at: ns.created_at,
    updated_at: ns.updated_at,
    self: namespaceHref(ns.namespace),
    schema: '/v2/schemas/metadefs/namespace',
  }
  if ((contents.associations || contents.all) && ns.resource_type_associations.length) {
    view.resource_type_associations = ns.resource_type_associations.map(associationView)
  }
  if (contents.all) {
    const prefix = contents.prefixFor === undefined ? undefined : ns.resource_type_associations.find((a) => a.name === contents.prefixFor)?.prefix
    const named = (name: string) => (prefix ? prefix + name : name)
    if (ns.objects.length) {
      view.objects = ns.objects.map((object) => {
        const shown = objectView(ns.namespace, object)
        if (prefix && object.properties) {
          shown.properties = Object.fromEntries(Object.entries(shown.properties as object).map(([name, value]) => [named(name), value]))
          if (object.required?.length) shown.required = object.required.map(named)
        }
        return shown
      })
    }
    if (ns.properties.length) view.properties = Object.fromEntries(ns.properties.map((p) => [named(p.name), propertyView(p.definition)]))
    if (ns.tags.length) view.tags = ns.tags.map((tag) => ({ name: tag.name }))
  }
  return ordered(view, namespaceKeys)
}

export const resourceTypeView = (type: StoredResourceType) => ordered({ ...type }, ['name', 'created_at', 'updated_at'])
