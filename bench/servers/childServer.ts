// What every benchmark server process does: tell its parent where it listens, and stop when the
// parent says so or goes away (the IPC channel closes), so no server outlives its benchmark.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export function announce(url: string, close: () => Promise<void> | void): void {
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop())
  process.on('disconnect', () => void stop())
  process.send!({ url })
}

export function urlOf(server: Server): string {
  const { port } = server.address() as AddressInfo
  return `http://127.0.0.1:${port}`
}
