// Server faults: clients that vanish mid-upload or mid-watch, and SIGTERM while writes are under way.
// Nothing half-written may ever be visible: a cut upload leaves no data and no half-made object, a
// vanished watcher is forgotten, and a shutdown answers every request it accepted in full.
import { fork } from 'node:child_process'
import { connect, type Socket } from 'node:net'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { useEmulator } from '../support/transports.ts'
import type { StoreSnapshot } from '../../src/store/objectStore.ts'

const images = '/apis/image.openshift.io/v1/images'
const digest = (i: number) => `sha256:${i.toString(16).padStart(64, '0')}`

async function eventually(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** A raw connection, for requests fetch cannot cut short. */
async function rawSocket(base: string): Promise<Socket> {
  const url = new URL(base)
  const socket = connect(Number(url.port), url.hostname)
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
  return socket
}

describe('clients that go away', () => {
  const h = useEmulator('server')

  test('mid-upload of Glance image data: the image goes back to queued with no data, and the server stays up', async () => {
    const created = await fetch(`${h.base}/v2/images`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'cut', disk_format: 'raw', container_format: 'bare' }),
    })
    const image = (await created.json()) as { id: string }
    const socket = await rawSocket(h.base)
    socket.write(
      `PUT /v2/images/${image.id}/file HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n`,
    )
    socket.write(Buffer.alloc(100_000, 7))
    await eventually(() => h.emulator.glance.image(image.id)?.status === 'saving')
    socket.destroy()
    await eventually(() => h.emulator.glance.image(image.id)?.status === 'queued')
    expect(h.emulator.glance.image(image.id)).toMatchObject({ size: null, checksum: null, os_hash_value: null })
    expect(h.emulator.glance.imageData(image.id)).toBeUndefined()
    const again = await fetch(`${h.base}/v2/images/${image.id}/file`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: 'whole' })
    expect(again.status).toBe(204)
  })

  test('mid-body of a Kubernetes create: nothing is created, no resourceVersion is taken', async () => {
    const before = h.emulator.store.snapshot()
    const body = JSON.stringify({ metadata: { name: digest(1) }, dockerImageReference: 'quay.io/a/b:1' })
    // The whole object is sent, but the body was declared longer: a server that took what had arrived
    // when the connection closed would create it.
    const socket = await rawSocket(h.base)
    socket.write(`POST ${images} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 8}\r\n\r\n${body}`)
    // A chunked upload cut before its last chunk, too: the object is complete, the body is not.
    const chunked = await rawSocket(h.base)
    chunked.write(`POST ${images} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n`)
    const creates = () => h.emulator.journal.entries({ method: 'POST', path: images }).length
    // end(): what was written arrives first, then the connection closes mid-body.
    socket.end()
    chunked.end()
    // Each is answered (journaled) once the cut is seen, without a write.
    await eventually(() => creates() === 2)
    socket.destroy()
    chunked.destroy()
    expect(h.emulator.store.snapshot()).toEqual(before)
    const created = await fetch(`${h.base}${images}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    expect(created.status).toBe(201)
  })

  test('an answer given without reading the body leaves the keep-alive connection usable', async () => {
    const socket = await rawSocket(h.base)
    let received = ''
    socket.on('data', (chunk) => (received += chunk.toString('latin1')))
    const body = 'x'.repeat(300_000)
    // An unknown path is answered before its body is read; the next request on the socket must still be served.
    socket.write(`PUT ${images}/a/b/c HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`)
    socket.write(`GET ${images} HTTP/1.1\r\nHost: x\r\n\r\n`)
    await eventually(() => (received.match(/HTTP\/1\.1 /g) ?? []).length === 2 && received.includes('"kind":"ImageList"'))
    expect(received).toMatch(/^HTTP\/1\.1 404 /)
    socket.destroy()
  })

  test('a request node cannot parse (an unknown method) is answered 400 in plain text, as Go servers answer', async () => {
    const socket = await rawSocket(h.base)
    let received = ''
    socket.on('data', (chunk) => (received += chunk.toString('latin1')))
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    socket.write(`BREW ${images} HTTP/1.1\r\nHost: x\r\n\r\n`)
    await closed
    expect(received).toBe('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request')
  })

  test('mid-watch: the hub forgets the watch and its timers; writes go on', async () => {
    await h.emulator.openshift.images.load({ metadata: { name: digest(1) }, dockerImageReference: 'quay.io/a/b:1' } as never)
    const aborter = new AbortController()
    const watch = await fetch(`${h.base}${images}?watch=true`, { signal: aborter.signal })
    const [first] = await readEventsUntilOne(watch)
    expect(first.type).toBe('ADDED')
    expect(h.emulator.kube.hub.watches()).toHaveLength(1)
    aborter.abort()
    await eventually(() => h.emulator.kube.hub.watches().length === 0)
    const created = await fetch(`${h.base}${images}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ metadata: { name: digest(2) }, dockerImageReference: 'quay.io/a/b:2' }) })
    expect(created.status).toBe(201)
    expect(h.emulator.clock.pending()).toBe(0)
  })
})

