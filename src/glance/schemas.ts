// The JSON schemas Glance serves under /v2/schemas (glance/api/v2/schemas.py). python-glanceclient
// builds its CLI flags from the image schema (type, readOnly, enum, items, description, is_base)
// and validates every image it sends or receives against it (warlock), so these documents are the
// contract: upstream's get_base_properties() (glance/api/v2/images.py) plus the default
// etc/schema-image.json, whose properties Glance marks `is_base: false`.
import { metadefSchemaDocument } from './metadefSchemas.ts'

const uuidPattern = '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$'

// glance/common/config.py [image_format] defaults.
const containerFormats = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'] as const
const diskFormats = ['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'] as const

export type JsonSchema = { [key: string]: unknown }

// `stores` (upstream adds it with multiple stores enabled) is left out: with one store there is
// none, and glanceclient 4.x turns every schema property into a CLI flag, so a served `stores`
// collides with image-create-via-import's own --stores and breaks every command.
function baseProperties(): Record<string, JsonSchema> {
  return {
    id: { type: 'string', description: 'An identifier for the image', pattern: uuidPattern },
    name: { type: ['null', 'string'], description: 'Descriptive name for the image', maxLength: 255 },
    status: {
      type: 'string',
      readOnly: true,
      description: 'Status of the image',
      enum: ['queued', 'saving', 'active', 'killed', 'deleted', 'uploading', 'importing', 'pending_delete', 'deactivated'],
    },
    visibility: { type: 'string', description: 'Scope of image accessibility', enum: ['community', 'public', 'private', 'shared'] },
    protected: { type: 'boolean', description: 'If true, image will not be deletable.' },
    os_hidden: { type: 'boolean', description: 'If true, image will not appear in default image list response.' },
    checksum: { type: ['null', 'string'], readOnly: true, description: 'md5 hash of image contents.', maxLength: 32 },
    os_hash_algo: { type: ['null', 'string'], readOnly: true, description: 'Algorithm to calculate the os_hash_value', maxLength: 64 },
    os_hash_value: {
      type: ['null', 'string'],
      readOnly: true,
      description: 'Hexdigest of the image contents using the algorithm specified by the os_hash_algo',
      // 128: a sha512 hexdigest. glanceclient validates updates against the served schema.
      maxLength: 128,
    },
    owner: { type: ['null', 'string'], description: 'Owner of the image', maxLength: 255 },
    size: { type: ['null', 'integer'], readOnly: true, description: 'Size of image file in bytes' },
    virtual_size: { type: ['null', 'integer'], readOnly: true, description: 'Virtual size of image in bytes' },
    container_format: { type: ['null', 'string'], description: 'Format of the container', enum: [null, ...containerFormats] },
    disk_format: { type: ['null', 'string'], description: 'Format of the disk', enum: [null, ...diskFormats] },
    created_at: { type: 'string', readOnly: true, description: 'Date and time of image registration' },
    updated_at: { type: 'string', readOnly: true, description: 'Date and time of the last image modification' },
    tags: { type: 'array', description: 'List of strings related to the image', items: { type: 'string', maxLength: 255 } },
    direct_url: { type: 'string', readOnly: true, description: 'URL to access the image file kept in external store' },
    min_ram: { type: 'integer', description: 'Amount of ram (in MB) required to boot image.' },
    min_disk: { type: 'integer', description: 'Amount of disk space (in GB) required to boot image.' },
    self: { type: 'string', readOnly: true, description: 'An image self url' },
    file: { type: 'string', readOnly: true, description: 'An image file url' },
    schema: { type: 'string', readOnly: true, description: 'An image schema url' },
    locations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          url: { type: 'string', maxLength: 255 },
          metadata: { type: 'object' },
          validation_data: {
            description:
              "Values to be used to populate the corresponding image properties. If the image status is not 'queued', values must exactly match those already contained in the image properties.",
            type: 'object',
            writeOnly: true,
            additionalProperties: false,
            properties: {
              checksum: { type: 'string', minLength: 32, maxLength: 32 },
              os_hash_algo: { type: 'string', maxLength: 64 },
              os_hash_value: { type: 'string', maxLength: 128 },
            },
            required: ['os_hash_algo', 'os_hash_value'],
          },
        },
        required: ['url', 'metadata'],
      },
      description: 'A set of URLs to access the image file kept in external store',
    },
  }
}

