// Debian's Chromium driven by playwright-core (no browser download): the flags that let it run
// headless in a container. playwright-core gives every launch a fresh temporary profile
// (--user-data-dir), so no Service Worker or cache survives from one run to the next.
import { chromium, type Browser } from 'playwright-core'

export const chromiumPath = '/usr/bin/chromium'

export interface LaunchedChromium {
  browser: Browser
  close(): Promise<void>
}

export async function launchChromium(): Promise<LaunchedChromium> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    timeout: 30_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined)
    },
  }
}
