// Glance fixtures: images as Glance shows them (the seed's samples are such views), their data,
// and memberships. Loading turns each view back into a record, checking the data's hashes against
// the view so a fixture cannot claim a checksum its bytes do not have.
import { coreAttributes, type GlanceImage } from './image.ts'
import type { GlanceMember } from './members.ts'
import { digest } from './imageData.ts'
import { copyRecord, emptyRecord, setOwn } from './safeRecord.ts'

export interface GlanceFixture {
  description?: string
  images: Array<Record<string, unknown>>
  /** Image data by image id, base64. */
  data?: Record<string, { base64: string }>
  members?: GlanceMember[]
}

/** Whether a fixture document is Glance's: an object with an `images` array of image views. */
export function isGlanceFixture(document: unknown): document is GlanceFixture {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return false
  const images = (document as { images?: unknown }).images
  return (
    Array.isArray(images) &&
    images.every((image) => typeof image === 'object' && image !== null && typeof (image as { id?: unknown }).id === 'string')
  )
}

const viewOnly = new Set(['self', 'file', 'schema', 'id', 'locations', 'direct_url', 'stores'])

/** A record from an image view; extra properties are whatever is not a core attribute. */
function imageFromView(view: Record<string, unknown>): GlanceImage {
  const properties = emptyRecord<string | null>()
  for (const key of Object.keys(view)) {
    if (!coreAttributes.has(key) && !viewOnly.has(key)) setOwn(properties, key, view[key] === null ? null : String(view[key]))
  }
  const get = <T>(key: string, fallback: T): T => (Object.hasOwn(view, key) && view[key] !== undefined ? (view[key] as T) : fallback)
  return {
    id: String(view.id),
    name: get('name', null),
    disk_format: get('disk_format', null),
    container_format: get('container_format', null),
    visibility: get('visibility', 'shared'),
    size: get('size', null),
    virtual_size: get('virtual_size', null),
    status: get('status', 'queued'),
    checksum: get('checksum', null),
    protected: get('protected', false),
    min_ram: get('min_ram', 0),
    min_disk: get('min_disk', 0),
    owner: get('owner', null),
    os_hidden: get('os_hidden', false),
    os_hash_algo: get('os_hash_algo', null),
    os_hash_value: get('os_hash_value', null),
    created_at: String(view.created_at),
    updated_at: String(view.updated_at ?? view.created_at),
    tags: [...get<string[]>('tags', [])],
    properties: copyRecord(properties),
  }
}

export interface LoadedFixture {
  images: GlanceImage[]
  data: Map<string, Uint8Array>
  members: GlanceMember[]
}

/** Records and bytes of a fixture; throws when an image's data disagrees with its hashes. */
export function loadFixture(fixture: GlanceFixture): LoadedFixture {
  const images = fixture.images.map(imageFromView)
  // A fixture's data is decoded and checked once; every reset() loads the same bytes again.
  const checked = checkedData.get(fixture)
  if (checked) return { images, data: new Map([...checked].map(([id, bytes]) => [id, bytes.slice()])), members: [...(fixture.members ?? [])] }
  const data = new Map<string, Uint8Array>()
  for (const [id, encoded] of Object.entries(fixture.data ?? {})) {
    // atob rather than Buffer: fixtures load in the browser too.
    const bytes = Uint8Array.from(atob(encoded.base64), (char) => char.charCodeAt(0))
    const image = images.find((i) => i.id === id)
    const hashes = digest(bytes)
    if (image && (image.size !== hashes.size || image.checksum !== hashes.checksum || image.os_hash_value !== hashes.osHashValue)) {
      throw new Error(`glance fixture: the data of image ${id} does not match its size, checksum or os_hash_value`)
    }
    data.set(id, bytes)
  }
  checkedData.set(fixture, new Map([...data].map(([id, bytes]) => [id, bytes.slice()])))
  return { images, data, members: [...(fixture.members ?? [])] }
}
const checkedData = new WeakMap<GlanceFixture, Map<string, Uint8Array>>()
