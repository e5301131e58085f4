// <glance-image-list>: Glance images with an upload form and a download button per image. Glance
// has no watch: the list is fetched again after each change. A 429 is shown and retried after the
// Retry-After the server sent, as openstacksdk's retry does.
import { ApiError } from './apiError.ts'
import { h, formatBytes } from './dom.ts'
import { glanceClient, type GlanceClient, type GlanceImage } from './glanceClient.ts'

export class GlanceImageList extends HTMLElement {
  #abort: AbortController | undefined
  #glance!: GlanceClient
  #body = h('tbody')
  #notice = h('p', { class: 'notice', role: 'status' })
  #error = h('p', { class: 'error', role: 'alert' })
  #download = h('p', { class: 'download', role: 'status' })
  #retry: ReturnType<typeof setTimeout> | undefined

  connectedCallback() {
    this.#abort = new AbortController()
    this.#glance = glanceClient({ baseUrl: this.getAttribute('api-url') ?? '' })
    const name = h('input', { name: 'name', placeholder: 'image name', required: true })
    const content = h('textarea', { name: 'content', placeholder: 'image data', rows: '2' })
    const form = h('form', { class: 'create' }, name, content, h('button', { type: 'submit' }, 'Upload image'))
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      void this.#upload(name.value.trim(), content.value).then((ok) => ok && form.reset())
    })
    this.replaceChildren(
      h('h2', {}, 'Glance images'),
      form,
      this.#error,
      this.#notice,
      this.#download,
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Status'), h('th', {}, 'Size'), h('th', {}, 'Visibility'), h('th', {}, ''))),
        this.#body,
      ),
    )
    this.#body.replaceChildren(h('tr', {}, h('td', { colspan: '5' }, 'Loading…')))
    void this.refresh()
  }

  disconnectedCallback() {
    this.#abort?.abort()
    clearTimeout(this.#retry)
  }

  async refresh(): Promise<void> {
    clearTimeout(this.#retry)
    try {
      const images = await this.#glance.listImages(this.#abort?.signal)
      this.#notice.textContent = ''
      this.#render(images)
    } catch (error) {
      if (this.#abort?.signal.aborted) return
      if (error instanceof ApiError && error.status === 429) {
        const seconds = error.retryAfter ?? 1
        this.#notice.textContent = `Glance is rate limiting requests (429 Too Many Requests); retrying in ${seconds} s`
        this.#retry = setTimeout(() => void this.refresh(), seconds * 1000)
        return
      }
      this.#notice.textContent = `Could not list images: ${(error as Error).message}`
    }
  }

  async #upload(name: string, content: string): Promise<boolean> {
    this.#error.textContent = ''
    try {
      const image = await this.#glance.createImage({ name, disk_format: 'raw', container_format: 'bare' })
      if (content) await this.#glance.uploadData(image.id, content)
      await this.refresh()
      return true
    } catch (error) {
      this.#error.textContent = `Could not upload ${name}: ${(error as Error).message}`
      return false
    }
  }

  async #downloadImage(image: GlanceImage) {
    this.#error.textContent = ''
    try {
      const { bytes, contentMd5 } = await this.#glance.downloadData(image.id)
      const text = new TextDecoder().decode(bytes.slice(0, 60))
      this.#download.textContent = `Downloaded ${image.name ?? image.id}: ${bytes.byteLength} bytes, md5 ${contentMd5 ?? 'not sent'} — “${text}”`
    } catch (error) {
      this.#error.textContent = `Could not download ${image.name ?? image.id}: ${(error as Error).message}`
    }
  }

  #render(images: GlanceImage[]) {
    if (images.length === 0) return this.#body.replaceChildren(h('tr', {}, h('td', { colspan: '5' }, 'No images')))
    this.#body.replaceChildren(
      ...images.map((image) => {
        const download = h('button', { type: 'button', disabled: image.status !== 'active' }, 'Download')
        download.addEventListener('click', () => void this.#downloadImage(image))
        return h(
          'tr',
          { 'data-id': image.id, 'data-status': image.status },
          h('td', {}, image.name ?? '(no name)'),
          h('td', {}, h('span', { class: `status status-${image.status}` }, image.status)),
          h('td', {}, formatBytes(image.size)),
          h('td', {}, image.visibility),
          h('td', {}, download),
        )
      }),
    )
  }
}

if (!customElements.get('glance-image-list')) customElements.define('glance-image-list', GlanceImageList)

declare global {
  interface HTMLElementTagNameMap {
    'glance-image-list': GlanceImageList
  }
}
