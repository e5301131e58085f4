// GET /v2/images: query parsing, filters, sorting and marker paging as Glance does them
// (glance/api/v2/images.py RequestDeserializer.index/_get_filters/_get_sorting_params,
// ImagesController.index, ResponseSerializer.index; glance/db/sqlalchemy/api.py
// _make_conditions_from_filters, image_get_all; glance/common/utils.py split_filter_op).
import { badRequest, GlanceError } from './errors.ts'
import type { GlanceImage } from './image.ts'
import { parseIsoTime } from './isoTime.ts'
import { getOwn } from './safeRecord.ts'
import type { MemberStatusFilter, VisibilityFilter } from './visibility.ts'

export const sortKeys = ['name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at', 'updated_at'] as const
export type SortKey = (typeof sortKeys)[number]
export type SortDir = 'asc' | 'desc'

// glance/common/config.py limit_param_default, api_limit_max.
const defaultLimit = 25
const maxLimit = 1000

export interface ListQuery {
  limit: number
  marker: string | undefined
  memberStatus: MemberStatusFilter
  visibility: VisibilityFilter
  tags: string[]
  osHidden: boolean
  protected: boolean | undefined
  /** Every other filter, in query order; all of them must match. */
  filters: Array<[string, string]>
  sort: Array<{ key: SortKey; dir: SortDir }>
}

const valueFilterKeys = new Set(['name', 'id', 'status', 'container_format', 'disk_format'])
const timeFilterKeys = new Set(['created_at', 'updated_at'])
// Columns of the images table compared as they are (glance/db/sqlalchemy/models.py Image).
const columnKeys = new Set(['owner', 'checksum', 'os_hash_algo', 'os_hash_value', 'min_ram', 'min_disk', 'size', 'virtual_size'])

function popAll(params: Array<[string, string]>, key: string): string[] {
  const values: string[] = []
  for (let i = 0; i < params.length; ) {
    if (params[i]![0] === key) values.push(params.splice(i, 1)[0]![1])
    else i++
  }
  return values
}

/** webob MultiDict.get: the last value. */
function lastValue(params: Array<[string, string]>, key: string): string | undefined {
  for (let i = params.length - 1; i >= 0; i--) if (params[i]![0] === key) return params[i]![1]
  return undefined
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return defaultLimit
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) throw badRequest('limit param must be an integer')
  const limit = Number(raw)
  if (limit < 0) throw badRequest('limit param must be positive')
  return Math.min(maxLimit, limit)
}

function validSortKey(key: string): SortKey {
  if (!(sortKeys as readonly string[]).includes(key)) {
    throw badRequest(`Invalid sort key: ${key}. It must be one of the following: ${sortKeys.join(', ')}.`)
  }
  return key as SortKey
}

function validSortDir(dir: string): SortDir {
  if (dir !== 'asc' && dir !== 'desc') throw badRequest(`Invalid sort direction: ${dir}`)
  return dir
}

function parseSort(params: Array<[string, string]>): Array<{ key: SortKey; dir: SortDir }> {
  const keys: SortKey[] = []
  const dirs: SortDir[] = []
  const newSyntax = popAll(params, 'sort')
  if (newSyntax.length > 0) {
    if (params.some(([k]) => k === 'sort_key' || k === 'sort_dir')) throw badRequest('Old and new sorting syntax cannot be combined')
    // MultiDict.pop takes the first `sort`; the rest stay and filter on a property named "sort".
    const first = newSyntax.shift()!
    for (const value of newSyntax) params.push(['sort', value])
    for (const part of first.trim().split(',')) {
      const at = part.indexOf(':')
      const key = at < 0 ? part : part.slice(0, at)
      const dir = at < 0 ? '' : part.slice(at + 1)
      keys.push(validSortKey(key.trim()))
      dirs.push(validSortDir((dir || 'desc').trim()))
    }
  } else {
    for (const key of popAll(params, 'sort_key')) keys.push(validSortKey(key.trim()))
    for (const dir of popAll(params, 'sort_dir')) dirs.push(validSortDir(dir.trim()))
    if (dirs.length > 1 && dirs.length !== keys.length) throw badRequest('Number of sort dirs does not match the number of sort keys')
  }
  if (keys.length === 0) keys.push('created_at')
  if (dirs.length === 0) dirs.push('desc')
  // image_get_all: one direction applies to every key; created_at then id break ties.
  const fallbackDir = dirs.length === 1 ? dirs[0]! : 'desc'
  const sort = keys.map((key, i) => ({ key, dir: dirs.length === 1 ? dirs[0]! : dirs[i]! }))
  for (const key of ['created_at', 'id'] as const) if (!keys.includes(key)) sort.push({ key, dir: fallbackDir })
  return sort
}

