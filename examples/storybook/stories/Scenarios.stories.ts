// The built-in scenarios, played before each story renders: the cases a UI must handle and a real
// cloud will not produce on demand. Move the clock from the devtools console
// (imageApiEmulator.advance('2m')) or wait: the preview's clock runs ten times faster than real time.
import type { Meta, StoryObj } from '@storybook/html-vite'
import { rateLimited, snapshotFailsAfterTwoMinutes, updateConflict, watchExpires } from 'image-api-emulator/scenarios'
import type { StoryEmulatorParameters } from 'image-api-emulator/storybook'
import '../src/imageConsole.ts'

const meta: Meta = { title: 'Scenarios' }
export default meta

const emulator = (parameters: StoryEmulatorParameters) => ({ imageApiEmulator: parameters })

/** The first update answers 409 Conflict: "Pin" shows the API's message; pressing it again succeeds. */
export const UpdateConflict: StoryObj = {
  name: 'Update conflict (409)',
  render: () => document.createElement('cci-snapshot-list'),
  parameters: emulator({ fixtures: ['cci-snapshots'], scenario: updateConflict }),
  play: async ({ canvasElement }) => {
    const row = await rowNamed(canvasElement, 'my-imagesnapshot')
    row.querySelector<HTMLButtonElement>('button.pin')!.click()
  },
}

/** Glance answers the first two lists with 429 and Retry-After: 5; the panel says so and retries when told. */
export const RateLimited: StoryObj = {
  name: 'Rate limited (429)',
  render: () => document.createElement('glance-image-list'),
  parameters: emulator({ fixtures: ['glance-images'], scenario: rateLimited }),
}

/** snap-1, created by the story, stays Creating for two minutes and then fails with ImagePullFailed. */
export const FailingSnapshot: StoryObj = {
  name: 'Failing snapshot',
  render: () => document.createElement('cci-snapshot-list'),
  parameters: emulator({ fixtures: [], scenario: snapshotFailsAfterTwoMinutes }),
  play: async ({ canvasElement }) => {
    canvasElement.querySelector<HTMLInputElement>('input[name=name]')!.value = 'snap-1'
    canvasElement.querySelector<HTMLButtonElement>('button[type=submit]')!.click()
  },
}

/** Three minutes in, every watch gets ERROR 410 Expired: both Kubernetes panels list again and say so. */
export const ExpiredWatch: StoryObj = {
  name: 'Expired watch (410)',
  render: () => document.createElement('image-console'),
  parameters: emulator({ scenario: watchExpires }),
}

/** The story's row for `name`, once the list has loaded. */
async function rowNamed(root: HTMLElement, name: string): Promise<HTMLElement> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const row = root.querySelector<HTMLElement>(`tr[data-name="${name}"]`)
    if (row) return row
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`no row for ${name}`)
}
