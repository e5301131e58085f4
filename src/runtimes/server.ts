// The standalone server: the emulator's dispatch() behind node:http, for clients msw cannot
// intercept (kubectl, python clients, @kubernetes/client-node's undici transport). Responses are
// streamed as dispatch produces them, so a watch is a chunked response flushed event by event.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import type { AddressInfo } from 'node:net'
import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator.ts'

export interface ListenOptions {
  /** 0 (default) picks a free port. */
  port?: number
  host?: string
  /** The emulator to serve; one is created from `emulatorOptions` when absent. */
  emulator?: Emulator
  emulatorOptions?: EmulatorOptions
}

export interface RunningServer {
  url: string
  port: number
  emulator: Emulator
  close(): Promise<void>
}

function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Request {
  const headers = new Headers()
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
  const method = req.method ?? 'GET'
  const hasBody = method !== 'GET' && method !== 'HEAD'
  return new Request(new URL(req.url ?? '/', req.headers.host ? `http://${req.headers.host}` : origin), {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // @ts-expect-error undici needs duplex for streamed request bodies; the DOM type lacks it.
    duplex: hasBody ? 'half' : undefined,
    signal,
  })
}

async function send(response: Response, res: ServerResponse, aborted: AbortSignal): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, key) => {
    headers[key] = key === 'set-cookie' ? response.headers.getSetCookie() : value
  })
  res.writeHead(response.status, headers)
  if (!response.body) return void res.end()
  // K-28: headers go out at once so a watch client sees the 200 before the first event.
  res.flushHeaders()
  const reader = response.body.getReader()
  aborted.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true })
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (value.byteLength === 0) continue
      if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve))
      if (aborted.aborted) break
    }
  } catch {
    // the client went away, or the stream was cancelled
  }
  res.end()
}

export async function listen(options: ListenOptions = {}): Promise<RunningServer> {
  const emulator = options.emulator ?? createEmulator(options.emulatorOptions)
  const host = options.host ?? '127.0.0.1'
  let origin = ''
  const server = createServer(async (req, res) => {
    const controller = new AbortController()
    res.on('close', () => controller.abort())
    try {
      const response = await emulator.dispatch(toRequest(req, origin, controller.signal))
      await send(response, res, controller.signal)
    } catch (error) {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
        res.end(`${error instanceof Error ? error.message : String(error)}\n`)
      } else res.destroy()
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const urlHost = host.includes(':') ? `[${host}]` : host
  origin = `http://${urlHost}:${port}`
  return {
    url: origin,
    port,
    emulator,
    async close() {
      // Open watches would keep the server alive: end them, then drop idle keep-alive sockets.
      emulator.kube.hub.closeAll()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
