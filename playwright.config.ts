import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the demo portal in Debian's Chromium (never a downloaded
 * browser). Playwright starts the backend and the app's dev server unless they
 * already answer, so `npm run test:e2e` works against a running `npm run demo` too.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  globalSetup: './packages/app/e2e-tests/globalSetup.ts',
  outputDir: 'test-results/playwright',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: 'test-results/playwright.json' }],
  ],
  webServer: [
    {
      command: 'npx backstage-cli package start',
      cwd: 'packages/backend',
      url: 'http://localhost:7007/api/ml/health',
      reuseExistingServer: true,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: 'npx backstage-cli package start',
      cwd: 'packages/app',
      url: 'http://localhost:3000',
      reuseExistingServer: true,
      timeout: 300_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { BROWSER: 'none' },
    },
  ],
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: 'chromium' }],
});
