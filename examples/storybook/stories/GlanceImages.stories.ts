// The Glance panel alone: upload and download go through the emulated image data API.
import type { Meta, StoryObj } from '@storybook/html-vite'
import type { StoryEmulatorParameters } from 'image-api-emulator/storybook'
import '../src/glanceImageList.ts'

const meta: Meta = {
  title: 'Glance images',
  render: () => document.createElement('glance-image-list'),
  parameters: { imageApiEmulator: { fixtures: ['glance-images'] } satisfies StoryEmulatorParameters },
}
export default meta

/** A queued image without data and an active one whose 528 bytes can be downloaded. */
export const UploadAndDownload: StoryObj = { name: 'Upload and download' }
