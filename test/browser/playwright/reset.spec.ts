// One worker, one test after the other: the second test's emulator starts from the options alone,
// whatever the first one did (objects, clock, scenarios, journal).
import { expect, test } from './appFixture.ts'

test.describe.configure({ mode: 'serial' })

test('the first test writes, plays a scenario and moves the clock', async ({ page, emulator, createSnapshot }) => {
  await page.goto('/')
  await expect(page.locator('body[data-watch="open"]')).toBeAttached()
  expect(await createSnapshot('left-over')).toBe(201)
  emulator.play('rate-limited')
  await emulator.clock.advance('1h')
  await expect(page.locator('#snapshots li[data-name="left-over"]')).toHaveAttribute('data-phase', 'Available')
  expect(emulator.scenarios.playing().length).toBe(1)
})

test('the next test starts afresh: no objects, the clock at its start, no scenario, an empty journal', async ({ page, emulator }) => {
  expect(emulator.clock.iso()).toBe('2026-01-01T00:00:00Z')
  expect(emulator.cci.imageSnapshots.list()).toEqual([])
  expect(emulator.scenarios.playing()).toEqual([])
  expect(emulator.journal.entries()).toEqual([])
  await page.goto('/')
  await expect(page.locator('body[data-listed="true"]')).toBeAttached()
  await expect(page.locator('#snapshots li')).toHaveCount(0)
  // rate-limited would have answered 429: this page's list was answered normally.
  expect(emulator.journal.entries({ method: 'GET' })[0]).toMatchObject({ url: '/apis/cci/v2/imagesnapshots', status: 200 })
})
