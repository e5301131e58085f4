// Saving and importing: the two statuses Glance leaves on its own after a while (glance.md G10.2,
// G11.3), as a stage table run by the lifecycle driver (src/lifecycle/). A row sees an image joined with
// the task running on it — the uploaded bytes waiting to be stored, or an import request — since what
// the image becomes depends on both. A task starts when the upload's body is read or the import is
// accepted; its row fires `savingFor` / `importingFor` later on the emulator clock, or at once when that
// is 0 (the request that started it answers only then, as Glance's does).
//
//   row           selects                                     after          writes
//   saved         upload task, image saving                    savingFor      active, size, hashes; keeps the bytes
//   upload lost   upload task, image no longer saving          savingFor      nothing (the upload answers 410)
//   imported      import task, the image still holds its task  importingFor   active with the data (copy-image: as it
//                                                                              was), or back to queued without data
//   import lost   import task, anything else                   importingFor   nothing
//
// The status machine the rows move along is lifecycle.ts; `killed` is reached only through scenarios.
import type { Clock } from '../clock.ts'
import { createLifecycleDriver, type LifecycleDriver } from '../lifecycle/driver.ts'
import type { Stage, StageRequirement, StageResult } from '../lifecycle/stage.ts'
import { toMilliseconds } from '../duration.ts'
import type { GlanceImage, ImageLocation } from './image.ts'
import { digest, virtualSize, type ImageDataStore } from './imageData.ts'
import { importTaskProperty, type ImportRequest } from './imageImport.ts'

const [importingProperty, failedProperty] = ['os_glance_importing_to_stores', 'os_glance_failed_import'] as const
import type { GlanceLifecycleOptions } from './lifecycle.ts'

type UploadTask = { kind: 'upload'; since: number; bytes: Uint8Array; store: string | undefined; done(saved: boolean): void }
type ImportTask = { kind: 'import'; since: number; request: ImportRequest; taskId: string }
type ImageTask = UploadTask | ImportTask

/** What a row sees, and returns with `task` cleared once the task is over. */
interface ImageWork {
  image: GlanceImage | undefined
  task: ImageTask | undefined
  /** Bytes to keep as the image's data. */
  keep?: Uint8Array
  /** Why an import ended without its data (the task's message). */
  failure?: string
}

interface TaskSettings {
  savingForMs: number
  importingForMs: number
}

interface TaskContext {
  now: number
  iso: string
  data: ImageDataStore
  /** The bytes web-download fetches from `uri`, if the emulator knows them and they fit. */
  download(uri: string | undefined): Uint8Array | undefined
  /** glance-download: the source image and its data as the remote Glance gives them, or why it would not. */
  glanceDownload(remote: NonNullable<ImportRequest['remote']>): { source: GlanceImage; bytes: Uint8Array } | { failure: string }
  /** Where data written to `store` lives; undefined when the deployment keeps no locations. */
  locate: ((id: string, store: string | undefined) => ImageLocation) | undefined
}

/** An image with its data stored (glance_store add_with_multihash): active, with size and hashes. */
function withData(image: GlanceImage, bytes: Uint8Array, iso: string, locations: ImageLocation[] | undefined): GlanceImage {
  const hashes = digest(bytes)
  return {
    ...image,
    ...(locations ? { locations } : {}),
    status: 'active',
    size: hashes.size,
    virtual_size: virtualSize(bytes, image.disk_format, image.container_format),
    checksum: hashes.checksum,
    os_hash_algo: hashes.osHashAlgo,
    os_hash_value: hashes.osHashValue,
    updated_at: iso,
  }
}

function holdsItsTask(work: ImageWork): boolean {
  const { image, task } = work
  return task?.kind === 'import' && image !== undefined && image.properties[importTaskProperty] === task.taskId
}

// What urllib says when web-download's host cannot be reached (the task's message).
const unreachable = '<urlopen error [Errno -2] Name or service not known>'

// [glance_download_properties] extra_properties: the source's properties the target takes, by prefix.
const downloadedPropertyPrefixes = ['hw_', 'trait:', 'os_distro', 'os_secure_boot', 'os_type']

/** _ImportMetadata: the source's formats, and its properties under the copied prefixes. */
function withRemoteMetadata(image: GlanceImage, source: GlanceImage): GlanceImage {
  const properties = { ...image.properties }
  for (const [key, value] of Object.entries(source.properties)) {
    if (downloadedPropertyPrefixes.some((prefix) => key.startsWith(prefix))) properties[key] = value
  }
  return { ...image, disk_format: source.disk_format, container_format: source.container_format, properties }
}

