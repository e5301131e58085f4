// The CCI panel alone: phases come live from a watch.
import type { Meta, StoryObj } from '@storybook/html-vite'
import type { StoryEmulatorParameters } from 'image-api-emulator/storybook'
import '../src/cciSnapshotList.ts'

const meta: Meta = {
  title: 'CCI snapshots',
  render: () => document.createElement('cci-snapshot-list'),
  parameters: { imageApiEmulator: { fixtures: ['cci-snapshots'] } satisfies StoryEmulatorParameters },
}
export default meta

/**
 * The three fixture snapshots as stored: Available, Unavailable with its reason, and test-imagesnapshot
 * Creating. Its build is long overdue (fixtures keep their distance in time to the newest one), so the
 * clock's first tick makes it Available; this story stops the clock to show it Creating, and
 * `imageApiEmulator.advance('1s')` in the console lets that tick happen.
 */
export const Fixtures: StoryObj = {
  parameters: { imageApiEmulator: { fixtures: ['cci-snapshots'], options: { clock: { mode: 'manual' } } } satisfies StoryEmulatorParameters },
}

/**
 * A snapshot created through the form: Creating at once, Available 90 virtual seconds later (9 s at
 * the preview's speed; `imageApiEmulator.advance('90s')` in the console skips the wait).
 */
export const CreatingToAvailable: StoryObj = {
  name: 'Creating → Available',
  parameters: { imageApiEmulator: { fixtures: [] } satisfies StoryEmulatorParameters },
  play: async ({ canvasElement }) => {
    const name = canvasElement.querySelector<HTMLInputElement>('cci-snapshot-list input[name=name]')!
    name.value = 'snap-demo'
    canvasElement.querySelector<HTMLButtonElement>('cci-snapshot-list button[type=submit]')!.click()
  },
}
