// The app outside Storybook, with the emulator in the page (browser devtools mocking): the same
// components, real fetch calls, answered by the Service Worker. Open the devtools console and try
//   imageApiEmulator.list('cci')
//   await imageApiEmulator.create('cci', { metadata: { name: 'snap-1' }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx:latest' }] } })
//   await imageApiEmulator.advance('90s')
// ?clock=manual stops the clock (move it with imageApiEmulator.advance); ?speed=N runs it N times faster;
// ?inspector opens the inspector panel (imageApiEmulator.inspector() shows or hides it either way).
// Served for the end-to-end tests (`vite --mode e2e`, see e2e/), the page has no emulator: the tests
// answer its requests from their own process (image-api-emulator/playwright).
/// <reference types="vite/client" />
import './styles.css'
import './imageConsole.ts'

const query = new URLSearchParams(location.search)

if (import.meta.env.MODE !== 'e2e') {
  const { startEmulatorWorker } = await import('image-api-emulator/browser')
  await startEmulatorWorker({
    fixtures: ['openshift-images', 'cci-snapshots', 'glance-images'],
    clock: { mode: query.get('clock') === 'manual' ? 'manual' : 'realtime' },
    speed: Number(query.get('speed') ?? 10),
    inspector: query.has('inspector'),
    // The worker script sits next to index.html wherever the app is served from.
    serviceWorkerUrl: new URL('mockServiceWorker.js', document.baseURI).pathname,
  })
}

document.body.append(document.createElement('image-console'))