const storeList = (stores: Iterable<string>) => [...new Set(stores)].filter(Boolean).sort().join(',')

/**
 * The import's end (api_image_import.py _ImportToStore, _VerifyImageState): the task property
 * dropped, os_glance_importing_to_stores emptied, and either the data in every requested store or
 * the failing store in os_glance_failed_import and the image queued again (copy-image keeps it active).
 * With one unnamed store there is no store name to list, so a failure shows only as queued.
 */
function finishImport(work: ImageWork, context: TaskContext): ImageWork {
  const image = work.image!
  const { request } = work.task as ImportTask
  const copying = request.method === 'copy-image'
  let remoteFailure: string | undefined
  let bytes: Uint8Array | undefined
  let base = image
  if (request.method === 'glance-download') {
    const fetched = context.glanceDownload(request.remote!)
    if ('failure' in fetched) remoteFailure = fetched.failure
    else {
      bytes = fetched.bytes
      base = withRemoteMetadata(image, fetched.source)
    }
  } else {
    bytes = request.method === 'glance-direct' ? context.data.getStaged(image.id) : request.method === 'web-download' ? context.download(request.uri) : context.data.get(image.id)
  }
  const properties = { ...base.properties }
  delete properties[importTaskProperty]
  properties[importingProperty] = ''
  const failed = (stores: readonly string[]) => storeList([...(image.properties[failedProperty] ?? '').split(','), ...stores])
  if (!bytes) {
    properties[failedProperty] = failed(request.allStoresMustSucceed ? request.stores.slice(0, 1) : request.stores)
    const failure = remoteFailure ?? (request.method === 'web-download' ? unreachable : 'None of the uploads finished!')
    if (copying) return { image: { ...image, properties, updated_at: context.iso }, task: undefined, failure }
    return { image: { ...image, properties, status: 'queued', size: null, virtual_size: null, updated_at: context.iso }, task: undefined, failure }
  }
  const written = request.stores.length ? request.stores : [undefined]
  const present = image.locations ?? []
  const added = context.locate ? written.map((store) => context.locate!(image.id, store)).filter((location) => !present.some((p) => p.url === location.url)) : []
  const locations = context.locate ? [...present, ...added] : undefined
  if (copying) return { image: { ...image, properties, ...(locations ? { locations } : {}), updated_at: context.iso }, task: undefined }
  return { image: withData({ ...base, properties }, bytes, context.iso, locations), task: undefined, keep: bytes }
}

const upload: StageRequirement = { key: 'task.kind', operator: 'In', values: ['upload'] }
const importing: StageRequirement = { key: 'task.kind', operator: 'In', values: ['import'] }
const sinceStart = 'task.since'
const savingDelay = { since: sinceStart, duration: (_: ImageWork, settings: TaskSettings) => settings.savingForMs }
const importingDelay = { since: sinceStart, duration: (_: ImageWork, settings: TaskSettings) => settings.importingForMs }
const taskOver = (work: ImageWork): ImageWork => ({ image: work.image, task: undefined })

const imageTaskStages: readonly Stage<ImageWork, TaskSettings, TaskContext>[] = [
  {
    name: 'saved',
    selector: { matchExpressions: [upload, { key: 'image.status', operator: 'In', values: ['saving'] }] },
    delay: savingDelay,
    next: (work, context) => {
      const { bytes, store } = work.task as UploadTask
      const locations = context.locate ? [context.locate(work.image!.id, store)] : undefined
      return { image: withData(work.image!, bytes, context.iso, locations), task: undefined, keep: bytes }
    },
  },
  {
    name: 'upload lost',
    selector: { matchExpressions: [upload, { key: 'image.status', operator: 'NotIn', values: ['saving'] }] },
    delay: savingDelay,
    next: taskOver,
  },
  {
    name: 'imported',
    selector: { matchExpressions: [importing], matches: holdsItsTask },
    delay: importingDelay,
    next: finishImport,
  },
  {
    name: 'import lost',
    selector: { matchExpressions: [importing], matches: (work) => !holdsItsTask(work) },
    delay: importingDelay,
    next: (work) => ({ image: work.image, task: undefined, failure: 'Image has been deleted, aborting import.' }),
  },
]

