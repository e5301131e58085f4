// The inspector's user interface: plain DOM code over the control API (/_emulator/state/stream for
// the live state, /_emulator/objects/… for one object, /_emulator/clock/advance for the buttons).
//
// The function is self-contained on purpose: it uses nothing from outside its own body, so the
// standalone server can send its source text (inspectorApp.toString()) as the page's script, and the
// browser runtime can call it directly to fill its in-page panel. Whatever compiles or bundles the
// package, the text stays a working function; no build step, framework or network is needed.
// Everything it shows is written with textContent, never parsed as HTML. Its only import is a type,
// which compiles to nothing.
import type { InspectorState } from '../inspectorView.ts'

export interface InspectorAppOptions {
  /** The control API's path: '/_emulator'. */
  base: string
  /** How requests reach the emulator: the page's fetch, or the emulator itself in the same page. */
  fetch(url: string, init?: RequestInit): Promise<Response>
  /** Sent as `Authorization: Bearer` and `X-Auth-Token` when the emulator checks tokens. */
  token?: string
  /** Keep a token typed into the page for the browser tab (sessionStorage). */
  rememberToken?: boolean
  /** Shows a close button that calls this. */
  onClose?(): void
}

export interface InspectorApp {
  /** Stops the live feed and empties the root. */
  destroy(): void
}

