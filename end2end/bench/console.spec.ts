import { expect, test, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';

// Times what a person waits for, from the console's own performance marks (src/perf.rs):
// cold start to the customer list, a profile from the network and again from the device's
// cache, list filters at 100k customers, and long tasks while scrolling and paging the list.
// Writes ../.bench/console.json; scripts/bench.sh turns it into a table and checks budgets.

const PASSWORD = 'roundtrip-demo';
// the list shows 25 customers a page: two sets of 12 profiles
const RUNS = Number(process.env.BENCH_RUNS ?? 12);

function summary(values: number[]) {
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.floor(q * v.length))];
  return { n: v.length, p50: at(0.5), p95: at(0.95), max: v[v.length - 1] };
}

/** Time from the last `start` mark to the first `end` mark after it. */
async function between(page: Page, start: string, ends: string[]) {
  return page.evaluate(({ start, ends }) => {
    const s = performance.getEntriesByName(start).at(-1)!.startTime;
    const e = ends.flatMap((n) => performance.getEntriesByName(n)).map((m) => m.startTime).filter((t) => t >= s).sort((a, b) => a - b)[0];
    return e - s;
  }, { start, ends });
}

async function waitForMark(page: Page, names: string[], after = 0) {
  await page.waitForFunction(({ names, after }) => names.some((n) => performance.getEntriesByName(n).some((m) => m.startTime >= after)), { names, after });
}

test('console timings on the large demo database', async ({ browser }) => {
  const results: Record<string, unknown> = {};
  const signIn = async () => {
    const context = await browser.newContext();
    await context.request.post('/api/v1/session', { data: { username: 'manager.bj01', password: PASSWORD } });
    return context;
  };

  // 1. cold first load (empty HTTP cache, new context) to an interactive customer list
  const cold: number[] = [];
  for (let i = 0; i < 5; i++) {
    const context = await signIn();
    const page = await context.newPage();
    await page.goto('/customers');
    await waitForMark(page, ['rt:list-drawn']);
    cold.push(await page.evaluate(() => performance.getEntriesByName('rt:list-drawn')[0].startTime));
    await expect(page.locator('tbody tr').first()).toBeVisible();
    await context.close();
  }
  results.cold_load_to_list_ms = summary(cold);

  // 1b. the same over weak store Wi-Fi (300 ms round trip, 2 Mbit/s): a tablet's first visit,
  // then the same tablet once its service worker holds the shell (an installed tablet)
  const weak = { offline: false, latency: 300, downloadThroughput: 250_000, uploadThroughput: 125_000 };
  const coldWeak: number[] = [];
  const installed: number[] = [];
  for (let i = 0; i < 3; i++) {
    const context = await signIn();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', weak);
    await page.goto('/customers');
    await waitForMark(page, ['rt:list-drawn']);
    coldWeak.push(await page.evaluate(() => performance.getEntriesByName('rt:list-drawn')[0].startTime));
    // installed: the worker has cached the shell and every page chunk
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await page.reload();
    await waitForMark(page, ['rt:list-drawn']);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    installed.push(await page.evaluate(() => performance.getEntriesByName('rt:list-drawn')[0].startTime));
    await context.close();
  }
  results.cold_load_weak_wifi_ms = summary(coldWeak);
  results.installed_load_weak_wifi_ms = summary(installed);

  // 2. a profile from the network, then the same profiles again from the IndexedDB cache
  const context = await signIn();
  const page = await context.newPage();
  await page.goto('/customers?sort=churn_risk');
  await expect(page.locator('tbody tr').first()).toBeVisible();
  const hrefs = await page.locator('tbody tr a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  expect(hrefs.length).toBeGreaterThanOrEqual(2 * RUNS);
  const open = async (href: string) => {
    await page.evaluate(() => performance.clearMarks());
    await page.locator(`tbody tr a[href="${href}"]`).first().click();
    await waitForMark(page, ['rt:profile-drawn-server', 'rt:profile-drawn-cache']);
    const from = await page.evaluate(() => (performance.getEntriesByName('rt:profile-drawn-cache').length ? 'cache' : 'server'));
    const ms = await between(page, 'rt:profile-open', ['rt:profile-drawn-server', 'rt:profile-drawn-cache']);
    await expect(page.getByTestId('profile-name')).toBeVisible();
    await page.goBack();
    await expect(page.locator('tbody tr').first()).toBeVisible();
    return { from, ms };
  };
  const pass = async (list: string[], expected: string) => {
    const times: number[] = [];
    for (const href of list) {
      const r = await open(href);
      expect(r.from, href).toBe(expected);
      times.push(r.ms);
    }
    return summary(times);
  };
  // on this machine's loopback, then over weak store Wi-Fi (300 ms round trip, 2 Mbit/s)
  results.profile_from_network_lan_ms = await pass(hrefs.slice(0, RUNS), 'server');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 300, downloadThroughput: 250_000, uploadThroughput: 125_000 });
  results.profile_from_network_weak_wifi_ms = await pass(hrefs.slice(RUNS, 2 * RUNS), 'server');
  results.profile_from_cache_weak_wifi_ms = await pass(hrefs.slice(0, RUNS), 'cache');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  // 3. list filters at 100k: from the changed query to the list drawn
  const filters = ['segment=gen_z', 'tier=gold', 'lifecycle=decline', 'presence=both', 'at_risk=true', 'tag=%E6%B5%B7%E5%B2%9B', 'q=5678', 'q=%E5%BC%A0%E4%BC%9F', 'sort=churn_risk', 'segment=family&tier=silver'];
  const filtered: number[] = [];
  for (let round = 0; round < 2; round++) {
    for (const f of filters) {
      await page.goto('/customers');
      await expect(page.locator('tbody tr').first()).toBeVisible();
      const t0 = await page.evaluate(() => performance.now());
      // a client-side navigation, as the filter controls do
      await page.evaluate((url) => { history.pushState(null, '', url); window.dispatchEvent(new PopStateEvent('popstate')); }, `/customers?${f}`);
      await waitForMark(page, ['rt:list-drawn'], t0);
      filtered.push(await between(page, 'rt:list-query', ['rt:list-drawn']));
    }
  }
  results.list_filter_ms = summary(filtered);

  // 4. long tasks while scrolling the list and paging through 20 pages of it
  await page.goto('/customers');
  await expect(page.locator('tbody tr').first()).toBeVisible();
  await page.evaluate(() => {
    (window as any).__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => (window as any).__long.push(e.duration))).observe({ type: 'longtask' });
  });
  for (let p = 2; p <= 21; p++) {
    await page.mouse.wheel(0, 4000);
    await page.waitForTimeout(50);
    const t0 = await page.evaluate(() => performance.now());
    await page.evaluate((url) => { history.pushState(null, '', url); window.dispatchEvent(new PopStateEvent('popstate')); }, `/customers?page=${p}`);
    await waitForMark(page, ['rt:list-drawn'], t0);
  }
  await page.waitForTimeout(200);
  const long: number[] = await page.evaluate(() => (window as any).__long);
  results.long_tasks_scrolling = { count: long.length, max_ms: long.length ? Math.max(...long) : 0 };
  await context.close();

  writeFileSync('../.bench/console.json', JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results, null, 2));
});