function parseBoolean(raw: string, name: string): boolean {
  if (raw !== 'true' && raw !== 'false') {
    throw badRequest(`Invalid value '${raw}' for '${name}' filter. Valid values are 'true' or 'false'.`)
  }
  return raw === 'true'
}

/** The query of GET /v2/images, validated in upstream's order. */
export function parseListQuery(search: URLSearchParams): ListQuery {
  const params: Array<[string, string]> = [...search.entries()]
  const limitRaw = popAll(params, 'limit')[0]
  const marker = popAll(params, 'marker')[0]
  const memberStatusRaw = popAll(params, 'member_status')[0] ?? 'accepted'
  const tags = popAll(params, 'tag').map((t) => t.trim())
  const visibilityRaw = lastValue(params, 'visibility')
  if (visibilityRaw && !['community', 'public', 'private', 'shared', 'all'].includes(visibilityRaw)) {
    throw badRequest(`Invalid visibility value: ${visibilityRaw}`)
  }
  if (lastValue(params, 'changes-since')) throw badRequest('The "changes-since" filter is no longer available on v2.')
  if (!['pending', 'accepted', 'rejected', 'all'].includes(memberStatusRaw)) throw badRequest(`Invalid status: ${memberStatusRaw}`)
  const limit = parseLimit(limitRaw)
  const sort = parseSort(params)
  const osHidden = parseBoolean((lastValue(params, 'os_hidden') ?? 'false').toLowerCase(), 'os_hidden')
  const protectedRaw = lastValue(params, 'protected')
  const isProtected = protectedRaw === undefined ? undefined : parseBoolean(protectedRaw, 'protected')
  const filters = params.filter(([key]) => !['visibility', 'os_hidden', 'protected', 'deleted'].includes(key))
  return {
    limit,
    marker,
    memberStatus: memberStatusRaw as MemberStatusFilter,
    visibility: (visibilityRaw || undefined) as VisibilityFilter,
    tags,
    osHidden,
    protected: isProtected,
    filters,
    sort,
  }
}

/** glance/common/utils.py split_filter_op: `op:value`, unless the whole text is an ISO time. */
function splitFilterOp(expression: string): [string, string] {
  const at = expression.indexOf(':')
  if (at < 0) return ['eq', expression]
  if (parseIsoTime(expression) !== undefined) return ['eq', expression]
  return [expression.slice(0, at), expression.slice(at + 1)]
}

/** glance/common/utils.py validate_quotes + split_filter_value_for_quotes, for `in:` lists. */
function splitInValues(value: string): string[] {
  let open = true
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '"') continue
    if (i > 0 && value[i - 1] === '\\') continue
    if (open) {
      if (i > 0 && value[i - 1] !== ',') {
        throw badRequest(`Invalid filter value ${value}. There is no comma before opening quotation mark.`)
      }
    } else if (i + 1 !== value.length && value[i + 1] !== ',') {
      throw badRequest(`Invalid filter value ${value}. There is no comma after closing quotation mark.`)
    }
    open = !open
  }
  if (!open) throw badRequest(`Invalid filter value ${value}. The quote is not closed.`)
  const out: string[] = []
  for (const match of value.matchAll(/"([^"\\]*(?:\\.[^"\\]*)*)",?|([^,]+),?|,/g)) out.push(match[1] ?? match[2] ?? '')
  return out
}

type Predicate = (image: GlanceImage) => boolean

