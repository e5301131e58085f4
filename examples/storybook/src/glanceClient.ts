// A small OpenStack Glance v2 client: list images, create one, upload and download its data.
import { apiError } from './apiError.ts'

export interface GlanceImage {
  id: string
  name: string | null
  status: string
  size: number | null
  checksum: string | null
  disk_format: string | null
  container_format: string | null
  visibility: string
  created_at: string
  [key: string]: unknown
}

export interface GlanceClientOptions {
  /** Glance's endpoint from the Keystone catalog, e.g. 'https://image.cloud.example:9292'; '' for the page's origin. */
  baseUrl?: string
  token?: string
}

export function glanceClient(options: GlanceClientOptions = {}) {
  const base = options.baseUrl ?? ''
  const headers = (extra: Record<string, string> = {}) => ({
    accept: 'application/json',
    ...(options.token ? { 'x-auth-token': options.token } : {}),
    ...extra,
  })
  const call = async (method: string, path: string, init: { body?: BodyInit; contentType?: string; signal?: AbortSignal } = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: headers(init.contentType ? { 'content-type': init.contentType } : {}),
      body: init.body,
      signal: init.signal,
    })
    if (!response.ok) throw await apiError(response)
    return response
  }

  return {
    async listImages(signal?: AbortSignal): Promise<GlanceImage[]> {
      const response = await call('GET', '/v2/images?sort=name:asc', { signal })
      return ((await response.json()) as { images: GlanceImage[] }).images
    },
    async createImage(fields: { name: string; disk_format: string; container_format: string }): Promise<GlanceImage> {
      const response = await call('POST', '/v2/images', { body: JSON.stringify(fields), contentType: 'application/json' })
      return (await response.json()) as GlanceImage
    },
    async uploadData(id: string, data: Blob | Uint8Array<ArrayBuffer> | string): Promise<void> {
      await call('PUT', `/v2/images/${encodeURIComponent(id)}/file`, { body: data, contentType: 'application/octet-stream' })
    },
    /** The image's bytes and the md5 Glance vouches for (Content-MD5, as openstacksdk checks it). */
    async downloadData(id: string): Promise<{ bytes: Uint8Array; contentMd5: string | null }> {
      const response = await call('GET', `/v2/images/${encodeURIComponent(id)}/file`)
      return { bytes: new Uint8Array(await response.arrayBuffer()), contentMd5: response.headers.get('content-md5') }
    },
  }
}

export type GlanceClient = ReturnType<typeof glanceClient>
