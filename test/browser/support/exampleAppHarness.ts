// The example app built once per test file, served over loopback, with a Chromium to open it in; all
// three are closed and removed after the file's tests.
import { afterAll, beforeAll } from 'vitest'
import { buildExampleApp, type Build } from './builds.ts'
import { launchChromium, type LaunchedChromium } from './chromium.ts'
import { openPage, type OpenedPage } from './examplePage.ts'
import { serveDirectory, type StaticServer } from './staticServer.ts'

export interface ExampleAppHarness {
  /** Opens the app with the emulator's clock stopped, once its snapshot list has rendered. */
  open(): Promise<OpenedPage>
}

export function useExampleApp(): ExampleAppHarness {
  let build: Build | undefined
  let server: StaticServer | undefined
  let chromium: LaunchedChromium | undefined
  beforeAll(async () => {
    build = await buildExampleApp()
    server = await serveDirectory(build.directory)
    chromium = await launchChromium()
  }, 120_000)
  afterAll(async () => {
    await chromium?.close()
    await server?.close()
    await build?.remove()
  })
  return {
    open: () => openPage(chromium!.browser, `${server!.url}/?clock=manual`, 'cci-snapshot-list tr[data-name]'),
  }
}
