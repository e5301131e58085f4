// One emulator behind msw per test file, and a small fetch wrapper that speaks to it as a
// Keystone-authenticated client would: X-Auth-Token, JSON bodies, Accept chosen per call.
import { afterAll, afterEach, beforeAll } from 'vitest'
import { setupServer } from 'msw/node'
import { createEmulator, type Emulator, type EmulatorOptions } from '../../src/index.ts'
import type { GlanceApiModule as GlanceApi } from '../../src/glance/glanceApi.ts'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'
import type { Transport } from '../support/transports.ts'

export const glanceUrl = 'http://glance.test'

/** Keystone identities: an admin and three ordinary projects. */
export const tokens = {
  'admin-token': { user: 'admin', project: 'admin-project', admin: true },
  'alice-token': { user: 'alice', project: 'project-alice' },
  'bob-token': { user: 'bob', project: 'project-bob' },
  'carol-token': { user: 'carol', project: 'project-carol' },
} as const

export type Token = keyof typeof tokens

export interface CallOptions {
  token?: Token | null
  json?: unknown
  body?: BodyInit
  headers?: Record<string, string>
}

export interface GlanceHarness {
  emulator: Emulator
  glance: GlanceApi
  /** Where the API answers: http://glance.test through msw, the server's loopback URL through the server. */
  readonly base: string
  call(method: string, path: string, options?: CallOptions): Promise<Response>
  /** A JSON call that must succeed; its parsed body. */
  ok<T = Record<string, any>>(method: string, path: string, options?: CallOptions): Promise<T>
  createImage(body?: Record<string, unknown>, token?: Token): Promise<Record<string, any>>
  upload(id: string, data: Uint8Array | string, token?: Token): Promise<Response>
}

/** One emulator for the enclosing suite, reached through `transport`: msw's setupServer (default) or the standalone server. */
export function glanceHarness(options: EmulatorOptions = {}, resetBetweenTests = true, transport: Transport = 'msw'): GlanceHarness {
  const emulator = createEmulator({ seed: 1, auth: { tokens: { ...tokens } }, ...options })
  let base = glanceUrl
  let msw: ReturnType<typeof setupServer> | undefined
  let running: RunningServer | undefined
  beforeAll(async () => {
    if (transport === 'msw') {
      msw = setupServer(...emulator.handlers)
      msw.listen({ onUnhandledFrame: 'error' })
    } else {
      running = await listen({ emulator })
      base = running.url
    }
  })
  afterAll(async () => {
    msw?.close()
    await running?.close()
    emulator.dispose()
  })
  if (resetBetweenTests) afterEach(() => emulator.reset())

  const glance = emulator.dispatcher.apis.find((api) => api.name === 'glance') as GlanceApi

  async function call(method: string, path: string, callOptions: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...callOptions.headers }
    const token = callOptions.token === undefined ? 'alice-token' : callOptions.token
    if (token) headers['x-auth-token'] = token
    let body = callOptions.body
    if (callOptions.json !== undefined) {
      body = JSON.stringify(callOptions.json)
      headers['content-type'] ??= 'application/json'
    }
    return fetch(`${base}${path}`, { method, headers, body })
  }

  async function ok<T>(method: string, path: string, callOptions: CallOptions = {}): Promise<T> {
    const response = await call(method, path, callOptions)
    const text = await response.text()
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`)
    return (text ? JSON.parse(text) : undefined) as T
  }

  return {
    emulator,
    glance,
    get base() {
      return base
    },
    call,
    ok,
    createImage: (body = {}, token = 'alice-token') =>
      ok('POST', '/v2/images', { token, json: { name: 'cirros', disk_format: 'raw', container_format: 'bare', ...body } }),
    upload: (id, data, token = 'alice-token') =>
      call('PUT', `/v2/images/${id}/file`, {
        token,
        body: typeof data === 'string' ? data : (data as Uint8Array<ArrayBuffer>),
        headers: { 'content-type': 'application/octet-stream' },
      }),
  }
}

/** Status and explanation of a Glance error rendered as JSON (Accept: application/json). */
export async function glanceError(response: Response): Promise<{ status: number; message: string }> {
  const body = (await response.json()) as { message: string; code: string; title: string }
  return { status: response.status, message: body.message.replace(/<br \/><br \/>\n\n\n$/, '') }
}