const propertyKeysDoc = 'https://docs.openstack.org/python-glanceclient/latest/cli/property-keys.html'

/** etc/schema-image.json as shipped: Glance adds `is_base: false` to each when it loads them. */
function customProperties(): Record<string, JsonSchema> {
  return {
    kernel_id: {
      type: ['null', 'string'],
      pattern: uuidPattern,
      description: 'ID of image stored in Glance that should be used as the kernel when booting an AMI-style image.',
      is_base: false,
    },
    ramdisk_id: {
      type: ['null', 'string'],
      pattern: uuidPattern,
      description: 'ID of image stored in Glance that should be used as the ramdisk when booting an AMI-style image.',
      is_base: false,
    },
    instance_uuid: {
      type: 'string',
      description:
        'Metadata which can be used to record which instance this image is associated with. (Informational only, does not create an instance snapshot.)',
      is_base: false,
    },
    architecture: { description: `Operating system architecture as specified in ${propertyKeysDoc}`, type: 'string', is_base: false },
    os_distro: { description: `Common name of operating system distribution as specified in ${propertyKeysDoc}`, type: 'string', is_base: false },
    os_version: { description: 'Operating system version as specified by the distributor.', type: 'string', is_base: false },
    description: { description: 'A human-readable string describing this image.', type: 'string', is_base: false },
    cinder_encryption_key_id: {
      description:
        'Identifier in the OpenStack Key Management Service for the encryption key for the Block Storage Service to use when mounting a volume created from this image',
      type: 'string',
      is_base: false,
    },
    cinder_encryption_key_deletion_policy: {
      description:
        "States the condition under which the Image Service will delete the object associated with the 'cinder_encryption_key_id' image property.  If this property is missing, the Image Service will take no action",
      type: 'string',
      enum: ['on_image_deletion', 'do_not_delete'],
      is_base: false,
    },
  }
}

/** glance.schema.PermissiveSchema('image', ...).raw(): extra properties must be strings. */
export function imageSchema(): JsonSchema {
  return {
    name: 'image',
    properties: { ...baseProperties(), ...customProperties() },
    additionalProperties: { type: 'string' },
    links: [
      { rel: 'self', href: '{self}' },
      { rel: 'enclosure', href: '{file}' },
      { rel: 'describedby', href: '{schema}' },
    ],
  }
}

/** glance.schema.CollectionSchema('images', image).raw(). */
function imagesSchema(): JsonSchema {
  return {
    name: 'images',
    properties: {
      images: { type: 'array', items: imageSchema() },
      first: { type: 'string' },
      next: { type: 'string' },
      schema: { type: 'string' },
    },
    links: [
      { rel: 'first', href: '{first}' },
      { rel: 'next', href: '{next}' },
      { rel: 'describedby', href: '{schema}' },
    ],
  }
}

function memberProperties(): Record<string, JsonSchema> {
  // glance/api/v2/image_members.py _MEMBER_SCHEMA
  return {
    member_id: { type: 'string', description: 'An identifier for the image member (tenantId)' },
    image_id: { type: 'string', description: 'An identifier for the image', pattern: uuidPattern },
    created_at: { type: 'string', description: 'Date and time of image member creation' },
    updated_at: { type: 'string', description: 'Date and time of last modification of image member' },
    status: { type: 'string', description: 'The status of this image member', enum: ['pending', 'accepted', 'rejected'] },
    schema: { readOnly: true, type: 'string' },
  }
}

/** Served through Schema.minimal(): no additionalProperties, no links. */
function memberSchema(): JsonSchema {
  return { name: 'member', properties: memberProperties() }
}

function membersSchema(): JsonSchema {
  return {
    name: 'members',
    properties: {
      members: { type: 'array', items: memberSchema() },
      schema: { type: 'string' },
    },
    links: [{ rel: 'describedby', href: '{schema}' }],
  }
}

/** The documents under /v2/schemas/, by the path after it. */
export function schemaDocument(name: string): JsonSchema | undefined {
  switch (name) {
    case 'image':
      return imageSchema()
    case 'images':
      return imagesSchema()
    case 'member':
      return memberSchema()
    case 'members':
      return membersSchema()
    default:
      return name.startsWith('metadefs/') ? metadefSchemaDocument(name.slice('metadefs/'.length)) : undefined
  }
}
