// A small Kubernetes-style REST client for one cluster-scoped collection (OpenShift images, CCI image
// snapshots): list, create, replace, and an informer that lists, then watches from the list's
// resourceVersion, reading the newline-delimited JSON events as they arrive.
import { apiError, ApiError } from './apiError.ts'

export interface KubeObject {
  apiVersion?: string
  kind?: string
  metadata: { name: string; resourceVersion?: string; creationTimestamp?: string; [key: string]: unknown }
  [key: string]: unknown
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'
  object: KubeObject & { code?: number; message?: string; reason?: string }
}

export interface KubeCollection {
  list(signal?: AbortSignal): Promise<{ items: KubeObject[]; resourceVersion: string }>
  create(object: KubeObject): Promise<KubeObject>
  replace(object: KubeObject): Promise<KubeObject>
  /** Opens a watch from `resourceVersion`; each event is handed to `onEvent` as soon as its line arrives. */
  watch(resourceVersion: string, onEvent: (event: WatchEvent) => void, signal: AbortSignal): Promise<void>
}

export interface KubeClientOptions {
  /** Where the API server is, e.g. 'https://api.cluster.example:6443'; '' for the page's origin. */
  baseUrl?: string
  token?: string
}

export function kubeCollection(path: string, options: KubeClientOptions = {}): KubeCollection {
  const url = (suffix = '', query = '') => `${options.baseUrl ?? ''}${path}${suffix}${query ? `?${query}` : ''}`
  const headers = (extra: Record<string, string> = {}) => ({
    accept: 'application/json',
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...extra,
  })
  const send = async (method: string, target: string, body?: unknown, signal?: AbortSignal) => {
    const response = await fetch(target, {
      method,
      headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    })
    if (!response.ok) throw await apiError(response)
    return response.json()
  }

  return {
    async list(signal) {
      const list = (await send('GET', url(), undefined, signal)) as { items: KubeObject[]; metadata: { resourceVersion: string } }
      return { items: list.items, resourceVersion: list.metadata.resourceVersion }
    },
    create: (object) => send('POST', url(), object) as Promise<KubeObject>,
    replace: (object) => send('PUT', url(`/${encodeURIComponent(object.metadata.name)}`), object) as Promise<KubeObject>,
    async watch(resourceVersion, onEvent, signal) {
      const query = new URLSearchParams({ watch: 'true', resourceVersion, allowWatchBookmarks: 'true' })
      const response = await fetch(url('', query.toString()), { headers: headers(), signal })
      if (!response.ok) throw await apiError(response)
      if (!response.body) throw new ApiError(response.status, 'the watch response has no body')
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
      let buffered = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        buffered += value
        let newline = buffered.indexOf('\n')
        while (newline >= 0) {
          const line = buffered.slice(0, newline).trim()
          buffered = buffered.slice(newline + 1)
          if (line) onEvent(JSON.parse(line) as WatchEvent)
          newline = buffered.indexOf('\n')
        }
      }
    },
  }
}

export interface InformerCallbacks {
  /** The full current set, after every change. */
  onItems(items: KubeObject[]): void
  /** Something the user should know about the connection (a relist after 410, an error). */
  onNotice(message: string): void
  /** Each event as it arrived, for an activity log. */
  onEvent?(event: WatchEvent): void
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
  })

/**
 * List, then watch from the list's resourceVersion, forever (until `signal` aborts), as client-go's
 * reflector does: an ERROR 410 Expired means the resourceVersion is too old, so list again; a watch
 * that simply ends is reopened from the last resourceVersion seen.
 */
export async function runInformer(collection: KubeCollection, callbacks: InformerCallbacks, signal: AbortSignal): Promise<void> {
  const items = new Map<string, KubeObject>()
  const publish = () => callbacks.onItems([...items.values()].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)))
  let resourceVersion: string | undefined
  let failures = 0
  while (!signal.aborted) {
    try {
      if (resourceVersion === undefined) {
        const list = await collection.list(signal)
        items.clear()
        for (const item of list.items) items.set(item.metadata.name, item)
        resourceVersion = list.resourceVersion
        publish()
      }
      let expired = false
      await collection.watch(
        resourceVersion,
        (event) => {
          callbacks.onEvent?.(event)
          if (event.type === 'ERROR') {
            if (event.object.code === 410) {
              expired = true
              callbacks.onNotice(`Watch expired (410 ${event.object.reason ?? 'Expired'}): listed again`)
            } else callbacks.onNotice(`Watch error: ${event.object.message ?? 'unknown'}`)
            return
          }
          resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion
          if (event.type === 'BOOKMARK') return
          if (event.type === 'DELETED') items.delete(event.object.metadata.name)
          else items.set(event.object.metadata.name, event.object)
          publish()
        },
        signal,
      )
      if (expired) resourceVersion = undefined
      failures = 0
    } catch (error) {
      if (signal.aborted) return
      failures++
      callbacks.onNotice(error instanceof Error ? error.message : String(error))
      const retryAfter = error instanceof ApiError ? error.retryAfter : undefined
      await sleep(retryAfter !== undefined ? retryAfter * 1000 : Math.min(30_000, 500 * 2 ** failures), signal)
      resourceVersion = undefined
    }
  }
}
