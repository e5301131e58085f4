// The standalone server hands the APIs node's own request instead of a fetch Request. Whatever a
// client sends, the APIs and the journal must read it exactly as they would read a fetch Request.
import { connect } from 'node:net'
import { afterEach, expect, test } from 'vitest'
import fc from 'fast-check'
import { NodeHeaders } from '../../src/runtimes/nodeRequest.ts'
import { listen, type RunningServer } from '../../src/runtimes/server.ts'

const fieldName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/)
const fieldValue = fc.stringMatching(/^[ -~]{0,20}$/).map((value) => value.trim())
const rawList = fc.array(fc.tuple(fc.oneof(fieldName, fc.constantFrom('Set-Cookie', 'accept', 'ACCEPT', 'Accept')), fieldValue), { maxLength: 12 }).map((pairs) => pairs.flat())

test('headers read from the raw list answer as fetch Headers do: get, has, order, repeats, Set-Cookie', () => {
  fc.assert(
    fc.property(rawList, fieldName, (raw, probe) => {
      const ours = new NodeHeaders(raw)
      const fetchs = new Headers()
      for (let i = 0; i < raw.length; i += 2) fetchs.append(raw[i]!, raw[i + 1]!)
      for (let i = 0; i < raw.length; i += 2) expect(ours.get(raw[i]!.toUpperCase())).toBe(fetchs.get(raw[i]!))
      expect(ours.get(probe)).toBe(fetchs.get(probe))
      expect(ours.has(probe)).toBe(fetchs.has(probe))
      expect([...ours]).toEqual([...fetchs])
      expect(ours.getSetCookie()).toEqual(fetchs.getSetCookie())
      ours.set('X-Added', 'v')
      fetchs.set('X-Added', 'v')
      ours.delete('accept')
      fetchs.delete('accept')
      expect([...ours]).toEqual([...fetchs])
    }),
    { numRuns: 300, seed: 9 },
  )
})

let server: RunningServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** Sends raw HTTP/1.1 text on one connection; the text of everything the server answered. */
function exchange(port: number, requests: string, answers: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      text += chunk
      if (text.split('HTTP/1.1 ').length - 1 >= answers) {
        socket.end()
        resolve(text)
      }
    })
    socket.on('error', reject)
    socket.write(requests)
  })
}

test('over the server, repeated and mixed-case header fields reach the journal as fetch would list them', async () => {
  server = await listen({ emulatorOptions: { seed: 1 } })
  await exchange(
    server.port,
    'GET /apis/image.openshift.io/v1/images HTTP/1.1\r\nHost: localhost\r\nX-Trace: a\r\nx-trace: b\r\nUser-Agent: raw/1\r\n\r\n',
    1,
  )
  const [entry] = server.emulator.journal.entries()
  expect(entry!.url).toBe('/apis/image.openshift.io/v1/images')
  expect(entry!.requestHeaders).toEqual({ host: 'localhost', 'user-agent': 'raw/1', 'x-trace': 'a, b' })
})

test('a body the API never reads does not hold up the next request on the same connection', async () => {
  server = await listen({ emulatorOptions: { seed: 1 } })
  const body = JSON.stringify({ metadata: { name: 'x' } })
  const answers = await exchange(
    server.port,
    `POST /apis/image.openshift.io/v1/nosuchplural HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}` +
      'GET /version HTTP/1.1\r\nHost: localhost\r\n\r\n',
    2,
  )
  expect(answers.match(/HTTP\/1\.1 (\d+)/g)).toEqual(['HTTP/1.1 404', 'HTTP/1.1 200'])
})
