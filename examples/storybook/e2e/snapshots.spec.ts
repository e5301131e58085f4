// The snapshot list against the emulator: what the user sees as the clock moves, scenarios included.
import { test, expect } from 'image-api-emulator/playwright'

test('a failing snapshot shows its reason', async ({ page, emulator }) => {
  emulator.play('snapshot-fails-after-two-minutes')
  await page.goto('/snapshots')
  await emulator.clock.advance('2m')
  await expect(page.getByText('ImagePullFailed')).toBeVisible()
})

test('snap-1 stays Creating until the two minutes are up, then shows why it failed', async ({ page, emulator }) => {
  emulator.play('snapshot-fails-after-two-minutes')
  await page.goto('/snapshots')
  const row = page.locator('cci-snapshot-list tr[data-name="snap-1"]')
  await expect(row).toHaveAttribute('data-phase', 'Creating')
  await expect(page.getByText('ImagePullFailed')).toHaveCount(0)

  await emulator.clock.advance('119s')
  expect(emulator.cci.imageSnapshots.get('snap-1')?.status?.phase).toBe('Creating')
  await emulator.clock.advance('1s')
  await expect(row).toHaveAttribute('data-phase', 'Unavailable')
  await expect(row.locator('.reason')).toHaveText('ImagePullFailed: pull nginx:latest: 429 Too Many Requests')
})

test('a snapshot created from the form is Available 90 seconds later', async ({ page, emulator }) => {
  await page.goto('/snapshots')
  await page.fill('cci-snapshot-list input[name=name]', 'from-the-form')
  await page.fill('cci-snapshot-list input[name=image]', 'busybox:1.36')
  await page.click('cci-snapshot-list button[type=submit]')
  const row = page.locator('cci-snapshot-list tr[data-name="from-the-form"]')
  await expect(row).toHaveAttribute('data-phase', 'Creating')

  await emulator.clock.advance('90s')
  await expect(row).toHaveAttribute('data-phase', 'Available')
  expect(emulator.journal.entries({ method: 'POST' }).map((entry) => `${entry.url} ${entry.status}`)).toEqual(['/apis/cci/v2/imagesnapshots 201'])
})

test.describe('with the built-in fixture sets', () => {
  test.use({ emulatorOptions: { fixtures: ['openshift-images', 'cci-snapshots', 'glance-images'] } })

  test('each panel lists its API', async ({ page }) => {
    await page.goto('/')
    await expect(page.locator('cci-snapshot-list tr[data-name]')).toHaveCount(3)
    await expect(page.locator('openshift-image-list tr[data-name]')).toHaveCount(3)
    await expect(page.locator('glance-image-list')).toContainText('fake_image1')
  })
})
