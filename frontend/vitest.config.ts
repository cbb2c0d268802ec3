import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config.ts'

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ['src/**/*.spec.ts'],
      exclude: ['e2e/**', 'node_modules/**'],
      environment: 'node',
    },
  }),
)
