import { defineConfig } from '@playwright/test';

// `make bench` only: the console measured in Debian's Chromium against the server that
// scripts/bench.sh started on the large demo database (BENCH_URL). Not part of the tests.
export default defineConfig({
  testDir: './bench',
  timeout: 600_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.BENCH_URL ?? 'http://127.0.0.1:8099',
    browserName: 'chromium',
    headless: true,
    locale: 'en-US',
    viewport: { width: 1024, height: 768 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
