// The test's emulator seen in its inspector, opened from a page of the test (/_emulator/ui, which opens
// on the emulator's server): it follows the emulator's state live while the test or its buttons move it.
import { expect, test } from './appFixture.ts'

test("page.goto('/_emulator/ui') opens the inspector of the test's own emulator, live", async ({ page, context, emulator, createSnapshot }) => {
  await page.goto('/')
  expect(await createSnapshot('inspected')).toBe(201)

  const inspector = await context.newPage()
  await inspector.goto('/_emulator/ui')
  await expect(inspector.locator('[data-live="live"]')).toBeAttached()
  expect(new URL(inspector.url()).pathname).toBe('/_emulator/ui')
  const snapshot = inspector.locator('[data-object="cci/imagesnapshots/inspected"]')
  await expect(snapshot).toHaveAttribute('data-status', 'Creating')

  // The test moves the clock: the inspector's page shows it without reloading.
  await emulator.clock.advance('90s')
  await expect(snapshot).toHaveAttribute('data-status', 'Available')
  await expect(inspector.locator('[data-clock]')).toHaveText('2026-01-01T00:01:30Z')
  // Its buttons move the same emulator's clock.
  await inspector.click('[data-advance="1m"]')
  await expect.poll(() => emulator.clock.iso()).toBe('2026-01-01T00:02:30Z')
  // The app's page is still the app: its own navigation was not handed to the emulator.
  expect(await page.title()).toBe('Snapshot watch')
})
