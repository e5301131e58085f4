// The whole app against the emulator's built-in fixtures.
import type { Meta, StoryObj } from '@storybook/html-vite'
import '../src/imageConsole.ts'

const meta: Meta = {
  title: 'Image console',
  render: () => document.createElement('image-console'),
}
export default meta

/** OpenShift images, CCI snapshots and Glance images from the built-in fixtures; create a snapshot to watch it turn Available. */
export const Normal: StoryObj = {}
