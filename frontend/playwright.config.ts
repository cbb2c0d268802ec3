import { defineConfig } from '@playwright/test'

/**
 * End-to-end tests against a running Guanxi server (the harness starts it; this config
 * does not). Environment:
 *   GUANXI_E2E_BASE_URL   the server, default http://127.0.0.1:8000
 *   GUANXI_E2E_EMAIL      a staff user's email
 *   GUANXI_E2E_PASSWORD   that user's password
 *   GUANXI_E2E_ANALYST_EMAIL / GUANXI_E2E_ANALYST_PASSWORD
 *                         an ANALYST user (optional; the analyst test is skipped without)
 *   GUANXI_CHROMIUM       the browser, default /usr/bin/chromium (no Playwright download)
 */
export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: process.env.GUANXI_E2E_BASE_URL ?? 'http://127.0.0.1:8000',
    browserName: 'chromium',
    locale: 'en-US',
    viewport: { width: 1280, height: 860 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.GUANXI_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-gpu',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
})
