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
const CLUSTER = process.env.E2E_DATABASE_URL;
// both servers seal ID numbers with one key, as every server of an agency must
const clusterCommand =
  `export ROUNDTRIP_ID_KEY=e2e-cluster-id-number-key ROUNDTRIP_DATABASE_URL='${CLUSTER}' && ` +
  `${server} seed --size small --seed 20261123 --force && ` +
  `{ ${server} serve --dist ../dist --addr 127.0.0.1:${PORT + 1} & ` +
  `${server} serve --dist ../dist --addr 127.0.0.1:${PORT + 2} & ` +
  `until curl -sf -o /dev/null 127.0.0.1:${PORT + 1}/api/v1/health && curl -sf -o /dev/null 127.0.0.1:${PORT + 2}/api/v1/health; do sleep 0.2; done; ` +
  `exec node balancer.mjs ${PORT} ${PORT + 1} ${PORT + 2}; }`;

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
  // With E2E_DATABASE_URL: two servers on that PostgreSQL database behind a round-robin balancer
  // (balancer.mjs), as README's deployment runs them.
  webServer: {
    command: CLUSTER ? clusterCommand : `rm -f .data/e2e.db* && mkdir -p .data && ${server} seed --db .data/e2e.db --size small --seed 20261123 && exec ${server} serve --db .data/e2e.db --dist ../dist --addr 127.0.0.1:${PORT}`,
    url: `http://127.0.0.1:${PORT}/api/v1/health`,
    // the webhook specs' receivers listen on 127.0.0.1, which webhooks may not reach otherwise
    env: { ...process.env, ROUNDTRIP_WEBHOOK_ALLOW: '127.0.0.1' } as Record<string, string>,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
