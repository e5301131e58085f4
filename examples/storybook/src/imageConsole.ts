// <image-console>: the three panels side by side, the app a developer would build on these APIs.
import './openshiftImageList.ts'
import './cciSnapshotList.ts'
import './glanceImageList.ts'
import { h } from './dom.ts'

export class ImageConsole extends HTMLElement {
  connectedCallback() {
    if (this.childElementCount > 0) return
    const url = (name: string) => this.getAttribute(name) ?? undefined
    this.replaceChildren(
      h('header', {}, h('h1', {}, 'Image console')),
      h('main', {}, h('cci-snapshot-list', { 'api-url': url('cci-url') }), h('glance-image-list', { 'api-url': url('glance-url') }), h('openshift-image-list', { 'api-url': url('openshift-url') })),
    )
  }
}

if (!customElements.get('image-console')) customElements.define('image-console', ImageConsole)

declare global {
  interface HTMLElementTagNameMap {
    'image-console': ImageConsole
  }
}
