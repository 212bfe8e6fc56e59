import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium (never a Playwright-downloaded browser); these flags keep it off the network.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

const PORT = Number(process.env.E2E_PORT ?? 8097);
const server = '../target/debug/roundtrip-server';

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    locale: 'en-US',
    launchOptions,
    trace: 'off',
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], locale: 'en-US', launchOptions } },
    {
      // store tablets: 1024x768 landscape, touch only
      name: 'tablet',
      use: {
        browserName: 'chromium',
        viewport: { width: 1024, height: 768 },
        hasTouch: true,
        isMobile: true,
        deviceScaleFactor: 2,
        locale: 'en-US',
        launchOptions,
      },
    },
  ],
  // One real server on a fresh small demo database, shared by both projects. The console it
  // serves is the release build in ../dist (scripts/test.sh builds both beforehand).
  webServer: {
    command: `rm -f .data/e2e.db* && mkdir -p .data && ${server} seed --db .data/e2e.db --size small --seed 20261123 && exec ${server} serve --db .data/e2e.db --dist ../dist --addr 127.0.0.1:${PORT}`,
    url: `http://127.0.0.1:${PORT}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
