// Emulator options per project (playwright.config.ts: the OpenShift fixtures), per file or describe
// (test.use), and what they change in the answers the page gets.
import { expect, test } from './appFixture.ts'

const names = (list: { items: Array<{ metadata: { name: string } }> }) => list.items.map((item) => item.metadata.name)

test("without test.use, the project's emulatorOptions apply: the page lists the OpenShift fixtures", async ({ page, emulator }) => {
  await page.goto('/')
  const images = await page.evaluate(() => fetch('/apis/image.openshift.io/v1/images').then((response) => response.json()))
  expect(images.items).toHaveLength(3)
  expect(names(images)).toEqual(emulator.openshift.images.list().map((image) => image.metadata.name))
})

test.describe('test.use({ emulatorOptions }) in a describe', () => {
  test.use({ emulatorOptions: { fixtures: ['cci-snapshots'], clock: { start: '2030-05-01T00:00:00Z' } } })

  test('replaces the project options: CCI fixtures, no OpenShift images, the clock at the given start', async ({ page, emulator }) => {
    expect(emulator.clock.iso()).toBe('2030-05-01T00:00:00Z')
    await page.goto('/')
    await expect(page.locator('#snapshots li')).toHaveText(['api-server-snapshot Unavailable', 'my-imagesnapshot Available', 'test-imagesnapshot Creating'])
    const images = await page.evaluate(() => fetch('/apis/image.openshift.io/v1/images').then((response) => response.json()))
    expect(images.items).toEqual([])
    // CCI-50: the fixture set is moved in time so that its newest snapshot was created now.
    expect(emulator.cci.imageSnapshots.get('api-server-snapshot')?.metadata.creationTimestamp).toBe('2030-05-01T00:00:00Z')
  })
})

test.describe('auth', () => {
  test.use({ emulatorOptions: { auth: { tokens: { 'page-token': { user: 'alice' } } } } })

  test("the page's request without the token is refused with the API's 401; with it, answered", async ({ page, emulator }) => {
    await page.goto('/')
    const statuses = await page.evaluate(async () => {
      const without = await fetch('/apis/cci/v2/imagesnapshots')
      const withToken = await fetch('/apis/cci/v2/imagesnapshots', { headers: { authorization: 'Bearer page-token' } })
      return { without: [without.status, (await without.json()).reason], withToken: withToken.status }
    })
    expect(statuses).toEqual({ without: [401, 'Unauthorized'], withToken: 200 })
    // The app's own list on load (no token), then the two above.
    expect(emulator.journal.entries({ path: '/apis/cci/v2/imagesnapshots' }).map((entry) => entry.status)).toEqual([401, 401, 200])
  })
})

test.describe('origins', () => {
  // The app calls its API on another origin, as a deployed console calls its cluster.
  test.use({ emulatorOptions: { origins: ['http://api.cluster.example:6443'] } })

  test("the emulator answers only the listed origin; the page's own origin is left to its server", async ({ page, emulator }) => {
    await page.goto('/')
    const answers = await page.evaluate(async () => {
      const own = await fetch('/apis/cci/v2/imagesnapshots')
      const api = await fetch('http://api.cluster.example:6443/apis/cci/v2/imagesnapshots', { headers: { authorization: 'Bearer any' } })
      return { own: [own.status, await own.text()], api: [api.status, (await api.json()).kind] }
    })
    // The app's static server knows no API: its own 404.
    expect(answers).toEqual({ own: [404, 'not found'], api: [200, 'ImageSnapshotList'] })
    expect(emulator.journal.entries().map((entry) => `${entry.method} ${entry.url} ${entry.status}`)).toEqual(['GET /apis/cci/v2/imagesnapshots 200'])
  })
})