export function inspectorApp(root: HTMLElement | ShadowRoot, options: InspectorAppOptions): InspectorApp {
  type State = InspectorState

  const tokenKey = 'image-api-emulator-inspector-token'
  const doc = (root as Node).ownerDocument ?? document
  let token = options.token
  if (!token && options.rememberToken) {
    const fromHash = /(?:^#|&)token=([^&]*)/.exec(location.hash)
    token = fromHash ? decodeURIComponent(fromHash[1]!) : (sessionStorage.getItem(tokenKey) ?? undefined)
  }
  let destroyed = false
  let reader: ReadableStreamDefaultReader<string> | undefined
  let state: State | undefined
  let selected: { api: string; resource: string; key: string } | undefined
  let selectedVersion = -1
  let filter = ''
  const closedApis = new Set<string>()
  let wakeUp: (() => void) | undefined

  type Child = Node | string | undefined | false
  function el(tag: string, attributes: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
    const element = doc.createElement(tag)
    for (const [name, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(name, value)
    for (const child of children) if (child !== undefined && child !== false) element.append(child)
    return element
  }

  const headers = (json: boolean): Record<string, string> => ({
    accept: 'application/json',
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...(token ? { authorization: `Bearer ${token}`, 'x-auth-token': token } : {}),
  })
  const call = (path: string, init: RequestInit = {}) => options.fetch(`${options.base}${path}`, { ...init, headers: headers(init.body !== undefined) })

  /** The message of a Kubernetes Status body, else the status line. */
  async function failureText(response: Response): Promise<string> {
    const text = await response.text()
    try {
      const message = (JSON.parse(text) as { message?: unknown }).message
      if (typeof message === 'string') return message
    } catch {
      // not JSON
    }
    return `${response.status} ${text}`.trim()
  }

  // The frame: a bar with the clock, then five panes.
  const live = el('span', { class: 'iae-live', 'data-live': 'connecting', title: 'live feed' }, '●')
  const clockText = el('span', { class: 'iae-clock', 'data-clock': '' }, '…')
  const clockMode = el('span', { class: 'iae-muted', 'data-clock-mode': '' })
  const custom = el('input', { class: 'iae-input iae-custom', 'data-advance-custom': '', placeholder: '90s', 'aria-label': 'advance by', size: '6' }) as HTMLInputElement
  const advanceButtons = ['1s', '1m', '1h'].map((by) => el('button', { type: 'button', class: 'iae-button', 'data-advance': by }, `+${by}`))
  const advanceCustom = el('button', { type: 'button', class: 'iae-button', 'data-advance-go': '' }, 'Advance')
  const message = el('span', { class: 'iae-message', 'data-message': '', role: 'status' })
  const tokenInput = el('input', { class: 'iae-input', type: 'password', placeholder: 'token', 'aria-label': 'token', 'data-token': '' }) as HTMLInputElement
  const tokenForm = el('form', { class: 'iae-token', hidden: '' }, 'This emulator checks tokens: ', tokenInput, el('button', { class: 'iae-button' }, 'Use'))
  const close = options.onClose ? el('button', { type: 'button', class: 'iae-button iae-close', 'data-close': '', title: 'close the inspector' }, '×') : undefined
  const bar = el(
    'header',
    { class: 'iae-bar' },
    el('strong', { class: 'iae-title' }, 'image-api-emulator'),
    live,
    el('span', { class: 'iae-clock-box' }, clockText, ' ', clockMode),
    ...advanceButtons,
    custom,
    advanceCustom,
    tokenForm,
    message,
    close,
  )

  const pane = (name: string, title: Node | string, ...body: Child[]) =>
    el('section', { class: `iae-pane iae-${name}`, 'data-pane': name }, el('h2', { class: 'iae-heading' }, title), ...body)
  const objectsBody = el('div', { class: 'iae-scroll', 'data-objects': '' })
  const objectTitle = el('span', { 'data-object-title': '' }, 'Object')
  const objectJson = el('pre', { class: 'iae-scroll iae-json', 'data-object-json': '' }, 'Choose an object on the left.')
  const journalCount = el('span', { class: 'iae-muted', 'data-journal-count': '' })
  const journalFilter = el('input', { class: 'iae-input iae-filter', type: 'search', placeholder: 'filter: GET /apis/cci 404 …', 'aria-label': 'filter the journal', 'data-journal-filter': '' }) as HTMLInputElement
  const journalRows = el('tbody', { 'data-journal': '' })
  const journalTable = el(
    'div',
    { class: 'iae-scroll' },
    el('table', { class: 'iae-table' }, el('thead', {}, el('tr', {}, ...['#', 'time', 'method', 'path', 'status', 'api'].map((h) => el('th', {}, h)))), journalRows),
  )
  const scenariosBody = el('div', { class: 'iae-scroll', 'data-scenarios': '' })
  const watchesBody = el('div', { class: 'iae-scroll', 'data-watches': '' })
  const frame = el(
    'div',
    { class: 'iae' },
    bar,
    el(
      'main',
      { class: 'iae-grid' },
      pane('objects', 'Objects', objectsBody),
      pane('object', objectTitle, objectJson),
      pane('journal', el('span', {}, 'Journal ', journalCount), journalFilter, journalTable),
      pane('scenarios', 'Scenarios', scenariosBody),
      pane('watches', 'Watches', watchesBody),
    ),
  )
  root.append(frame)

  const say = (text: string, kind: 'error' | 'info' = 'info') => {
    message.textContent = text
    message.setAttribute('data-kind', kind)
  }

  async function advance(by: string) {
    if (!by.trim()) return
    const response = await call('/clock/advance', { method: 'POST', body: JSON.stringify({ by: by.trim() }) })
    // The new time arrives with the next state, together with what it changed.
    say(response.ok ? '' : await failureText(response), 'error')
  }
  for (const button of advanceButtons) button.addEventListener('click', () => void advance(button.getAttribute('data-advance')!))
  advanceCustom.addEventListener('click', () => void advance(custom.value))
  custom.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Enter') void advance(custom.value)
  })
  journalFilter.addEventListener('input', () => {
    filter = journalFilter.value
    if (state) renderJournal(state)
  })
  tokenForm.addEventListener('submit', (event) => {
    event.preventDefault()
    token = tokenInput.value.trim() || undefined
    if (options.rememberToken && token) sessionStorage.setItem(tokenKey, token)
    tokenForm.hidden = true
    wakeUp?.()
  })
  close?.addEventListener('click', () => options.onClose?.())

  // Objects: per API, per kind, the objects by key; one is shown as JSON on the right.
  function renderObjects(current: State) {
    objectsBody.replaceChildren(
      ...current.apis.map((api) => {
        const details = el('details', { class: 'iae-api', 'data-api': api.name }) as HTMLDetailsElement
        details.open = !closedApis.has(api.name)
        details.addEventListener('toggle', () => (details.open ? closedApis.delete(api.name) : closedApis.add(api.name)))
        const total = api.kinds.reduce((sum, kind) => sum + kind.count, 0)
        details.append(el('summary', {}, api.name, ' ', el('span', { class: 'iae-muted' }, String(total))))
        for (const kind of api.kinds) {
          const list = el('ul', { class: 'iae-list' })
          for (const object of kind.objects) {
            const isSelected = selected?.api === api.name && selected.resource === kind.resource && selected.key === object.key
            const button = el(
              'button',
              { type: 'button', class: `iae-item${isSelected ? ' iae-selected' : ''}`, 'data-object': `${api.name}/${kind.resource}/${object.key}`, 'data-status': object.status },
              el('span', { class: 'iae-name' }, object.label ? `${object.label} ` : '', object.label ? el('span', { class: 'iae-muted' }, object.key) : object.key),
              object.status ? el('span', { class: `iae-badge iae-status-${object.status.toLowerCase()}` }, object.status) : undefined,
            )
            button.addEventListener('click', () => {
              selected = { api: api.name, resource: kind.resource, key: object.key }
              selectedVersion = -1
              renderObjects(current)
              void showSelected(current.resourceVersion)
            })
            list.append(el('li', {}, button))
          }
          const more = kind.count > kind.objects.length ? el('li', { class: 'iae-muted' }, `… ${kind.count - kind.objects.length} more`) : undefined
          if (more) list.append(more)
          details.append(el('div', { class: 'iae-kind', 'data-kind': kind.resource }, el('div', { class: 'iae-kind-name' }, kind.kind, ' ', el('span', { class: 'iae-muted' }, String(kind.count))), list))
        }
        return details
      }),
    )
  }

  /** JSON with keys, strings, numbers and literals marked for colour. */
  function highlighted(value: unknown): Node[] {
    const text = JSON.stringify(value, null, 2)
    const nodes: Node[] = []
    const pattern = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g
    let last = 0
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      if (match.index > last) nodes.push(doc.createTextNode(text.slice(last, match.index)))
      const kind = match[1] ? (match[2] ? 'key' : 'string') : match[3] ? 'literal' : 'number'
      nodes.push(el('span', { class: `iae-j-${kind}` }, match[1] ?? match[0]))
      if (match[2]) nodes.push(doc.createTextNode(match[2]))
      last = pattern.lastIndex
    }
    nodes.push(doc.createTextNode(text.slice(last)))
    return nodes
  }

  async function showSelected(resourceVersion: number) {
    const chosen = selected
    if (!chosen || resourceVersion === selectedVersion) return
    selectedVersion = resourceVersion
    objectTitle.textContent = `${chosen.api} / ${chosen.resource} / ${chosen.key}`
    const response = await call(`/objects/${encodeURIComponent(chosen.api)}/${encodeURIComponent(chosen.resource)}/${encodeURIComponent(chosen.key)}`)
    if (selected !== chosen) return
    objectJson.setAttribute('data-found', String(response.ok))
    if (!response.ok) return void objectJson.replaceChildren(response.status === 404 ? 'Not stored (deleted?).' : await failureText(response))
    objectJson.replaceChildren(...highlighted(await response.json()))
  }

  // The journal, newest first, narrowed by every word of the filter.
  function renderJournal(current: State) {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean)
    const shown = current.journal.filter((entry) => {
      const line = `${entry.method} ${entry.url} ${entry.status} ${entry.api}`.toLowerCase()
      return words.every((word) => line.includes(word))
    })
    journalCount.textContent = words.length ? `${shown.length} of ${current.journal.length}` : String(current.journal.length)
    journalRows.replaceChildren(
      ...shown
        .reverse()
        .map((entry) =>
          el(
            'tr',
            { 'data-seq': String(entry.seq), 'data-method': entry.method, 'data-status': String(entry.status) },
            el('td', { class: 'iae-muted' }, String(entry.seq)),
            el('td', {}, entry.time.slice(11, 19)),
            el('td', { class: `iae-method iae-method-${entry.method.toLowerCase()}` }, entry.method),
            el('td', { class: 'iae-path', title: entry.url }, entry.url),
            el('td', { class: `iae-code iae-code-${Math.floor(entry.status / 100)}xx` }, String(entry.status)),
            el('td', { class: 'iae-muted' }, entry.api),
          ),
        ),
    )
  }

  function renderScenarios(current: State) {
    if (!current.scenarios.length) return void scenariosBody.replaceChildren(el('p', { class: 'iae-muted' }, 'No scenario is playing.'))
    scenariosBody.replaceChildren(
      ...current.scenarios.map((scenario) =>
        el(
          'div',
          { class: 'iae-scenario', 'data-scenario': scenario.name },
          el('div', { class: 'iae-kind-name' }, scenario.name, ' ', el('span', { class: 'iae-muted' }, scenario.playing ? 'playing' : 'stopped')),
          el(
            'ol',
            { class: 'iae-steps' },
            ...scenario.steps.map((step) => {
              const stepState = step.errors.length ? 'failed' : step.complete ? 'fired' : step.fired ? 'firing' : 'pending'
              return el(
                'li',
                { 'data-step': String(step.step), 'data-state': stepState },
                el('span', { class: `iae-badge iae-step-${stepState}` }, stepState === 'firing' ? `${step.fired}/${step.expected}` : stepState),
                ' ',
                step.id ? el('strong', {}, step.id) : `step ${step.step}`,
                ' ',
                el('span', { class: 'iae-muted' }, step.trigger),
                ...step.errors.map((error) => el('div', { class: 'iae-error' }, error)),
              )
            }),
          ),
        ),
      ),
    )
  }

  function renderWatches(current: State) {
    if (!current.watches.length) return void watchesBody.replaceChildren(el('p', { class: 'iae-muted' }, 'No watch is open.'))
    watchesBody.replaceChildren(
      ...current.watches.map((watch) => {
        const url = new URL(watch.path ?? '/', 'http://watch')
        const selectors = ['labelSelector', 'fieldSelector', 'resourceVersion']
          .map((name) => [name, url.searchParams.get(name)] as const)
          .filter(([, value]) => value)
          .map(([name, value]) => el('span', { class: 'iae-chip' }, `${name}=${value}`))
        return el(
          'div',
          { class: 'iae-watch', 'data-watch': String(watch.id) },
          el('div', { class: 'iae-kind-name' }, `#${watch.id} `, el('span', { class: 'iae-path' }, url.pathname), ' ', el('span', { class: 'iae-muted' }, `${watch.received} received, since ${watch.opened.slice(11, 19)}`)),
          selectors.length ? el('div', {}, ...selectors) : undefined,
          el(
            'ol',
            { class: 'iae-events' },
            ...watch.events
              .slice()
              .reverse()
              .map((event) =>
                el(
                  'li',
                  { 'data-event': `${event.type} ${event.name}`.trim() },
                  el('span', { class: `iae-badge iae-event-${event.type.toLowerCase()}` }, event.type),
                  ' ',
                  event.name,
                  ' ',
                  el('span', { class: 'iae-muted' }, `rv ${event.resourceVersion ?? '–'} · ${event.time.slice(11, 19)}`),
                ),
              ),
          ),
        )
      }),
    )
  }

  function render(next: State) {
    state = next
    clockText.textContent = next.clock.now
    clockMode.textContent = `${next.clock.mode}${next.clock.pendingTimers ? ` · ${next.clock.pendingTimers} timers` : ''}`
    renderObjects(next)
    renderJournal(next)
    renderScenarios(next)
    renderWatches(next)
    void showSelected(next.resourceVersion)
  }

  const setLive = (status: 'live' | 'connecting' | 'offline') => {
    live.setAttribute('data-live', status)
    live.title = status === 'live' ? 'live feed' : status === 'offline' ? 'disconnected: retrying' : 'connecting'
  }
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wakeUp = resolve
      setTimeout(resolve, ms)
    })

  /** Reads the state stream (server-sent events) until destroyed, reconnecting when it ends. */
  async function follow() {
    while (!destroyed) {
      try {
        const response = await call('/state/stream')
        if (response.status === 401) {
          setLive('offline')
          tokenForm.hidden = false
          say(token ? 'The token was refused.' : '', 'error')
          await pause(60_000)
          continue
        }
        if (!response.ok || !response.body) throw new Error(await failureText(response))
        setLive('live')
        reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
        let buffered = ''
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          buffered += value
          for (let at = buffered.indexOf('\n\n'); at >= 0; at = buffered.indexOf('\n\n')) {
            const data = buffered
              .slice(0, at)
              .split('\n')
              .filter((line) => line.startsWith('data: '))
              .map((line) => line.slice(6))
              .join('\n')
            buffered = buffered.slice(at + 2)
            if (data) render(JSON.parse(data) as State)
          }
        }
      } catch (error) {
        if (!destroyed) say(`live feed: ${(error as Error).message}`, 'error')
      }
      if (destroyed) return
      setLive('offline')
      await pause(1000)
    }
  }
  void follow()

  return {
    destroy() {
      destroyed = true
      void reader?.cancel().catch(() => undefined)
      frame.remove()
    },
  }
}
