// The emulated Glance over the emulator core: image and member records in the store (kinds
// 'glance.images' and 'glance.members'), image bytes beside it, time from the clock, ids from the
// seeded ids. Every operation takes the caller and already-parsed input, applies the rules of
// images.ts, members.ts, filters.ts, imageData.ts and imageImport.ts, and returns what the
// transport shows, or throws the GlanceError Glance answers with.
import { createDeletedImageIds } from './deletedImageIds.ts'
import type { Principal } from '../auth.ts'
import type { EmulatorCore } from '../core.ts'
import { badRequest, conflict, forbidden, GlanceError, gone, notFound, policyDenied, unsupportedMediaType } from './errors.ts'
import { glanceDeployment, recordsLocations, versionsEnabled } from './deployment.ts'
import { createImageCache } from './imageCache.ts'
import { changeLocations } from './locations.ts'
import { importStores, storeLocation, storesInfo, uploadStore } from './stores.ts'
import { createWebDownloads } from './webDownloads.ts'
import type { WebDownloadSource } from './options.ts'
import { imageComparator, imageFilter, pageLinks, parseListQuery } from './filters.ts'
import { isGlanceFixture, loadFixture, type GlanceFixture } from './fixtures.ts'
import { imageView, type GlanceImage, type ViewOptions } from './image.ts'
import { pythonJsonDumps } from './pythonJson.ts'
import { createImageDataStore, isOctetStream, readBodyWithin, requestedRange, type ByteRange } from './imageData.ts'
import { assertImportUri, assertMayImport, importProgressProperties, importTaskProperty, parseImportBody, remoteImport, type ImportRequest } from './imageImport.ts'
import { createImageTasks } from './imageTasks.ts'
import {
  afterAction,
  applyChanges,
  assertMayDelete,
  newImage,
  parseCreateBody,
  validateChange,
  withoutTag,
  withTag,
  type ImageAction,
} from './images.ts'
import { parsePatch } from './jsonPatch.ts'
import { assertTransition } from './lifecycle.ts'
import {
  assertHasMembers,
  assertMayAddMember,
  assertMayDeleteMember,
  assertMayUpdateMember,
  memberIdFromBody,
  memberKey,
  memberNotFound,
  memberStatusFromBody,
  memberView,
  visibleMembers,
  type GlanceMember,
} from './members.ts'
import { defaultIdentityUri, defaultMaxImageSize, type GlanceOptions } from './options.ts'
import { setOwn } from './safeRecord.ts'
import { assertMatchesSchema } from './schemaValidation.ts'
import { imageSchema } from './schemas.ts'
import { canModify, canSee, isListed } from './visibility.ts'

export const imagesKind = 'glance.images'
const membersKind = 'glance.members'

export interface ImageList {
  images: Array<Record<string, unknown>>
  first: string
  next?: string
  schema: string
}

export type DataResponse =
  | { status: 204 }
  | { status: 200 | 206; bytes: Uint8Array; size: number; checksum: string | null; range: ByteRange | undefined }