/** The first event of a watch, leaving the stream open. */
async function readEventsUntilOne(response: Response): Promise<any[]> {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  while (!text.includes('\n')) {
    const { done, value } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
  }
  reader.releaseLock()
  return [JSON.parse(text.split('\n')[0]!)]
}

describe('SIGTERM during writes', () => {
  test('every accepted request is answered in full, and every answered write is in the store', async () => {
    const work = mkdtempSync(join(tmpdir(), 'emulator-shutdown-'))
    const dump = join(work, 'store.json')
    const child = fork(fileURLToPath(new URL('./serverProcess.ts', import.meta.url)), [dump], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    try {
      const base = await new Promise<string>((resolve, reject) => {
        child.once('message', (message) => resolve((message as { url: string }).url))
        child.once('exit', (code) => reject(new Error(`server exited early (${code})`)))
      })
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
      type Outcome = { name: string; status?: number; text?: string; error?: string }
      const outcomes: Outcome[] = []
      let answered = 0
      let signalled = false
      let next = 0
      const writer = async () => {
        for (;;) {
          const name = digest(next++)
          const outcome: Outcome = { name }
          outcomes.push(outcome)
          try {
            const response = await fetch(`${base}${images}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ metadata: { name, labels: { writer: 'shutdown' } }, dockerImageReference: `quay.io/a/b@${name}` }),
            })
            outcome.status = response.status
            outcome.text = await response.text()
          } catch (error) {
            // Refused or reset once the server stops: the request was never answered.
            outcome.error = String(error)
            return
          }
          if (++answered === 150 && !signalled) {
            signalled = true
            child.kill('SIGTERM')
          }
        }
      }
      await Promise.all(Array.from({ length: 20 }, writer))
      expect(await exited).toBe(0)

      const answeredOutcomes = outcomes.filter((o) => o.status !== undefined)
      expect(answeredOutcomes.length).toBeGreaterThanOrEqual(150)
      for (const outcome of answeredOutcomes) {
        // No half answer: each is a complete 201 with the object it created.
        expect(outcome.status).toBe(201)
        expect(JSON.parse(outcome.text!).metadata.name).toBe(outcome.name)
      }
      const store = JSON.parse(readFileSync(dump, 'utf8')) as StoreSnapshot
      const stored = new Map(store.kinds['kube:image.openshift.io/images']!.map(([key, json]) => [key, JSON.parse(json)]))
      for (const outcome of answeredOutcomes) expect(stored.has(outcome.name)).toBe(true)
      const unanswered = new Set(outcomes.filter((o) => o.error).map((o) => o.name))
      for (const [key, object] of stored) {
        // Whole objects only; any not answered belong to requests whose connection was cut.
        expect(object).toMatchObject({ metadata: { name: key, uid: expect.any(String), resourceVersion: expect.any(String) }, dockerImageReference: `quay.io/a/b@${key}` })
        if (!answeredOutcomes.some((o) => o.name === key)) expect(unanswered.has(key)).toBe(true)
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
      rmSync(work, { recursive: true, force: true })
    }
  }, 30_000)
})

