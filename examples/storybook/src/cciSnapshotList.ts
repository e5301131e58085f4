// <cci-snapshot-list>: CCI image snapshots with their phase live from a watch, a form to create one
// and a "Pin" action (a read-modify-write PUT of a label, the update that can hit a 409 Conflict).
import { h, formatTime } from './dom.ts'
import { kubeCollection, runInformer, type KubeCollection, type KubeObject } from './kubeClient.ts'

const pinLabel = 'example.com/pinned'

interface SnapshotStatus {
  phase?: string
  reason?: string
  message?: string
  expireDateTime?: string
}

export class CciSnapshotList extends HTMLElement {
  #abort: AbortController | undefined
  #snapshots!: KubeCollection
  #items = new Map<string, KubeObject>()
  #body = h('tbody')
  #notice = h('p', { class: 'notice', role: 'status' })
  #error = h('p', { class: 'error', role: 'alert' })

  connectedCallback() {
    this.#abort = new AbortController()
    this.#snapshots = kubeCollection('/apis/cci/v2/imagesnapshots', { baseUrl: this.getAttribute('api-url') ?? '' })
    const name = h('input', { name: 'name', placeholder: 'snapshot name', required: true, pattern: '[a-z0-9]([a-z0-9\\-]*[a-z0-9])?' })
    const image = h('input', { name: 'image', placeholder: 'image', value: 'nginx:latest', required: true })
    const form = h('form', { class: 'create' }, name, image, h('button', { type: 'submit' }, 'Create snapshot'))
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      void this.#create(name.value.trim(), image.value.trim()).then((ok) => ok && form.reset())
    })
    this.replaceChildren(
      h('h2', {}, 'CCI image snapshots'),
      form,
      this.#error,
      this.#notice,
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Images'), h('th', {}, 'Phase'), h('th', {}, 'Expires'), h('th', {}, ''))),
        this.#body,
      ),
    )
    this.#body.replaceChildren(h('tr', {}, h('td', { colspan: '5' }, 'Loading…')))
    void runInformer(
      this.#snapshots,
      {
        onItems: (items) => {
          this.#items = new Map(items.map((item) => [item.metadata.name, item]))
          this.#render()
        },
        onNotice: (message) => (this.#notice.textContent = message),
      },
      this.#abort.signal,
    )
  }

  disconnectedCallback() {
    this.#abort?.abort()
  }

  async #create(name: string, image: string): Promise<boolean> {
    this.#error.textContent = ''
    try {
      await this.#snapshots.create({
        apiVersion: 'cci/v2',
        kind: 'ImageSnapshot',
        metadata: { name },
        spec: { buildingConfig: { namespace: 'default' }, images: [{ image }] },
      })
      return true
    } catch (error) {
      this.#error.textContent = `Could not create ${name}: ${(error as Error).message}`
      return false
    }
  }

  /** Read-modify-write with the resourceVersion last seen: the server refuses it if someone wrote in between. */
  async #togglePin(name: string) {
    this.#error.textContent = ''
    const current = this.#items.get(name)
    if (!current) return
    const labels = { ...((current.metadata.labels as Record<string, string> | undefined) ?? {}) }
    if (labels[pinLabel] === 'true') delete labels[pinLabel]
    else labels[pinLabel] = 'true'
    try {
      await this.#snapshots.replace({ ...current, metadata: { ...current.metadata, labels } })
    } catch (error) {
      this.#error.textContent = `Could not pin ${name}: ${(error as Error).message}`
    }
  }

  #render() {
    if (this.#items.size === 0) return this.#body.replaceChildren(h('tr', {}, h('td', { colspan: '5' }, 'No snapshots')))
    this.#body.replaceChildren(
      ...[...this.#items.values()].map((snapshot) => {
        const status = (snapshot.status ?? {}) as SnapshotStatus
        const images = ((snapshot.spec as { images?: Array<{ image: string }> } | undefined)?.images ?? []).map((i) => i.image).join(', ')
        const phase = status.phase ?? 'Pending'
        const pinned = (snapshot.metadata.labels as Record<string, string> | undefined)?.[pinLabel] === 'true'
        const pin = h('button', { type: 'button', class: 'pin' }, pinned ? 'Unpin' : 'Pin')
        pin.addEventListener('click', () => void this.#togglePin(snapshot.metadata.name))
        return h(
          'tr',
          { 'data-name': snapshot.metadata.name, 'data-phase': phase },
          h('td', {}, snapshot.metadata.name, pinned ? h('span', { class: 'badge' }, 'pinned') : null),
          h('td', { class: 'mono' }, images),
          h(
            'td',
            {},
            h('span', { class: `phase phase-${phase.toLowerCase()}` }, phase),
            status.reason ? h('div', { class: 'reason' }, `${status.reason}: ${status.message ?? ''}`) : null,
          ),
          h('td', {}, formatTime(status.expireDateTime)),
          h('td', {}, pin),
        )
      }),
    )
  }
}

if (!customElements.get('cci-snapshot-list')) customElements.define('cci-snapshot-list', CciSnapshotList)

declare global {
  interface HTMLElementTagNameMap {
    'cci-snapshot-list': CciSnapshotList
  }
}