function timePredicate(key: 'created_at' | 'updated_at', raw: string): Predicate {
  const [op, time] = splitFilterOp(raw)
  const threshold = parseIsoTime(time)
  if (threshold === undefined) throw badRequest(`Bad "${key}" query filter format. Use ISO 8601 DateTime notation.`)
  const compare: Record<string, (a: number, b: number) => boolean> = {
    gt: (a, b) => a > b,
    gte: (a, b) => a >= b,
    lt: (a, b) => a < b,
    lte: (a, b) => a <= b,
    eq: (a, b) => a === b,
    neq: (a, b) => a !== b,
  }
  const test = getOwn(compare, op)
  if (!test) throw new GlanceError(400, { explanation: 'Unable to filter using the specified operator.' })
  return (image) => test(Date.parse(image[key]), threshold)
}

function valuePredicate(key: string, raw: string): Predicate {
  const [op, value] = splitFilterOp(raw)
  const read = (image: GlanceImage) => image[key as 'name'] as string | null
  if (op === 'in') {
    const options = splitInValues(value)
    return (image) => {
      const actual = read(image)
      return actual !== null && options.includes(actual)
    }
  }
  if (op === 'eq') return (image) => read(image) === value
  throw badRequest(`Unable to filter by unknown operator '${op}'.`)
}

function rangePredicate(key: 'size_min' | 'size_max', raw: string): Predicate {
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) throw badRequest('Unable to filter on a range with a non-numeric value.')
  const bound = Number(raw)
  return key === 'size_min'
    ? (image) => image.size !== null && image.size >= bound
    : (image) => image.size !== null && image.size <= bound
}

function columnValue(image: GlanceImage, key: string): string | null {
  const value = image[key as keyof GlanceImage]
  return value === null || value === undefined ? null : String(value)
}

/** One predicate for all of the query's filters (upstream ANDs every condition). */
export function imageFilter(query: ListQuery): Predicate {
  const predicates: Predicate[] = [(image) => image.os_hidden === query.osHidden]
  if (query.protected !== undefined) predicates.push((image) => image.protected === query.protected)
  for (const [key, raw] of query.filters) {
    if (timeFilterKeys.has(key)) predicates.push(timePredicate(key as 'created_at', raw))
    else if (valueFilterKeys.has(key)) predicates.push(valuePredicate(key, raw))
    else if (key === 'size_min' || key === 'size_max') predicates.push(rangePredicate(key, raw))
    else if (columnKeys.has(key)) predicates.push((image) => columnValue(image, key) === raw)
    // Any other key names an extra property, compared exactly (no error for unknown names).
    else predicates.push((image) => Object.hasOwn(image.properties, key) && image.properties[key] === raw)
  }
  for (const tag of query.tags) predicates.push((image) => image.tags.includes(tag))
  return (image) => predicates.every((p) => p(image))
}

function compareValues(a: string | number | null, b: string | number | null): number {
  // Nulls sort lowest, as in MySQL.
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a) < String(b) ? -1 : 1
}

/** The sort order of the query, as a comparator. */
export function imageComparator(sort: ListQuery['sort']): (a: GlanceImage, b: GlanceImage) => number {
  return (a, b) => {
    for (const { key, dir } of sort) {
      const va = key === 'created_at' || key === 'updated_at' ? Date.parse(a[key]) : a[key]
      const vb = key === 'created_at' || key === 'updated_at' ? Date.parse(b[key]) : b[key]
      const order = compareValues(va, vb)
      if (order !== 0) return dir === 'asc' ? order : -order
    }
    return 0
  }
}

/** Python's urllib.parse.quote_plus, as urlencode uses it. */
function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+')
}

/**
 * ResponseSerializer.index: `first` repeats the query without the marker, `next` adds the last
 * image's id as marker. webob's dict(params) keeps each key once, at its first position, with its
 * last value; links are relative to the endpoint.
 */
export function pageLinks(search: URLSearchParams, nextMarker: string | undefined): { first: string; next?: string } {
  const params = new Map<string, string>()
  for (const [key, value] of search.entries()) params.set(key, value)
  params.delete('marker')
  const encode = (entries: Map<string, string>) => [...entries].map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&')
  const query = encode(params)
  const links: { first: string; next?: string } = { first: query ? `/v2/images?${query}` : '/v2/images' }
  if (nextMarker !== undefined) {
    params.set('marker', nextMarker)
    links.next = `/v2/images?${encode(params)}`
  }
  return links
}
