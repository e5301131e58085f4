// Requests straight to emulator.dispatch(): the emulator's own cost, without msw or a socket.
import type { Emulator } from '../src/emulator.ts'

const benchOrigin = 'http://emulator.bench'
export const imagesPath = '/apis/image.openshift.io/v1/images'

export async function call(emulator: Emulator, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Response> {
  const init: RequestInit = { method }
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
    init.headers = { 'content-type': contentType }
  }
  return emulator.dispatch(new Request(`${benchOrigin}${path}`, init))
}

/** A call that must answer `expected`; its body text. */
export async function expectStatus(emulator: Emulator, expected: number, method: string, path: string, body?: unknown, contentType?: string): Promise<string> {
  const response = await call(emulator, method, path, body, contentType)
  const text = await response.text()
  if (response.status !== expected) throw new Error(`${method} ${path}: ${response.status}, expected ${expected}: ${text.slice(0, 300)}`)
  return text
}

/** Splits a watch stream into its JSON lines as they arrive; `onEvent` sees each with its arrival time. */
export async function readWatch(response: Response, onEvent: (event: { type: string; object: any }, at: number) => boolean | void): Promise<void> {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return
    const at = performance.now()
    buffer += decoder.decode(value, { stream: true })
    let newline = buffer.indexOf('\n')
    while (newline >= 0) {
      const line = buffer.slice(0, newline)
      buffer = buffer.slice(newline + 1)
      if (line.trim() && onEvent(JSON.parse(line), at) === false) {
        await reader.cancel()
        return
      }
      newline = buffer.indexOf('\n')
    }
  }
}