export function createGlanceService(core: EmulatorCore, options: GlanceOptions = {}) {
  const { store, clock, ids } = core
  store.defineKind(imagesKind)
  store.defineKind(membersKind)
  const data = createImageDataStore()
  const maxImageSize = options.maxImageSize ?? defaultMaxImageSize
  const deactivateByOwner = options.deactivateByOwner ?? true
  const deployment = glanceDeployment(options)
  const shownAs: ViewOptions = { locations: deployment.showLocations, stores: deployment.stores !== undefined }
  const view = (image: GlanceImage) => imageView(image, shownAs)
  const webDownloads = createWebDownloads(options.webDownloads)
  const cache = deployment.cachingForMs === undefined ? undefined : createImageCache(deployment.cachingForMs)
  /** Import tasks by image id (GET /v2/images/{id}/tasks), in the order they started. */
  let importTasks = new Map<string, Array<Record<string, unknown>>>()
  const taskById = (taskId: string) => [...importTasks.values()].flat().find((task) => task.id === taskId)
  let seeded: Promise<void> | undefined
  const deletedIds = createDeletedImageIds(options.deletedImagesKept)

  const restoreState = (state: unknown) => {
    const saved = state as { data?: unknown; tasks?: unknown; webDownloads?: unknown; cache?: unknown; importTasks?: typeof importTasks; deletedIds?: unknown } | undefined
    data.restore(saved?.data)
    deletedIds.restore(saved?.deletedIds)
    tasks.restore(saved?.tasks)
    webDownloads.restore(saved?.webDownloads)
    cache?.restore(saved?.cache)
    importTasks = structuredClone(saved?.importTasks ?? new Map())
  }
  core.keep('glance', {
    reset() {
      data.clear()
      deletedIds.clear()
      webDownloads.reset()
      cache?.reset()
      importTasks = new Map()
      seeded = undefined
      // Waiting uploads are released (and answer 410: their image is gone).
      tasks.reset()
    },
    snapshot: () => ({
      data: data.snapshot(),
      tasks: tasks.snapshot(),
      webDownloads: webDownloads.snapshot(),
      cache: cache?.snapshot(),
      importTasks: structuredClone(importTasks),
      deletedIds: deletedIds.snapshot(),
    }),
    restore(state) {
      restoreState(state)
      seeded = Promise.resolve()
    },
    // As after the reset that saved it: the option fixtures are stored on first use.
    rewind: (state) => restoreState(state),
    resync: () => tasks.resync(),
  })

  const now = () => clock.iso()

  const readImage = (id: string) => store.get(imagesKind, id) as GlanceImage | undefined
  const readMember = (imageId: string, memberId: string) => store.get(membersKind, memberKey(imageId, memberId)) as GlanceMember | undefined
  const membership = (imageId: string, project: string) => readMember(imageId, project)?.status
  const membersOf = (imageId: string): GlanceMember[] =>
    store
      .keys(membersKind)
      .filter((key) => key.startsWith(`${imageId}/`))
      .map((key) => store.get(membersKind, key) as unknown as GlanceMember)

  /** The image the caller can see, or 404 with `message` (an invisible image is never a 403). */
  function visibleImage(id: string, principal: Principal, message = `No image found with ID ${id}`): GlanceImage {
    return seen(readImage(id), principal, message)
  }

  function seen(image: GlanceImage | undefined, principal: Principal, message: string): GlanceImage {
    if (!image || !canSee(image, principal, membership)) throw notFound(message)
    return image
  }

  /**
   * Shown images by stored image JSON: a stored version is decoded and encoded once, however often it
   * is shown. The decoded image never leaves this cache; it only answers who may see it.
   */
  const shown = new Map<string, { image: GlanceImage; body: Uint8Array }>()
  const maxViewBodies = 20_000
  // A replaced or deleted version's view goes with it: kept, views would pile up with every write until the clear.
  store.subscribe((event) => {
    if (event.kind !== imagesKind) return
    if (event.previousJson !== undefined) shown.delete(event.previousJson)
    if (event.type === 'DELETED') shown.delete(event.json)
  })
  const utf8 = new TextEncoder()

  /** One read-check-write on an image: `decide` returns the new record, or undefined to leave it. */
  async function writeImage(id: string, decide: (current: GlanceImage | undefined) => GlanceImage | undefined): Promise<GlanceImage | undefined> {
    const { result } = await store.commit(() => {
      const current = readImage(id)
      const next = decide(current)
      if (!next) return { kind: imagesKind, result: current }
      return { kind: imagesKind, op: { type: current ? 'update' : 'create', key: id, object: next as unknown as Record<string, unknown> }, result: next }
    })
    return result
  }

  async function writeMember(key: string, decide: (current: GlanceMember | undefined) => GlanceMember | 'delete' | undefined) {
    const { result } = await store.commit(() => {
      const current = store.get(membersKind, key) as unknown as GlanceMember | undefined
      const next = decide(current)
      if (next === undefined) return { kind: membersKind, result: current }
      if (next === 'delete') return { kind: membersKind, op: { type: 'delete', key }, result: current }
      return { kind: membersKind, op: { type: current ? 'update' : 'create', key, object: next as unknown as Record<string, unknown> }, result: next }
    })
    return result
  }

  // Saving and importing run on the lifecycle driver, as rows of imageTasks.ts.
  const tasks = createImageTasks({
    clock,
    data,
    options: options.lifecycle,
    readImage,
    writeImage,
    download(uri) {
      // Only data the emulator knows: anything else fails as an unreachable URL would.
      const known = webDownloads.fetch(uri)
      return known && known.byteLength <= maxImageSize ? known : undefined
    },
    glanceDownload(remote) {
      // The remote Glance is found in the catalog by region and interface, then asked for the image with
      // the caller's token: here that Glance is this one, in its own region.
      if (remote.region !== deployment.region || !['public', 'internal', 'admin'].includes(remote.serviceInterface)) {
        return { failure: `${remote.serviceInterface} glance endpoint not found for region ${remote.region}` }
      }
      const source = readImage(remote.imageId)
      if (!source || !remote.principal || !canSee(source, remote.principal, membership)) return { failure: 'HTTP Error 404: Not Found' }
      if (source.status !== 'active') return { failure: `Source image status should be active instead of ${source.status}` }
      const bytes = data.get(source.id)
      return bytes ? { source, bytes } : { failure: 'HTTP Error 204: No Content' }
    },
    locate: recordsLocations(deployment) ? storeLocation : undefined,
    importEnded(taskId, failure) {
      const task = taskById(taskId)
      if (!task) return
      Object.assign(task, { status: failure === undefined ? 'success' : 'failure', message: failure ?? '', updated_at: now() })
      if (failure === undefined) task.result = { image_id: task.image_id }
    },
  })

  /** Where a store reads location data from: its own files, or web-download's URLs (the http store). */
  function sizeOf(url: string): number | undefined {
    const file = /^file:\/\/\/var\/lib\/glance\/(?:images|stores\/[^/]+)\/([^/]+)$/.exec(url)
    if (file) return data.get(file[1]!)?.byteLength
    return webDownloads.fetch(url)?.byteLength
  }

  /** manage_image_cache's policies (admin only), then whether this deployment caches at all. */
  function cacheFor(principal: Principal) {
    if (!principal.admin) throw new GlanceError(403)
    if (!cache) throw notFound('Caching via API is not supported at this site.')
    return cache
  }

  async function loadFixtureDocument(fixture: GlanceFixture): Promise<void> {
    const loaded = loadFixture(fixture)
    for (const image of loaded.images) await writeImage(image.id, (current) => (current ? undefined : image))
    for (const member of loaded.members) {
      await writeMember(memberKey(member.image_id, member.member_id), (current) => (current ? undefined : member))
    }
    for (const [id, bytes] of loaded.data) data.set(id, bytes)
  }

  async function seed(): Promise<void> {
    for (const fixture of options.fixtures ?? []) await loadFixtureDocument(fixture)
  }

  // createEmulator({ fixtures: [...] }) hands Glance-shaped documents to this loader.
  core.acceptFixtures({ accepts: isGlanceFixture, load: (document) => loadFixtureDocument(document as GlanceFixture) })

  /** Back to queued after a failed upload or stage (v2 restores rather than kills). */
  async function restoreQueued(id: string, from: GlanceImage['status']) {
    await writeImage(id, (current) =>
      current && current.status === from ? { ...current, status: 'queued', size: null, virtual_size: null, updated_at: now() } : undefined,
    )
  }

  return {
    /** Resolves once the fixtures are in the store (again after each reset). */
    ready(): Promise<void> {
      seeded ??= seed()
      return seeded
    },

    listImages(principal: Principal, search: URLSearchParams): ImageList {
      const query = parseListQuery(search)
      const matches = imageFilter(query)
      const order = imageComparator(query.sort)
      let listed = store
        .keys(imagesKind)
        .map((id) => readImage(id)!)
        .filter((image) => image.status !== 'killed')
        .filter((image) => isListed(image, principal, membership, query.visibility, query.memberStatus) && matches(image))
        .sort(order)
      if (query.marker !== undefined) {
        const marker = readImage(query.marker)
        if (!marker) throw badRequest(`No image found with ID ${query.marker}`)
        if (!canSee(marker, principal, membership)) throw forbidden(`Forbidden to access image ${query.marker}`)
        listed = listed.filter((image) => order(image, marker) > 0)
      }
      const page = listed.slice(0, query.limit)
      const full = page.length > 0 && page.length === query.limit
      return { images: page.map(view), ...pageLinks(search, full ? page.at(-1)!.id : undefined), schema: '/v2/schemas/images' }
    },

    async createImage(principal: Principal, body: unknown): Promise<GlanceImage> {
      const request = parseCreateBody(body)
      const image = newImage(request, principal, ids.uuid('glance-image'), now())
      const created = await writeImage(image.id, (current) => {
        if (current || deletedIds.has(image.id)) throw conflict(`Image ID ${image.id} already exists!`)
        return image
      })
      return created!
    },

    showImage(principal: Principal, id: string): GlanceImage {
      return visibleImage(id, principal)
    },

    /** showImage's view as the JSON bytes Glance sends. */
    showImageBody(principal: Principal, id: string): Uint8Array {
      const stored = store.getJson(imagesKind, id)
      let found = stored === undefined ? undefined : shown.get(stored)
      if (stored !== undefined && !found) {
        const image = JSON.parse(stored) as GlanceImage
        found = { image, body: utf8.encode(pythonJsonDumps(view(image), { ensureAscii: false })) }
        if (shown.size >= maxViewBodies) shown.clear()
        shown.set(stored, found)
      }
      seen(found?.image, principal, `No image found with ID ${id}`)
      return found!.body
    },

    async updateImage(principal: Principal, id: string, draft: 4 | 10, body: unknown): Promise<GlanceImage> {
      const changes = parsePatch(body, draft, validateChange)
      const result = await writeImage(id, () => {
        const image = visibleImage(id, principal)
        const next = applyChanges(image, changes, principal, now(), deployment.showLocations ? (working, change) => changeLocations(working, change, { sizeOf }) : undefined)
        return next === image ? undefined : next
      })
      return result!
    },

    async deleteImage(principal: Principal, id: string): Promise<void> {
      await store.commit(() => {
        const image = visibleImage(id, principal, `Failed to find image ${id} to delete`)
        assertMayDelete(image, principal)
        assertTransition(image.status, 'deleted')
        deletedIds.add(id)
        return { kind: imagesKind, op: { type: 'delete', key: id } }
      })
      data.delete(id)
      data.deleteStaged(id)
      for (const member of membersOf(id)) await writeMember(memberKey(id, member.member_id), () => 'delete')
    },

    async addTag(principal: Principal, id: string, tag: string): Promise<void> {
      // image_tags RequestDeserializer.update validates the tag as an image's tags.
      assertMatchesSchema({ tags: [tag] }, imageSchema())
      await writeImage(id, () => withTag(visibleImage(id, principal, `Image ${id} not found.`), tag, principal, now()))
    },

    async removeTag(principal: Principal, id: string, tag: string): Promise<void> {
      await writeImage(id, () => withoutTag(visibleImage(id, principal, `Image ${id} not found.`), tag, principal, now()))
    },

    async act(principal: Principal, id: string, action: ImageAction): Promise<void> {
      await writeImage(id, () => afterAction(visibleImage(id, principal), action, principal, deactivateByOwner, now()))
    },

    async uploadData(principal: Principal, id: string, contentType: string | null, body: ReadableStream<Uint8Array> | null, storeHeader: string | null = null): Promise<void> {
      if (!isOctetStream(contentType)) throw unsupportedMediaType()
      const store = uploadStore(deployment, storeHeader)
      await writeImage(id, () => {
        const image = visibleImage(id, principal)
        if (!canModify(image, principal)) throw policyDenied('upload_image')
        assertTransition(image.status, 'saving')
        if (!image.disk_format || !image.container_format) {
          throw badRequest('Properties disk_format, container_format must be set prior to saving data.')
        }
        return { ...image, status: 'saving', updated_at: now() }
      })
      let bytes: Uint8Array
      try {
        bytes = await readBodyWithin(body, maxImageSize)
      } catch (error) {
        await restoreQueued(id, 'saving')
        throw error
      }
      if (!(await tasks.upload(id, bytes, store))) {
        throw gone(`Image ${id} could not be found after upload. The image may have been deleted during the upload.`)
      }
    },

    downloadData(principal: Principal, id: string, rangeHeader: string | null): DataResponse {
      const image = visibleImage(id, principal)
      if (image.status === 'deactivated' && !principal.admin) {
        throw forbidden('The requested image has been deactivated. Image data download is forbidden.')
      }
      const bytes = data.get(id)
      if (!bytes || (image.status !== 'active' && image.status !== 'deactivated')) return { status: 204 }
      const range = requestedRange(rangeHeader, bytes.byteLength)
      cache?.served(id, clock.now(), bytes.byteLength, image.checksum)
      const slice = range ? bytes.subarray(range.start, range.end + 1) : bytes
      return { status: range ? 206 : 200, bytes: slice, size: bytes.byteLength, checksum: image.checksum, range }
    },

    async stageData(principal: Principal, id: string, contentType: string | null, body: ReadableStream<Uint8Array> | null): Promise<void> {
      if (!isOctetStream(contentType)) throw unsupportedMediaType()
      await writeImage(id, () => {
        const image = visibleImage(id, principal)
        if (!canModify(image, principal)) throw policyDenied('modify_image')
        assertTransition(image.status, 'uploading')
        return { ...image, status: 'uploading', updated_at: now() }
      })
      let bytes: Uint8Array
      try {
        bytes = await readBodyWithin(body, maxImageSize)
      } catch (error) {
        await restoreQueued(id, 'uploading')
        throw error
      }
      data.setStaged(id, bytes)
      await writeImage(id, (current) => (current?.status === 'uploading' ? { ...current, size: bytes.byteLength, updated_at: now() } : undefined))
    },

    async importImage(principal: Principal, id: string, body: unknown, storeHeader: string | null = null, requestId?: string): Promise<void> {
      const parsed = parseImportBody(body, deployment.stores !== undefined, deployment.importMethods)
      const taskId = ids.uuid('glance-task')
      let request!: ImportRequest
      let skip = false
      await writeImage(id, () => {
        const image = visibleImage(id, principal)
        assertMayImport(image, parsed, principal, Object.hasOwn(image.properties, importTaskProperty))
        const remote = parsed.method === 'glance-download' ? { ...remoteImport(body), principal } : undefined
        const stores = importStores(deployment, body, storeHeader)
        request = { ...parsed, stores, ...(remote ? { remote } : {}) }
        if (request.method === 'copy-image') {
          const present = new Set((image.locations ?? []).map((location) => location.metadata.store))
          if ((body as { all_stores?: unknown }).all_stores === true) {
            request.stores = stores.filter((store) => !present.has(store))
            // Already in every store: nothing to copy, and no task.
            if (!request.stores.length) {
              skip = true
              return undefined
            }
          } else {
            const there = stores.find((store) => present.has(store))
            if (there !== undefined) throw badRequest(`Image is already present at store '${there}'`)
          }
        }
        if (request.method === 'web-download') assertImportUri(request.uri)
        const properties = { ...image.properties }
        setOwn(properties, importTaskProperty, taskId)
        const [importing, failed] = importProgressProperties as [string, string]
        setOwn(properties, importing, [...new Set(request.stores)].sort().join(','))
        setOwn(properties, failed, (properties[failed] ?? '').split(',').filter((store) => store && !request.stores.includes(store)).sort().join(','))
        const status = request.method === 'copy-image' ? image.status : 'importing'
        if (status !== image.status) assertTransition(image.status, status)
        return { ...image, status, properties, updated_at: now() }
      })
      if (skip) return
      const at = now()
      const record: Record<string, unknown> = {
        id: taskId,
        type: 'api_image_import',
        status: 'processing',
        owner: principal.project ?? null,
        expires_at: null,
        created_at: at,
        updated_at: at,
        deleted_at: null,
        deleted: false,
        image_id: id,
        request_id: requestId ?? null,
        user_id: principal.user ?? null,
        input: { image_id: id, import_req: body, backend: request.stores.length ? request.stores : [null] },
        result: null,
        message: '',
      }
      importTasks.set(id, [...(importTasks.get(id) ?? []), record])
      await tasks.import(id, request, taskId)
    },

    /** GET /v2/images/{id}/tasks (since 2.12): the import tasks run on a visible image. */
    imageTasks(principal: Principal, id: string): { tasks: Array<Record<string, unknown>> } {
      const image = readImage(id)
      if (!image || !canSee(image, principal, membership)) throw notFound()
      return { tasks: structuredClone(importTasks.get(id) ?? []) }
    },

    /** GET /v2/info/stores. */
    stores: () => storesInfo(deployment),

    /** enabled_import_methods: GET /v2/info/import and the OpenStack-image-import-methods header. */
    importMethods: deployment.importMethods,

    /** The OpenStack-image-store-ids header of a create: every configured store; undefined with one store. */
    storeIds: () => deployment.stores?.map((store) => store.id),

    /** GET /v2/images/{id}/locations (a service's API: admins here), without the per-location status. */
    locations(principal: Principal, id: string): Array<{ url: string; metadata: Record<string, unknown> }> {
      const image = visibleImage(id, principal)
      if (!principal.admin) throw policyDenied('get_image_location')
      return (image.locations ?? []).map(({ url, metadata }) => ({ url, metadata: structuredClone(metadata) }))
    },

    /**
     * POST /v2/images/{id}/locations (add_location, since 2.17): a queued image gets its one location
     * from the http store and becomes active, its size and hashes read from the data there.
     */
    async addLocation(principal: Principal, id: string, body: unknown): Promise<void> {
      const record = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {}
      if (typeof record.url !== 'string') throw badRequest("Failed validating 'required' in schema: 'url' is a required property")
      const url = record.url
      await writeImage(id, () => {
        const image = visibleImage(id, principal)
        if (image.status !== 'queued') throw conflict(`It's not allowed to add locations if image status is ${image.status}.`)
        if (!principal.admin && !canModify(image, principal)) throw policyDenied('add_image_location')
        if (!/^https?:/i.test(url)) throw forbidden('http store must be enabled to use location API by normal user.')
        if (Object.hasOwn(image.properties, importTaskProperty)) throw conflict(`New operation on image '${id}' is not permitted as prior operation is still in progress`)
        const bytes = webDownloads.fetch(url)
        if (!bytes) throw badRequest('Invalid location')
        const working = { ...image, locations: [...(image.locations ?? [])] }
        changeLocations(working, { op: 'add', path: ['locations', '-'], value: { url, metadata: {}, validation_data: record.validation_data }, draft: 10 }, { sizeOf })
        data.set(id, bytes)
        return { ...working, updated_at: now() }
      })
    },

    /** Which optional versions the versions document advertises. */
    versionsEnabled: versionsEnabled(deployment),

    /** The image as this deployment shows it (with locations and stores when enabled). */
    view,

    /** GET /v2/cache. */
    cacheState(principal: Principal) {
      return cacheFor(principal).state(clock.now())
    },

    /** PUT /v2/cache/{id}: queued for the cache worker. */
    cacheQueue(principal: Principal, id: string): void {
      const image = visibleImage(id, principal, `Image ${id} not found.`)
      const imageCache = cacheFor(principal)
      if (image.status !== 'active') throw badRequest('Only images with status active can be targeted for queueing')
      imageCache.queue(id, clock.now(), image.size ?? 0, image.checksum)
    },

    /** DELETE /v2/cache/{id}: out of the cache and its queue. */
    cacheDelete(principal: Principal, id: string): void {
      const image = readImage(id)
      const visible = image && canSee(image, principal, membership)
      if (!visible && !(cache?.holds(id, clock.now()) ?? false)) throw notFound(`Image ${id} not found.`)
      cacheFor(principal).forget(id)
    },

    /** DELETE /v2/cache: the cache, its queue, or both (x-image-cache-clear-target). */
    cacheClear(principal: Principal, target: string): void {
      cacheFor(principal).clear(target)
    },

    listMembers(principal: Principal, imageId: string): { members: Array<Record<string, unknown>>; schema: string } {
      const image = visibleImage(imageId, principal, `Image ${imageId} not found.`)
      assertHasMembers(image)
      return { members: visibleMembers(image, principal, membersOf(imageId)).map(memberView), schema: '/v2/schemas/members' }
    },

    showMember(principal: Principal, imageId: string, memberId: string): Record<string, unknown> {
      const image = visibleImage(imageId, principal, `Image ${imageId} not found.`)
      // Shown as 404 rather than 403, so membership does not leak.
      if (image.visibility !== 'shared') throw notFound('Only shared images have members.')
      const member = visibleMembers(image, principal, membersOf(imageId)).find((m) => m.member_id === memberId)
      if (!member) throw memberNotFound(memberId, imageId)
      return memberView(member)
    },

    async createMember(principal: Principal, imageId: string, body: unknown): Promise<Record<string, unknown>> {
      const memberId = memberIdFromBody(body)
      const key = memberKey(imageId, memberId)
      const created = await writeMember(key, (current) => {
        const image = visibleImage(imageId, principal, `Image ${imageId} not found.`)
        assertMayAddMember(image, principal, membersOf(imageId).length, current !== undefined, memberId)
        const at = now()
        return { image_id: imageId, member_id: memberId, status: 'pending', created_at: at, updated_at: at }
      })
      return memberView(created as GlanceMember)
    },

    async updateMember(principal: Principal, imageId: string, memberId: string, body: unknown): Promise<Record<string, unknown>> {
      const status = memberStatusFromBody(body)
      const updated = await writeMember(memberKey(imageId, memberId), () => {
        const image = visibleImage(imageId, principal, `Image ${imageId} not found.`)
        assertHasMembers(image)
        const member = visibleMembers(image, principal, membersOf(imageId)).find((m) => m.member_id === memberId)
        if (!member) throw memberNotFound(memberId, imageId)
        assertMayUpdateMember(member, principal)
        return { ...member, status, updated_at: now() }
      })
      return memberView(updated as GlanceMember)
    },

    async deleteMember(principal: Principal, imageId: string, memberId: string): Promise<void> {
      await writeMember(memberKey(imageId, memberId), () => {
        const image = visibleImage(imageId, principal, `Image ${imageId} not found.`)
        assertHasMembers(image)
        const member = visibleMembers(image, principal, membersOf(imageId)).find((m) => m.member_id === memberId)
        if (!member) throw memberNotFound(memberId, imageId)
        assertMayDeleteMember(image, principal)
        return 'delete'
      })
    },

    /**
     * Data web-download (and the http store behind locations) may fetch, registered at run time:
     * bytes, text, or `{ size, seed }`. Forgotten by reset (scenarios register theirs again).
     */
    registerWebDownload(url: string, content: WebDownloadSource): void {
      webDownloads.register(url, content)
    },

    /** Every image, as stored (no visibility rules: an admin's view). */
    images(): GlanceImage[] {
      return store.keys(imagesKind).map((id) => readImage(id)!)
    },

    /** One image as stored. */
    image(id: string): GlanceImage | undefined {
      return readImage(id)
    },

    /** The stored bytes of an image (for assertions and typed access). */
    imageData(id: string): Uint8Array | undefined {
      return data.get(id)
    },

    identityUri: options.identityUri ?? defaultIdentityUri,
  }
}

export type GlanceService = ReturnType<typeof createGlanceService>
