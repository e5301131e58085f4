// Image locations under show_multiple_locations (glance/api/v2/images.py _do_add_locations,
// _do_replace_locations, _do_remove_locations, _validate_validation_data; glance/location.py
// StoreLocations and _locations_proxy). The emulator's stores reach only what it knows: file
// locations of its own stores, and http(s) URLs registered for web-download (a URL is fetched
// without its #fragment). Anything else is an "Invalid location", as an unreachable one is.
import { isJsonObject } from '../json/jsonObject.ts'
import { badRequest, conflict, forbidden } from './errors.ts'
import type { GlanceImage, ImageLocation } from './image.ts'
import type { PatchChange } from './jsonPatch.ts'
import { pythonRepr } from './pythonRepr.ts'

export interface LocationContext {
  /** The size of the data behind `url`, or undefined when no store can read it. */
  sizeOf(url: string): number | undefined
}

// hashlib digest sizes of the algorithms Glance's hashing_algorithm may name; sha512 is its default.
const hashAlgorithm = 'sha512'
const digestBytes: Record<string, number> = { md5: 16, sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 }

const isHex = (value: unknown): value is string => typeof value === 'string' && value.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(value)

type ValidationData = Partial<Record<'checksum' | 'os_hash_algo' | 'os_hash_value', string>>

/** _validate_validation_data: values to set on a queued image, or a 409. */
function validationData(image: GlanceImage, locations: readonly Record<string, unknown>[]): ValidationData {
  const given: Record<string, unknown> = {}
  for (const location of locations) {
    if (!isJsonObject(location.validation_data)) continue
    for (const [key, value] of Object.entries(location.validation_data)) {
      if (Object.hasOwn(given, key) && given[key] !== value) throw conflict(`Conflicting values for ${key}`)
      given[key] = value
    }
  }
  const fresh: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(given)) {
    const current = image[key as keyof ValidationData]
    if (value === current) continue
    if (current) throw conflict(`${key} is already set with a different value`)
    fresh[key] = value
  }
  if (!Object.keys(fresh).length) return {}
  if (image.status !== 'queued') throw conflict(`New value(s) for ${Object.keys(fresh).join(', ')} may only be provided when image status is 'queued'`)
  if (Object.hasOwn(fresh, 'checksum')) {
    if (!isHex(fresh.checksum)) throw conflict(`checksum (${String(fresh.checksum)}) is not a valid hexadecimal value`)
    if (fresh.checksum.length !== 32) throw conflict(`checksum (${fresh.checksum}) is not the correct size for md5 (should be 16 bytes)`)
  }
  const algo = fresh.os_hash_algo
  if (algo !== hashAlgorithm) throw conflict(`os_hash_algo must be ${hashAlgorithm}, not ${algo === undefined ? 'None' : String(algo)}`)
  if (!isHex(fresh.os_hash_value)) throw conflict(`os_hash_value (${String(fresh.os_hash_value)}) is not a valid hexadecimal value`)
  if (fresh.os_hash_value.length / 2 !== digestBytes[algo]) {
    throw conflict(`os_hash_value (${fresh.os_hash_value}) is not the correct size for ${algo} (should be ${digestBytes[algo]} bytes)`)
  }
  return fresh as ValidationData
}

/** A location as stored: url and metadata (validation_data is applied to the image, not kept). */
function storedLocation(value: Record<string, unknown>): ImageLocation {
  return { url: value.url as string, metadata: isJsonObject(value.metadata) ? structuredClone(value.metadata) : {} }
}

const sameLocation = (a: ImageLocation, b: ImageLocation) => a.url === b.url && JSON.stringify(a.metadata) === JSON.stringify(b.metadata)

/** _check_location_uri: a store must read data behind it. */
function assertReadable(location: ImageLocation, context: LocationContext): number {
  const size = context.sizeOf(location.url)
  if (!size) throw badRequest('Invalid location')
  return size
}

/** StoreLocations.insert / _locations_proxy set: the image's size comes from the first readable location. */
function activate(image: GlanceImage, size: number, data: ValidationData): void {
  image.size ??= size
  if (image.status === 'queued') {
    Object.assign(image, data)
    image.status = 'active'
  }
}

/** _get_locations_op_pos. */
function position(segment: string | undefined, length: number, allowEnd: boolean): number | undefined {
  if (segment === undefined) return undefined
  let pos = allowEnd ? length : length - 1
  if (/^\d+$/.test(segment)) pos = Number(segment)
  else if (segment !== '-') return undefined
  if (!allowEnd && !(pos >= 0 && pos < length)) return undefined
  return pos
}

/** One PATCH change on /locations, applied to `image` (a working copy). */
export function changeLocations(image: GlanceImage, change: PatchChange, context: LocationContext): void {
  const locations = image.locations ?? []
  if (change.op === 'replace') {
    const value = change.value as Record<string, unknown>[]
    if (!value.length) throw forbidden('Cannot set locations to empty list.')
    if (image.status !== 'active' && image.status !== 'queued') throw conflict(`It's not allowed to replace locations if image status is ${image.status}.`)
    const data = validationData(image, value)
    const next = value.map(storedLocation)
    const urls = (list: readonly ImageLocation[]) => list.map((location) => location.url).sort()
    const sameUrls = JSON.stringify(urls(next)) === JSON.stringify(urls(locations))
    if (locations.length > 0 && !sameUrls) {
      throw badRequest(`Original locations is not empty: ${pythonRepr(locations.map((location) => ({ url: location.url, metadata: location.metadata, status: 'active' })))}`)
    }
    let size: number | undefined
    if (!sameUrls) {
      for (const location of next) {
        size ??= assertReadable(location, context)
        if (next.filter((other) => sameLocation(other, location)).length > 1) throw badRequest(`The location ${location.url} already exists`)
      }
    }
    image.locations = next
    if (size !== undefined) activate(image, size, data)
    else if (image.status === 'queued') Object.assign(image, data, { status: 'active' })
    return
  }
  if (change.op === 'add') {
    if (image.status !== 'active' && image.status !== 'queued') throw conflict(`It's not allowed to add locations if image status is ${image.status}.`)
    const value = change.value as Record<string, unknown>
    const data = validationData(image, [value])
    const pos = position(change.path[1], locations.length, true)
    if (pos === undefined) throw badRequest('Invalid position for adding a location.')
    const location = storedLocation(value)
    const size = assertReadable(location, context)
    if (locations.some((other) => sameLocation(other, location))) throw badRequest(`The location ${location.url} already exists`)
    image.locations = [...locations.slice(0, pos), location, ...locations.slice(pos)]
    activate(image, size, data)
    return
  }
  // remove
  if (image.status !== 'active') throw conflict(`It's not allowed to remove locations if image status is ${image.status}.`)
  if (locations.length === 1) throw forbidden('Cannot remove last location in the image.')
  const pos = position(change.path[1], locations.length, false)
  if (pos === undefined) throw badRequest('Invalid position for removing a location.')
  image.locations = locations.filter((_, i) => i !== pos)
}
