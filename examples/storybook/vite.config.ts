// Builds the example app (index.html: the UI with the emulator in the page). Storybook reuses the
// aliases: inside this repository `image-api-emulator/...` resolves to the sources, as it resolves
// to the installed package in a user's project.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const source = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url))

export const imageApiEmulatorAliases = [
  { find: /^image-api-emulator\/browser$/, replacement: source('src/runtimes/browser.ts') },
  { find: /^image-api-emulator\/storybook$/, replacement: source('src/runtimes/storybook.ts') },
  { find: /^image-api-emulator\/scenarios$/, replacement: source('scenarios/index.ts') },
  { find: /^image-api-emulator$/, replacement: source('src/index.ts') },
]

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: the built app works from any directory it is served from.
  base: './',
  resolve: { alias: imageApiEmulatorAliases },
  build: { target: 'es2023', outDir: 'dist', emptyOutDir: true },
})
