// A watch reaches the page event by event while the test moves the clock: the page's one watch
// request stays open, and each change arrives on it when it happens, not when the answer ends (K-28).
import { expect, test } from './appFixture.ts'

test('each watch event reaches the page when the clock makes it happen, on one open watch (CCI-44, K-28)', async ({ page, emulator, createSnapshot }) => {
  await page.goto('/')
  await expect(page.locator('body[data-watch="open"]')).toBeAttached()
  const events = page.locator('#events li')

  expect(await createSnapshot('snap-w')).toBe(201)
  await expect(events).toHaveText(['ADDED snap-w Creating'])
  await expect(page.locator('#snapshots li[data-name="snap-w"]')).toHaveAttribute('data-phase', 'Creating')

  // 89 s: nothing is due yet, so nothing arrives (a request answered through the page meanwhile
  // proves the page has seen everything the emulator sent so far).
  await emulator.clock.advance('89s')
  await page.evaluate(() => fetch('/apis/cci/v2/imagesnapshots').then((response) => response.json()))
  await expect(events).toHaveCount(1)

  // The build finishes at 90 s: the MODIFIED event arrives on the same watch, and the page shows it.
  await emulator.clock.advance('1s')
  await expect(events).toHaveText(['ADDED snap-w Creating', 'MODIFIED snap-w Available'])
  await expect(page.locator('#snapshots li[data-name="snap-w"]')).toHaveAttribute('data-phase', 'Available')

  // A write the test makes directly (as a controller would) reaches the page the same way.
  await emulator.cci.imageSnapshots.systemUpdate('snap-w', () => 'delete')
  await expect(events).toHaveText(['ADDED snap-w Creating', 'MODIFIED snap-w Available', 'DELETED snap-w Available'])
  await expect(page.locator('#snapshots li')).toHaveCount(0)

  // All of it came on one watch, still open: the page opened it once and never had to open it again.
  expect(await page.locator('body').getAttribute('data-watch')).toBe('open')
  const watches = emulator.journal.entries({ method: 'GET' }).filter((entry) => entry.url.includes('watch=true'))
  expect(watches.map((entry) => [entry.api, entry.status])).toEqual([['cci', 200]])
})

test('a scenario step the clock reaches is on the page at once: snapshot-fails-after-two-minutes', async ({ page, emulator, createSnapshot }) => {
  await page.goto('/')
  await expect(page.locator('body[data-watch="open"]')).toBeAttached()
  emulator.play('snapshot-fails-after-two-minutes')
  expect(await createSnapshot('snap-1')).toBe(201)
  await expect(page.locator('#snapshots li[data-name="snap-1"]')).toHaveAttribute('data-phase', 'Creating')

  // Past the default 90-second build the scenario holds it back; at 2 minutes it fails.
  await emulator.clock.advance('119s')
  await expect(page.locator('#events li')).toHaveCount(1)
  await emulator.clock.advance('1s')
  await expect(page.locator('#snapshots li[data-name="snap-1"]')).toHaveAttribute('data-phase', 'Unavailable')
  expect(emulator.cci.imageSnapshots.get('snap-1')?.status).toMatchObject({ phase: 'Unavailable', reason: 'ImagePullFailed' })
})
