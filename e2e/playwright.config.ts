import { defineConfig } from '@playwright/test';

/** End-to-end tests against the real sync server (embedded store) and the production build. */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './server-setup.ts',
  // Files two at a time: each signs up its own members, and the fault run starts its own server. On
  // two cores this takes the suite from about 7 to 5 minutes, keeping CI inside its 20.
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  outputDir: '../test-results/e2e',
  use: {
    baseURL: process.env['E2E_BASE_URL'],
    serviceWorkers: 'allow',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env['CHROME_BIN'] || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
        // Lets a test start narration with play(); people start it with the play button.
        '--autoplay-policy=no-user-gesture-required',
      ],
    },
  },
});
