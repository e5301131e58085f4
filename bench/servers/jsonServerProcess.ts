// json-server serving the same objects: a collection of OpenShift Images keyed by name and one of
// Glance images keyed by id, read from a JSON file { images: [...], glance: [...] }.
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { announce, urlOf } from './childServer.ts'

interface JsonServer {
  create(): { use(handler: unknown): void; listen(port: number, host: string, done: () => void): import('node:http').Server }
  defaults(options: { logger: boolean }): unknown
  router(db: unknown): unknown
}

const jsonServer = createRequire(import.meta.url)('json-server') as JsonServer
const db = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as unknown
const app = jsonServer.create()
app.use(jsonServer.defaults({ logger: false }))
app.use(jsonServer.router(db))
const server = app.listen(0, '127.0.0.1', () => announce(urlOf(server), () => new Promise<void>((resolve) => server.close(() => resolve()))))
