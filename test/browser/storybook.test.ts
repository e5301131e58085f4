// The example Storybook, built statically as `npm run build-storybook` builds it, served over
// loopback and rendered in Chromium: every story shows what it is about (checked as text and as a
// non-blank screenshot), each story starts from its own fresh emulator, and time-driven stories are
// moved forward from window.imageApiEmulator so nothing depends on the wall clock.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Frame, Page } from 'playwright-core'
import { buildStorybook, type Build } from './support/builds.ts'
import { launchChromium, type LaunchedChromium } from './support/chromium.ts'
import { openPage, type OpenedPage } from './support/examplePage.ts'
import { summarizePng } from './support/png.ts'
import { serveDirectory, type StaticServer } from './support/staticServer.ts'

let build: Build
let server: StaticServer
let chromium: LaunchedChromium
const opened: OpenedPage[] = []

beforeAll(async () => {
  build = await buildStorybook()
  server = await serveDirectory(build.directory)
  chromium = await launchChromium()
}, 150_000)

afterAll(async () => {
  for (const page of opened) await page.close()
  await chromium?.close()
  await server?.close()
  await build?.remove()
})

interface StoryCheck {
  /** Text the rendered story must show. */
  shows: string[]
  /** What to do before the final check (move the clock, click). */
  then?: (page: Page) => Promise<void>
  /** Text it shows after `then`. */
  thenShows?: string[]
}

const advance = (page: Page | Frame, duration: string) => page.evaluate((d) => window.imageApiEmulator!.advance(d), duration)

/** What each story is about; every story in the build must be listed here. */
const stories: Record<string, StoryCheck> = {
  'image-console--normal': {
    shows: ['Image console', 'api-server-snapshot', 'ImagePullFailed', 'fake_image1', 'registry.redhat.io/openshift4/ose-cli@sha256'],
  },
  'cci-snapshots--fixtures': {
    shows: ['CCI image snapshots', 'my-imagesnapshot', 'Available', 'Unavailable', 'test-imagesnapshot', 'Creating'],
    // The story stops the clock; its first tick makes the overdue build of test-imagesnapshot Available (fixtures/README.md).
    then: async (page) => {
      await page.waitForSelector('tr[data-name="test-imagesnapshot"][data-phase="Creating"]')
      await advance(page, '1s')
      await page.waitForSelector('tr[data-name="test-imagesnapshot"][data-phase="Available"]', { timeout: 10_000 })
    },
  },
  'cci-snapshots--creating-to-available': {
    shows: ['snap-demo', 'Creating'],
    then: (page) => advance(page, '90s').then(() => undefined),
    thenShows: ['Available'],
  },
  'glance-images--upload-and-download': {
    shows: ['Glance images', 'fake_image1', '528 B'],
    then: (page) => page.locator('tr', { hasText: 'fake_image1' }).locator('button', { hasText: 'Download' }).click(),
    thenShows: ['Downloaded fake_image1: 528 bytes'],
  },
  'openshift-images--list': { shows: ['OpenShift images', 'ubi9/ubi-minimal@sha256:84686fa9'] },
  'openshift-images--empty': { shows: ['OpenShift images', 'No images'] },
  'scenarios--update-conflict': {
    shows: ['Could not pin my-imagesnapshot: Operation cannot be fulfilled on imagesnapshots.cci "my-imagesnapshot"'],
    // The scenario answers only the first update with 409: the retry goes through.
    then: (page) => page.locator('tr[data-name="my-imagesnapshot"] button.pin').click(),
    thenShows: ['pinned'],
  },
  'scenarios--rate-limited': { shows: ['Glance images', 'Glance is rate limiting requests (429 Too Many Requests); retrying in 5 s'] },
  'scenarios--failing-snapshot': {
    shows: ['snap-1', 'Creating'],
    then: (page) => advance(page, '2m').then(() => undefined),
    thenShows: ['Unavailable', 'ImagePullFailed: pull nginx:latest: 429 Too Many Requests'],
  },
  'scenarios--expired-watch': {
    shows: ['Image console', 'api-server-snapshot', 'fake_image1'],
    then: (page) => advance(page, '3m').then(() => undefined),
    thenShows: ['Watch expired (410 Expired): listed again'],
  },
}

async function openStory(id: string): Promise<OpenedPage> {
  const story = await openPage(chromium.browser, `${server.url}/iframe.html?id=${id}&viewMode=story`, '#storybook-root > *')
  opened.push(story)
  return story
}

const rootText = (page: Page) => page.locator('#storybook-root').innerText()

describe('the statically built Storybook in Chromium', () => {
  test('lists exactly the stories this suite checks', async () => {
    const index = (await (await fetch(`${server.url}/index.json`)).json()) as { entries: Record<string, { type: string }> }
    const built = Object.entries(index.entries)
      .filter(([, entry]) => entry.type === 'story')
      .map(([id]) => id)
    expect(built.sort()).toEqual(Object.keys(stories).sort())
  })

  for (const [id, check] of Object.entries(stories)) {
    test(`${id} renders what it is about, and the screenshot is not blank`, async () => {
      const { page, errors, close } = await openStory(id)
      for (const text of check.shows) await expect.poll(() => rootText(page), { timeout: 10_000 }).toContain(text)
      if (check.then) {
        await check.then(page)
        for (const text of check.thenShows ?? []) await expect.poll(() => rootText(page), { timeout: 10_000 }).toContain(text)
      }
      const pixels = summarizePng(await page.screenshot({ fullPage: true }))
      expect(pixels.inkRatio).toBeGreaterThan(0.002)
      expect(pixels.colours).toBeGreaterThan(8)
      expect(errors).toEqual([])
      await close()
    })
  }

  test('every story starts from a fresh emulator: what one story created is gone in the next (manager UI)', async () => {
    const manager = await openPage(chromium.browser, `${server.url}/?path=/story/cci-snapshots--fixtures`, '#storybook-preview-iframe')
    opened.push(manager)
    const preview = () => manager.page.frame({ name: 'storybook-preview-iframe' })!
    await expect.poll(() => preview().locator('#storybook-root').innerText(), { timeout: 15_000 }).toContain('my-imagesnapshot')
    await preview().evaluate(() =>
      window.imageApiEmulator!.create('cci', { metadata: { name: 'left-behind' }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx' }] } }),
    )
    await expect.poll(() => preview().locator('#storybook-root').innerText(), { timeout: 10_000 }).toContain('left-behind')

    // Another story, then back: the sidebar switches stories inside the same preview page.
    await manager.page.click('button#image-console')
    await manager.page.click('a#image-console--normal')
    await expect.poll(() => preview().locator('#storybook-root').innerText(), { timeout: 15_000 }).toContain('Glance images')
    await manager.page.click('a#cci-snapshots--fixtures')
    await expect.poll(() => preview().locator('#storybook-root').innerText(), { timeout: 15_000 }).toContain('my-imagesnapshot')
    expect(await preview().locator('#storybook-root').innerText()).not.toContain('left-behind')
    expect(await preview().evaluate(() => (window.imageApiEmulator!.list('cci') as Array<{ metadata: { name: string } }>).map((s) => s.metadata.name))).not.toContain(
      'left-behind',
    )
    await manager.close()
  })
})
