// What the page asked, as the emulator answered it, in the test's emulator.journal; and what the
// emulator never answers: the page's navigations (the app's `/`, which Glance would claim) and the
// app's own files.
import { expect, test } from './appFixture.ts'

test("the page's requests are in emulator.journal with their answers' status; navigations and files are not", async ({ page, emulator, createSnapshot }) => {
  await page.goto('/')
  await expect(page.locator('body[data-watch="open"]')).toBeAttached()
  // The app at `/` loaded, not Glance's version document.
  expect(await page.title()).toBe('Snapshot watch')
  expect(await createSnapshot('journaled')).toBe(201)
  expect(await createSnapshot('journaled')).toBe(409)
  expect(await createSnapshot('Not_Valid')).toBe(422)
  const glance = await page.evaluate(() => fetch('/v2/images?limit=1').then((response) => response.status))
  expect(glance).toBe(200)

  expect(emulator.journal.entries().map(({ api, method, url, status }) => `${api} ${method} ${url} ${status}`)).toEqual([
    'cci GET /apis/cci/v2/imagesnapshots 200',
    expect.stringMatching(/^cci GET \/apis\/cci\/v2\/imagesnapshots\?watch=true&resourceVersion=\d+ 200$/),
    'cci POST /apis/cci/v2/imagesnapshots 201',
    'cci POST /apis/cci/v2/imagesnapshots 409',
    'cci POST /apis/cci/v2/imagesnapshots 422',
    'glance GET /v2/images?limit=1 200',
  ])
  // The page's own headers are recorded as it sent them.
  expect(emulator.journal.entries({ method: 'POST' })[0]!.requestHeaders).toMatchObject({ 'content-type': 'application/json' })
})

test("a scenario's broken connection fails the page's fetch, as a network error would", async ({ page, emulator }) => {
  await page.goto('/')
  await expect(page.locator('body[data-watch="open"]')).toBeAttached()
  emulator.play({ name: 'cut', steps: [{ when: { method: 'GET', path: '/v2/images' }, times: 1, respond: { fault: 'connection-reset' } }] })
  const outcome = await page.evaluate(async () => {
    const first = await fetch('/v2/images').then(
      (response) => `answered ${response.status}`,
      (error: Error) => `${error.name}: ${error.message}`,
    )
    const second = await fetch('/v2/images').then((response) => response.status)
    return { first, second }
  })
  expect(outcome).toEqual({ first: 'TypeError: Failed to fetch', second: 200 })
})
