// The inspector as a panel inside the app's own page (browser runtime): a fixed drawer at the bottom
// of the window whose content lives in a shadow root, so the app's styles do not reach it and its
// styles do not reach the app. It asks the emulator directly (emulator.dispatch), not the network or
// the Service Worker, so its requests never appear in the app's traffic. Hidden, it runs nothing.
import { inspectorApp, type InspectorApp } from './ui/inspectorApp.ts'
import { inspectorStyle } from './ui/inspectorStyle.ts'

export interface InspectorPanelOptions {
  /** Answers the control API's requests: the emulator's own dispatch. */
  dispatch(request: Request): Promise<Response>
  /** Sent when the emulator checks tokens. */
  token?: string
}

export interface InspectorPanel {
  readonly open: boolean
  /** Shows (true), hides (false) or flips the panel; returns whether it is open. */
  toggle(open?: boolean): boolean
  /** Takes the panel out of the page. */
  remove(): void
}

const hostId = 'image-api-emulator-inspector'
const hostStyle = ':host { all: initial; position: fixed; left: 0; right: 0; bottom: 0; height: 45vh; min-height: 260px; z-index: 2147483000; box-shadow: 0 -2px 12px rgba(0, 0, 0, .25); }'

export function createInspectorPanel(options: InspectorPanelOptions): InspectorPanel {
  let host: HTMLElement | undefined
  let app: InspectorApp | undefined

  const show = () => {
    if (!host) {
      host = document.createElement('div')
      host.id = hostId
      const shadow = host.attachShadow({ mode: 'open' })
      const style = document.createElement('style')
      style.textContent = hostStyle + inspectorStyle
      shadow.append(style)
    }
    if (!host.isConnected) document.body.append(host)
    app ??= inspectorApp(host.shadowRoot!, {
      base: '/_emulator',
      fetch: (url, init) => options.dispatch(new Request(new URL(url, location.origin), init)),
      token: options.token,
      onClose: () => panel.toggle(false),
    })
  }
  const hide = () => {
    app?.destroy()
    app = undefined
    host?.remove()
  }

  const panel: InspectorPanel = {
    get open() {
      return app !== undefined
    },
    toggle(open = app === undefined) {
      if (open) show()
      else hide()
      return open
    },
    remove() {
      hide()
      host = undefined
    },
  }
  return panel
}
