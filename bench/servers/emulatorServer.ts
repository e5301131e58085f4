// The emulator's standalone server with `count` OpenShift Images and Glance images, for the loopback benchmark.
import { createEmulator } from '../../src/emulator.ts'
import { listen } from '../../src/runtimes/server.ts'
import { loadGlanceImages, loadOpenshiftImages } from '../benchObjects.ts'
import { announce } from './childServer.ts'
import { startProfile } from '../profile.ts'

const count = Number(process.argv[2] ?? 1000)
const emulator = createEmulator({ seed: 1 })
await emulator.ready
await loadOpenshiftImages(emulator, count)
await loadGlanceImages(emulator, count)
const server = await listen({ emulator, host: '127.0.0.1' })
// BENCH_PROFILE=loopback.server profiles the server process for its whole life.
const finishProfile = process.env.BENCH_PROFILE === 'loopback.server' ? await startProfile('loopback.server') : undefined
announce(server.url, async () => {
  await finishProfile?.()
  await server.close()
})
