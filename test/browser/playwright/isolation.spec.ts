// Two tests at the same time, in two worker processes, each with its own emulator: what one page
// creates, the other never sees. A barrier in a shared directory holds each test until both have
// written, so they run side by side (the runner, test/browser/playwrightFixture.test.ts, also checks
// that they ran on different workers).
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from './appFixture.ts'

test.describe.configure({ mode: 'parallel' })

const barrier = process.env.PLAYWRIGHT_BARRIER_DIR

async function meet(name: string, other: string): Promise<void> {
  if (!barrier) throw new Error('PLAYWRIGHT_BARRIER_DIR is not set: run this file through test/browser/playwrightFixture.test.ts')
  await writeFile(join(barrier, name), '')
  await expect.poll(() => existsSync(join(barrier, other)), { timeout: 45_000 }).toBe(true)
}

for (const [mine, theirs] of [
  ['left', 'right'],
  ['right', 'left'],
] as const) {
  test(`side by side: the ${mine} test's page sees only its own snapshot`, async ({ page, emulator, createSnapshot }) => {
    await page.goto('/')
    await expect(page.locator('body[data-watch="open"]')).toBeAttached()
    expect(await createSnapshot(`snap-${mine}`)).toBe(201)
    // Both tests have written before either looks.
    await meet(mine, theirs)
    await expect(page.locator('#snapshots li')).toHaveText([`snap-${mine} Creating`])
    const listed = await page.evaluate(() => fetch('/apis/cci/v2/imagesnapshots').then((response) => response.json()))
    expect(listed.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual([`snap-${mine}`])
    expect(emulator.cci.imageSnapshots.list().map((item) => item.metadata.name)).toEqual([`snap-${mine}`])
    expect(emulator.journal.entries({ method: 'POST' }).map((entry) => `${entry.method} ${entry.url} ${entry.status}`)).toEqual([
      'POST /apis/cci/v2/imagesnapshots 201',
    ])
  })
}
