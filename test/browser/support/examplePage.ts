// Opens the example app (built with startEmulatorWorker) in a fresh browser context, so each test
// starts with a new Service Worker registration and a new emulator.
import type { Browser, BrowserContext, Page } from 'playwright-core'

export interface OpenedPage {
  context: BrowserContext
  page: Page
  /** Errors the page threw or logged: a test asserts there were none. */
  errors: string[]
  close(): Promise<void>
}

export async function openPage(browser: Browser, url: string, ready: string): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    // Chromium logs every non-2xx response (the missing favicon, the API errors a test provokes on
    // purpose); those are asserted where they matter. Any other error is a failure.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource: the server responded with a status of')) errors.push(message.text())
  })
  await page.goto(url)
  await page.waitForSelector(ready)
  return { context, page, errors, close: () => context.close() }
}
