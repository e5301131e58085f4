// The Glance image as the emulator stores it, and as Glance shows it. Extra (free-form) properties
// live apart from the core ones, so no user-chosen name can collide with a field the emulator needs.
import type { ImageStatus } from './lifecycle.ts'
import { emptyRecord } from './safeRecord.ts'

export type ImageVisibility = 'public' | 'private' | 'shared' | 'community'

/** Where some of the image's data lives: a store URL, and the store's metadata (`store` with several stores). */
export interface ImageLocation {
  url: string
  metadata: Record<string, unknown>
}

export interface GlanceImage {
  id: string
  name: string | null
  disk_format: string | null
  container_format: string | null
  visibility: ImageVisibility
  size: number | null
  virtual_size: number | null
  status: ImageStatus
  checksum: string | null
  protected: boolean
  min_ram: number
  min_disk: number
  owner: string | null
  os_hidden: boolean
  os_hash_algo: string | null
  os_hash_value: string | null
  created_at: string
  updated_at: string
  /** A set, kept in the order tags were added. */
  tags: string[]
  /**
   * Extra properties, in the order they were set: strings, or null for the nullable ones of
   * schema-image.json (kernel_id, ramdisk_id).
   */
  properties: Record<string, string | null>
  /** Kept only when the deployment shows locations or has several stores (deployment.ts). */
  locations?: ImageLocation[]
}

/** Core attributes of upstream's domain Image: setting them never makes an extra property. */
export const coreAttributes: ReadonlySet<string> = new Set([
  'name',
  'disk_format',
  'container_format',
  'visibility',
  'size',
  'virtual_size',
  'status',
  'checksum',
  'protected',
  'min_ram',
  'min_disk',
  'owner',
  'os_hidden',
  'os_hash_algo',
  'os_hash_value',
  'created_at',
  'updated_at',
  'tags',
  'locations',
])

// glance/api/v2/images.py ResponseSerializer._format_image: these, in this order, after the extra
// properties.
const viewAttributes = [
  'name',
  'disk_format',
  'container_format',
  'visibility',
  'size',
  'virtual_size',
  'status',
  'checksum',
  'protected',
  'min_ram',
  'min_disk',
  'owner',
  'os_hidden',
  'os_hash_algo',
  'os_hash_value',
] as const

// Upstream hides this one from every response.
const hiddenProperties = new Set(['os_glance_stage_host'])

export function imageHref(id: string, sub = ''): string {
  return sub ? `/v2/images/${id}/${sub}` : `/v2/images/${id}`
}

/** What the deployment adds to the view: `locations` (show_multiple_locations), `stores` (enabled_backends). */
export interface ViewOptions {
  locations?: boolean
  stores?: boolean
}

/** The image as Glance's API shows it (key order is upstream's serializer order). */
export function imageView(image: GlanceImage, shown: ViewOptions = {}): Record<string, unknown> {
  // A prototype-free record: assigning any key, "__proto__" included, makes an own property.
  const view = emptyRecord<unknown>()
  for (const key of Object.keys(image.properties)) {
    if (!hiddenProperties.has(key)) view[key] = image.properties[key]
  }
  for (const key of viewAttributes) view[key] = image[key]
  view.id = image.id
  view.created_at = image.created_at
  view.updated_at = image.updated_at
  if (shown.locations) view.locations = (image.locations ?? []).map(({ url, metadata }) => ({ url, metadata: structuredClone(metadata) }))
  view.tags = [...image.tags]
  view.self = imageHref(image.id)
  view.file = imageHref(image.id, 'file')
  view.schema = '/v2/schemas/image'
  if (shown.stores) {
    const stores = (image.locations ?? []).map((location) => location.metadata.store).filter((store) => typeof store === 'string')
    if (stores.length) view.stores = stores.join(',')
  }
  return view
}
