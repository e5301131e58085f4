// Bounded requests on the standalone server: every body has a limit that is enforced before it is
// read (a declared Content-Length over it is refused at once) or while it is read (chunked), each API
// answering in its own format; a client that trickles its request is cut off after the request
// timeout; request lines and headers may be as long as Go's 1 MiB (a long labelSelector works).
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'

/** Sends raw bytes; `answer()` resolves with what came back once the server has answered (or closed). */
async function rawExchange(base: string) {
  const url = new URL(base)
  const socket: Socket = connect(Number(url.port), url.hostname)
  await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('error', reject))
  let received = ''
  let closed = false
  socket.on('data', (chunk) => (received += chunk.toString('latin1')))
  socket.on('error', () => undefined)
  const ended = new Promise<void>((resolve) => socket.once('close', () => ((closed = true), resolve())))
  return {
    socket,
    write: (text: string) => socket.write(text),
    get received() {
      return received
    },
    get closed() {
      return closed
    },
    ended,
    /** Waits (bounded) until a complete head and `bodyIncludes` have arrived. */
    async answer(bodyIncludes = '', ms = 5000): Promise<string> {
      const deadline = Date.now() + ms
      while (!(received.includes('\r\n\r\n') && received.includes(bodyIncludes)) && !closed && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      return received
    },
  }
}

describe('request bodies are bounded before they are read', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await listen({ emulatorOptions: { seed: 1 } })
  })
  afterAll(async () => {
    await server?.close()
  })

  test('Glance: a declared 1 GiB JSON body is refused 413 at once, in Glance’s format (oslo sizelimit)', async () => {
    const raw = await rawExchange(server.url)
    raw.write('POST /v2/images HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: 1073741824\r\n\r\n{"name":')
    const received = await raw.answer('}')
    raw.socket.destroy()
    expect(received).toMatch(/^HTTP\/1\.1 413 /)
    const body = JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4))
    expect(body.title).toBe('Request Entity Too Large')
    expect(body.message).toContain('Request is too large. Larger than max_request_body_size (114688).')
    expect(server.emulator.glance.images()).toEqual([])
  })

  test('Glance: a chunked JSON body past 112 KiB is refused 413 once it passes the limit', async () => {
    const big = JSON.stringify({ name: 'big', description: 'x'.repeat(120_000) })
    const response = await fetch(`${server.url}/v2/images`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: new Blob([big]).stream(),
      // @ts-expect-error undici needs duplex for a streamed body
      duplex: 'half',
    })
    expect(response.status).toBe(413)
    expect(JSON.stringify(await response.json())).toContain('Request is too large. Larger than 114688.')
    // Within the limit is as before.
    const small = await fetch(`${server.url}/v2/images`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'small', description: 'x'.repeat(100_000) }) })
    expect(small.status).toBe(201)
    await small.text()
  })

  test('control API: a declared 1 GiB fixtures document is refused 413 at once, as a Status', async () => {
    const raw = await rawExchange(server.url)
    raw.write('POST /_emulator/fixtures HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{"documents":')
    const received = await raw.answer('}')
    raw.socket.destroy()
    expect(received).toMatch(/^HTTP\/1\.1 413 /)
    expect(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4))).toMatchObject({ kind: 'Status', code: 413, reason: 'RequestEntityTooLarge' })
  })

  test('a labelSelector of 64 KB is served, as Go servers accept up to 1 MiB of request line and headers', async () => {
    const values = Array.from({ length: 6000 }, (_, i) => `v${i}`).join(',')
    const response = await fetch(`${server.url}/apis/image.openshift.io/v1/images?labelSelector=${encodeURIComponent(`app in (${values})`)}`)
    expect(response.status).toBe(200)
    expect((await response.json()).kind).toBe('ImageList')
  })
})

describe('a scenario step matching on body fields reads no more of a body than the API would', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await listen({
      emulatorOptions: {
        seed: 1,
        scenarios: [
          {
            name: 'conflict-on-name',
            steps: [{ when: { method: 'POST', path: '/apis/image.openshift.io/v1/images', body: { 'metadata.name': 'taken' } }, respond: { status: 409 } }],
          },
        ],
      },
    })
  })
  afterAll(async () => {
    await server?.close()
  })

  test('a declared 1 GiB body is the API’s 413 at once, not buffered for the matcher', async () => {
    const raw = await rawExchange(server.url)
    raw.write('POST /apis/image.openshift.io/v1/images HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{"metadata":')
    const received = await raw.answer('}')
    raw.socket.destroy()
    expect(received).toMatch(/^HTTP\/1\.1 413 /)
    expect(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4))).toMatchObject({ kind: 'Status', code: 413 })
    // A body the matcher can read still meets the step.
    const matched = await fetch(`${server.url}/apis/image.openshift.io/v1/images`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"metadata":{"name":"taken"}}' })
    expect(matched.status).toBe(409)
    await matched.text()
  })
})

describe('a client that trickles its request is cut off after the request timeout', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await listen({ emulatorOptions: { seed: 1 }, requestTimeoutMs: 1000 })
  })
  afterAll(async () => {
    await server?.close()
  })

  test('one body byte every 200 ms: 408 and the connection closes, long before the body is complete', async () => {
    const raw = await rawExchange(server.url)
    raw.write('POST /apis/image.openshift.io/v1/images HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n')
    const trickle = setInterval(() => !raw.closed && raw.write(' '), 200)
    try {
      // 1000 bytes at this pace would take 200 s; the server gives up after about 1 s.
      await Promise.race([raw.ended, new Promise((resolve) => setTimeout(resolve, 10_000))])
    } finally {
      clearInterval(trickle)
      raw.socket.destroy()
    }
    expect(raw.closed).toBe(true)
    expect(raw.received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/)
    expect(server.emulator.journal.entries({ method: 'POST' }).filter((entry) => entry.status < 400)).toEqual([])
  })

  test('a watch outlives the request timeout: it is bounded by its own timeoutSeconds', async () => {
    const watch = await fetch(`${server.url}/apis/image.openshift.io/v1/images?watch=true`)
    expect(watch.status).toBe(200)
    const reader = watch.body!.getReader()
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await server.emulator.openshift.images.load({ metadata: { name: `sha256:${'1'.repeat(64)}` }, dockerImageReference: 'quay.io/a/b:1' } as never)
    const { value } = await reader.read()
    expect(new TextDecoder().decode(value)).toContain('"type":"ADDED"')
    await reader.cancel()
  })
})
