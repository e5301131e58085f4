// The OpenShift panel alone.
import type { Meta, StoryObj } from '@storybook/html-vite'
import type { StoryEmulatorParameters } from 'image-api-emulator/storybook'
import '../src/openshiftImageList.ts'

const meta: Meta = {
  title: 'OpenShift images',
  render: () => document.createElement('openshift-image-list'),
  parameters: { imageApiEmulator: { fixtures: ['openshift-images'] } satisfies StoryEmulatorParameters },
}
export default meta

/** The images of the cluster's registry, by digest, with their pull references. */
export const List: StoryObj = {}

/** No fixtures: what a new cluster shows. */
export const Empty: StoryObj = { parameters: { imageApiEmulator: { fixtures: [] } satisfies StoryEmulatorParameters } }
