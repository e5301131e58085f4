// A few lines of DOM building so the components read as markup: h('td', { class: 'phase' }, text).
type Child = Node | string | number | null | undefined | false

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue
    element.setAttribute(name, value === true ? '' : value)
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    element.append(typeof child === 'number' ? String(child) : child)
  }
  return element
}

/** "2026-01-01T00:00:00Z" → "2026-01-01 00:00:00 UTC". */
export function formatTime(value: unknown): string {
  return typeof value === 'string' ? value.replace('T', ' ').replace(/Z$/, ' UTC') : '—'
}

export function formatBytes(size: unknown): string {
  if (typeof size !== 'number') return '—'
  if (size < 1024) return `${size} B`
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`
  return `${(size / 1024 / 1024).toFixed(1)} MiB`
}