export interface ImageTasksDeps {
  clock: Clock
  data: ImageDataStore
  options: GlanceLifecycleOptions | undefined
  readImage(id: string): GlanceImage | undefined
  /** The service's one read-check-write on an image: `decide` returns the new record, or undefined. */
  writeImage(id: string, decide: (current: GlanceImage | undefined) => GlanceImage | undefined): Promise<unknown>
  download(uri: string | undefined): Uint8Array | undefined
  glanceDownload: TaskContext['glanceDownload']
  locate?: TaskContext['locate']
  /** An import's task is over: `failure` says why it did not bring data, undefined when it did. */
  importEnded?(taskId: string, failure: string | undefined): void
}

export interface ImageTasks {
  /** Saves uploaded bytes (to `store`, with several); resolves to whether the image became active with them (false: it left saving). */
  upload(id: string, bytes: Uint8Array, store?: string): Promise<boolean>
  /** Runs an accepted import; resolves once it is over when importingFor is 0, else once it is scheduled. */
  import(id: string, request: ImportRequest, taskId: string): Promise<void>
  reset(): void
  /** Running imports, kept with the emulator state so a restored snapshot finishes them on time. */
  snapshot(): unknown
  restore(state: unknown): void
  resync(): void
}

export function createImageTasks(deps: ImageTasksDeps): ImageTasks {
  const { clock, data } = deps
  const settings: TaskSettings = {
    savingForMs: toMilliseconds(deps.options?.savingFor ?? 0),
    importingForMs: toMilliseconds(deps.options?.importingFor ?? 0),
  }
  let tasks = new Map<string, ImageTask>()
  const listeners = new Set<(id: string) => void>()
  const changed = (id: string) => {
    for (const listener of listeners) listener(id)
  }

  function end(id: string, task: ImageTask, saved: boolean) {
    if (tasks.get(id) === task) tasks.delete(id)
    if (task.kind === 'import') data.deleteStaged(id)
    else task.done(saved)
  }

  const driver: LifecycleDriver<ImageWork, TaskContext> = createLifecycleDriver({
    clock,
    stages: imageTaskStages,
    settings: () => settings,
    context: (now) => ({ now, iso: clock.iso(now), data, download: deps.download, glanceDownload: deps.glanceDownload, locate: deps.locate }),
    subject: {
      keys: () => [...tasks.keys()],
      get: (id) => (tasks.has(id) ? { image: deps.readImage(id), task: tasks.get(id) } : undefined),
      async update(id, decide) {
        const task = tasks.get(id)
        if (!task) return
        let outcome: StageResult<ImageWork>
        await deps.writeImage(id, (image) => {
          outcome = decide({ image, task })
          return outcome && outcome !== 'delete' && outcome.image !== image ? outcome.image : undefined
        })
        const result = outcome as StageResult<ImageWork>
        if (!result || result === 'delete') return
        if (result.keep) data.set(id, result.keep)
        // Only `saved` keeps an upload's bytes.
        if (!result.task) {
          end(id, task, result.keep !== undefined)
          if (task.kind === 'import') deps.importEnded?.(task.taskId, result.failure)
        }
        changed(id)
      },
      onChange(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
  })

  async function start(id: string, task: ImageTask) {
    const previous = tasks.get(id)
    if (previous) end(id, previous, false)
    tasks.set(id, task)
    changed(id)
    await driver.settle(id)
  }

  return {
    async upload(id, bytes, store) {
      let done!: (saved: boolean) => void
      const saved = new Promise<boolean>((resolve) => (done = resolve))
      await start(id, { kind: 'upload', since: clock.now(), bytes, store, done })
      return saved
    },
    async import(id, request, taskId) {
      await start(id, { kind: 'import', since: clock.now(), request, taskId })
    },
    reset() {
      const running = tasks
      tasks = new Map()
      for (const [id, task] of running) end(id, task, false)
    },
    snapshot: () => new Map([...tasks].filter(([, task]) => task.kind === 'import')),
    restore(state) {
      // Uploads belong to requests still waiting for their answer: they stay.
      const uploads = [...tasks].filter(([, task]) => task.kind === 'upload')
      tasks = new Map([...((state as Map<string, ImageTask> | undefined) ?? []), ...uploads])
    },
    resync: () => driver.resync(),
  }
}
