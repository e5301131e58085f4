// Every story gets a fresh emulator: the three built-in fixture sets unless the story chooses its
// own, its scenario played before it renders. The clock runs ten times faster than real time, so a
// snapshot created in a story turns Available after 9 s; window.imageApiEmulator steers it from the
// devtools console (advance('2m'), list('cci'), journal()).
import type { Preview } from '@storybook/html-vite'
import { mswLoader } from 'msw-storybook-addon/csf3'
import { createStorybookEmulator } from 'image-api-emulator/storybook'
import '../src/styles.css'

export const imageApi = createStorybookEmulator({
  fixtures: ['openshift-images', 'cci-snapshots', 'glance-images'],
  speed: 10,
})

const preview: Preview = {
  loaders: [mswLoader(imageApi.setupWorker), imageApi.loader],
  parameters: { layout: 'fullscreen' },
}

export default preview
