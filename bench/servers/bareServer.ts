// A bare node:http server answering fixed paths with fixed bytes: the fastest a server of those
// answers can be. The answers come from a JSON file: { "<path>": { headers, base64 } }.
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import { announce, urlOf } from './childServer.ts'

interface Answer {
  headers: Record<string, string>
  base64: string
}

const answers = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Record<string, Answer>
const prepared = new Map(Object.entries(answers).map(([path, answer]) => [path, { headers: answer.headers, body: Buffer.from(answer.base64, 'base64') }]))

const server = createServer((req, res) => {
  const found = prepared.get(req.url ?? '')
  if (!found) {
    res.writeHead(404).end()
    return
  }
  res.writeHead(200, { ...found.headers, 'content-length': String(found.body.byteLength) })
  res.end(found.body)
})
server.listen(0, '127.0.0.1', () => announce(urlOf(server), () => new Promise<void>((resolve) => server.close(() => resolve()))))
