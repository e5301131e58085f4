// Storybook for the example UI, on Vite (framework @storybook/html-vite: the components are plain
// custom elements). public/ holds msw's mockServiceWorker.js (`npm run storybook` writes it with
// `msw init`); it is served at the root, next to iframe.html.
import type { StorybookConfig } from '@storybook/html-vite'
import { mergeConfig } from 'vite'
import { imageApiEmulatorAliases } from '../vite.config.ts'

const config: StorybookConfig = {
  framework: { name: '@storybook/html-vite', options: {} },
  stories: ['../stories/*.stories.ts'],
  staticDirs: ['../public'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal: (viteConfig) =>
    mergeConfig(viteConfig, {
      resolve: { alias: imageApiEmulatorAliases },
      build: { target: 'es2023', chunkSizeWarningLimit: 2000 },
    }),
}

export default config
