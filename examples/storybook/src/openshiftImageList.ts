// <openshift-image-list>: the cluster's OpenShift images, kept current by a list + watch.
import { h, formatTime } from './dom.ts'
import { kubeCollection, runInformer, type KubeObject } from './kubeClient.ts'

export class OpenShiftImageList extends HTMLElement {
  #abort: AbortController | undefined
  #body = h('tbody')
  #notice = h('p', { class: 'notice', role: 'status' })

  connectedCallback() {
    this.#abort = new AbortController()
    this.replaceChildren(
      h('h2', {}, 'OpenShift images'),
      this.#notice,
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Image'), h('th', {}, 'Reference'), h('th', {}, 'Created'))), this.#body),
    )
    this.#body.replaceChildren(h('tr', {}, h('td', { colspan: '3' }, 'Loading…')))
    const images = kubeCollection('/apis/image.openshift.io/v1/images', { baseUrl: this.getAttribute('api-url') ?? '' })
    void runInformer(images, { onItems: (items) => this.#render(items), onNotice: (message) => (this.#notice.textContent = message) }, this.#abort.signal)
  }

  disconnectedCallback() {
    this.#abort?.abort()
  }

  #render(items: KubeObject[]) {
    if (items.length === 0) return this.#body.replaceChildren(h('tr', {}, h('td', { colspan: '3' }, 'No images')))
    this.#body.replaceChildren(
      ...items.map((image) =>
        h(
          'tr',
          { 'data-name': image.metadata.name },
          h('td', { class: 'mono', title: image.metadata.name }, `${image.metadata.name.slice(0, 19)}…`),
          h('td', { class: 'mono' }, String(image.dockerImageReference ?? '—')),
          h('td', {}, formatTime(image.metadata.creationTimestamp)),
        ),
      ),
    )
  }
}

if (!customElements.get('openshift-image-list')) customElements.define('openshift-image-list', OpenShiftImageList)

declare global {
  interface HTMLElementTagNameMap {
    'openshift-image-list': OpenShiftImageList
  }
}
