import { defineConfig } from '@playwright/test'

const PORT = Number(process.env.E2E_PORT ?? 3200)
export const E2E_SECRET = 'e2e-secret-not-for-production-0123456789'

/**
 * Playwright drives Debian's Chromium (no browser download here) against the built app in
 * embedded mode, with a fresh data directory and a short demo history.
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: `rm -rf .services/e2e-data && npx next start -p ${PORT} -H 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      DATA_DIR: '.services/e2e-data',
      AUTH_SECRET: E2E_SECRET,
      NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
      DEMO: '1',
      DEMO_HISTORY_DAYS: '14',
      DEMO_ORDERS_PER_MINUTE: '0',
      KAFKA_BROKERS: '',
      DATABASE_URL: '',
      CLICKHOUSE_URL: '',
    },
  },
})
