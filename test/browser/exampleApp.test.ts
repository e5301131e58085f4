// The example app with the emulator in the page (image-api-emulator/browser): its own fetch code
// lists and creates objects through msw's Service Worker, the console API on window.imageApiEmulator
// steers the emulator from page.evaluate, and the manual clock makes every transition deterministic.
import { createHash } from 'node:crypto'
import { afterAll, afterEach, describe, expect, test } from 'vitest'
import type { OpenedPage } from './support/examplePage.ts'
import { useExampleApp } from './support/exampleAppHarness.ts'

const example = useExampleApp()
let app: OpenedPage | undefined

afterAll(async () => {
  await app?.close()
})

// Whatever a test did, the page threw nothing and logged no error.
afterEach(() => expect(app?.errors ?? []).toEqual([]))

const openApp = async () => {
  await app?.close()
  app = await example.open()
  return app.page
}

describe('startEmulatorWorker in Chromium', () => {
  test('the app lists OpenShift images, CCI snapshots and Glance images from the built-in fixtures', async () => {
    const page = await openApp()
    await page.waitForSelector('glance-image-list tr[data-id]')
    await page.waitForSelector('openshift-image-list tr[data-name]')
    expect(await page.locator('cci-snapshot-list tr[data-name]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')))).toEqual([
      'api-server-snapshot',
      'my-imagesnapshot',
      'test-imagesnapshot',
    ])
    await expect.poll(() => page.locator('glance-image-list').innerText(), { timeout: 10_000 }).toContain('fake_image1')
    expect(await page.locator('openshift-image-list tr[data-name]').count()).toBe(3)
    expect(await page.locator('openshift-image-list').innerText()).toContain('registry.redhat.io/openshift4/ose-cli@sha256:2ca318f0')
    // The requests really went through the Service Worker to the emulator.
    const listed = await page.evaluate(() => window.imageApiEmulator!.journal({ method: 'GET' }).map((entry) => entry.url.split('?')[0]))
    expect(listed).toEqual(expect.arrayContaining(['/apis/cci/v2/imagesnapshots', '/v2/images', '/apis/image.openshift.io/v1/images']))
  })

  test('a snapshot created from the form shows Creating, then Available when the console advances the clock 90s (CCI-44)', async () => {
    const page = await openApp()
    await page.fill('cci-snapshot-list input[name=name]', 'snap-ui')
    await page.fill('cci-snapshot-list input[name=image]', 'nginx:1.27')
    await page.click('cci-snapshot-list button[type=submit]')
    const row = page.locator('cci-snapshot-list tr[data-name="snap-ui"]')
    await row.waitFor()
    expect(await row.getAttribute('data-phase')).toBe('Creating')
    expect(await row.innerText()).toContain('nginx:1.27')

    expect(await page.evaluate(() => window.imageApiEmulator!.advance('89s'))).toBe('2026-01-01T00:01:29Z')
    expect(await row.getAttribute('data-phase')).toBe('Creating')
    await page.evaluate(() => window.imageApiEmulator!.advance('1s'))
    await page.waitForSelector('cci-snapshot-list tr[data-name="snap-ui"][data-phase="Available"]')
    const created = (await page.evaluate(() => window.imageApiEmulator!.journal({ method: 'POST' }))).map((entry) => `${entry.method} ${entry.url} ${entry.status}`)
    expect(created).toEqual(['POST /apis/cci/v2/imagesnapshots 201'])
  })

  test("a scenario's 409 Conflict shows as the app's error message; the retry succeeds (update-conflict, K-15)", async () => {
    const page = await openApp()
    // play() by name from the console: the built-in update-conflict scenario.
    expect(await page.evaluate(() => window.imageApiEmulator!.play('update-conflict').scenario.name)).toBe('update-conflict')
    const pin = page.locator('cci-snapshot-list tr[data-name="my-imagesnapshot"] button.pin')
    await pin.click()
    await expect
      .poll(() => page.locator('cci-snapshot-list .error').innerText(), { timeout: 10_000 })
      .toBe(
        'Could not pin my-imagesnapshot: Operation cannot be fulfilled on imagesnapshots.cci "my-imagesnapshot": the object has been modified; please apply your changes to the latest version and try again',
      )
    await pin.click()
    await page.waitForSelector('cci-snapshot-list tr[data-name="my-imagesnapshot"] .badge')
    expect(await page.locator('cci-snapshot-list .error').innerText()).toBe('')
    const updates = await page.evaluate(() => window.imageApiEmulator!.journal({ method: 'PUT' }).map((entry) => entry.status))
    expect(updates).toEqual([409, 200])
  })

  test('the form shows the API error for an invalid snapshot name', async () => {
    const page = await openApp()
    await page.locator('cci-snapshot-list input[name=name]').evaluate((input: HTMLInputElement) => input.removeAttribute('pattern'))
    await page.fill('cci-snapshot-list input[name=name]', 'Not_Valid')
    await page.click('cci-snapshot-list button[type=submit]')
    await expect.poll(() => page.locator('cci-snapshot-list .error').innerText(), { timeout: 10_000 }).toMatch(/^Could not create Not_Valid: ImageSnapshot.* "Not_Valid" is invalid: metadata.name/)
  })

  test('uploads a Glance image from the form and downloads the same bytes (G10.2, G10.5)', async () => {
    const page = await openApp()
    await page.fill('glance-image-list input[name=name]', 'notes-image')
    await page.fill('glance-image-list textarea[name=content]', 'hello from the browser')
    await page.click('glance-image-list button[type=submit]')
    const row = page.locator('glance-image-list tr', { hasText: 'notes-image' })
    await row.locator('button:not([disabled])', { hasText: 'Download' }).click()
    // Glance sends the md5 it recorded at upload as Content-MD5: computed in the browser, checked here.
    const md5 = createHash('md5').update('hello from the browser').digest('hex')
    await expect
      .poll(() => page.locator('glance-image-list .download').innerText(), { timeout: 10_000 })
      .toBe(`Downloaded notes-image: 22 bytes, md5 ${md5} — “hello from the browser”`)
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('active')
  })

  test('window.imageApiEmulator lists, gets and creates objects of each API from page.evaluate', async () => {
    const page = await openApp()
    const summary = await page.evaluate(async () => {
      const api = window.imageApiEmulator!
      const snapshot = (await api.create('cci', {
        metadata: { name: 'from-console' },
        spec: { buildingConfig: { namespace: 'ns-a' }, images: [{ image: 'busybox:1.36' }] },
      })) as { metadata: { name: string; uid: string }; status: { phase: string } }
      const image = (await api.create('glance', { name: 'console-image', disk_format: 'raw', container_format: 'bare' }, { data: 'abc' })) as {
        id: string
        status: string
        size: number
      }
      const openshift = api.list('openshift') as Array<{ metadata: { name: string }; dockerImageReference: string }>
      let invalid = ''
      await api.create('cci', { metadata: { name: 'x' } }).catch((error: Error) => (invalid = error.message))
      let unknown = ''
      try {
        api.list('nova' as never)
      } catch (error) {
        unknown = (error as Error).message
      }
      return {
        snapshotPhase: snapshot.status.phase,
        storedSnapshot: (api.get('cci', 'from-console') as { metadata: { uid: string } }).metadata.uid === snapshot.metadata.uid,
        cciNames: (api.list('cci') as Array<{ metadata: { name: string } }>).map((s) => s.metadata.name),
        glance: { status: image.status, size: image.size, listed: (api.list('glance') as Array<{ id: string }>).some((i) => i.id === image.id) },
        openshiftCount: openshift.length,
        openshiftReference: (api.get('openshift', openshift[0]!.metadata.name) as { dockerImageReference: string }).dockerImageReference,
        missing: api.get('cci', 'no-such-snapshot') ?? null,
        invalid,
        unknown,
        now: api.now(),
      }
    })
    expect(summary).toEqual({
      snapshotPhase: 'Creating',
      storedSnapshot: true,
      cciNames: ['api-server-snapshot', 'from-console', 'my-imagesnapshot', 'test-imagesnapshot'],
      glance: { status: 'active', size: 3, listed: true },
      openshiftCount: 3,
      openshiftReference: expect.stringMatching(/@sha256:/),
      missing: null,
      invalid: expect.stringMatching(/spec.images: Required value/),
      unknown: "unknown API \"nova\": use one of 'openshift', 'cci', 'identity', 'glance'",
      now: '2026-01-01T00:00:00Z',
    })
    // The snapshot created from the console reached the app through its watch.
    await page.waitForSelector('cci-snapshot-list tr[data-name="from-console"][data-phase="Creating"]')
  })

  test('reset() from the console brings back the fixtures; a page reload still loads the app, not an API answer', async () => {
    const page = await openApp()
    await page.evaluate(() =>
      window.imageApiEmulator!.create('cci', { metadata: { name: 'temporary' }, spec: { buildingConfig: { namespace: 'ns' }, images: [{ image: 'nginx' }] } }),
    )
    await page.waitForSelector('cci-snapshot-list tr[data-name="temporary"]')
    await page.evaluate(() => window.imageApiEmulator!.reset())
    expect(await page.evaluate(() => (window.imageApiEmulator!.list('cci') as Array<{ metadata: { name: string } }>).map((s) => s.metadata.name))).toEqual([
      'api-server-snapshot',
      'my-imagesnapshot',
      'test-imagesnapshot',
    ])
    // The journal starts again: only the app's watches, reopened after reset() closed them, are in it.
    const journal = await page.evaluate(() => window.imageApiEmulator!.journal())
    expect(journal.filter((entry) => !entry.url.includes('watch=true'))).toEqual([])
    // With origins '*', Glance claims "/" — but a navigation is never handed to the emulator.
    await page.reload()
    await page.waitForSelector('cci-snapshot-list tr[data-name="test-imagesnapshot"]')
    expect(await page.title()).toBe('Image console')
  })
})
