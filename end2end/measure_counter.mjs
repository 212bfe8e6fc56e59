// The figures issue 23 was filed with, measured again on a running console: where the counter
// flow's controls sit on a 1024x768 tablet, how tall the shell is, the journeys page's console
// errors and where a cell's customers appear, the duplicate queue's height, and the service
// desk's customer links. Prints one JSON object; the closing note compares it with the issue.
// Usage: node measure_counter.mjs   (a server on SHOT_URL, default http://127.0.0.1:8391)
import { chromium } from '@playwright/test';

const base = process.env.SHOT_URL ?? 'http://127.0.0.1:8391';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const out = {};

async function session(user) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.request.post(`${base}/api/v1/session`, { data: { username: user, password: 'roundtrip-demo' } });
  return { page, errors, context };
}
const top = (locator) => locator.first().evaluate((e) => Math.round(e.getBoundingClientRect().top + window.scrollY));
const height = (locator) => locator.first().evaluate((e) => Math.round(e.getBoundingClientRect().height));

{
  const { page, context } = await session('staff.bj01');
  for (const path of ['/care', '/sync']) {
    await page.goto(base + path);
    await page.waitForLoadState('networkidle');
    out[`nav_height${path.replace('/', '_')}`] = await height(page.locator('nav').first());
    out[`content_top${path.replace('/', '_')}`] = await top(page.locator('main h1'));
  }
  // the profile of a customer with online activity, as staff open it at the counter
  await page.goto(`${base}/customers`);
  await page.waitForLoadState('networkidle');
  await page.locator('tbody tr').first().getByRole('link').first().click();
  await page.getByTestId('counter-bar').waitFor();
  await page.waitForLoadState('networkidle');
  out.profile_height = await page.evaluate(() => document.documentElement.scrollHeight);
  out.profile_screens = +(out.profile_height / 768).toFixed(1);
  out.counter_bar_top_in_view = await page.getByTestId('counter-bar').evaluate((e) => Math.round(e.getBoundingClientRect().top));
  out.before_arrival_top = await top(page.getByRole('heading', { name: /到店前须知/ }));
  out.note_box_top = await top(page.locator('#new-note'));
  await page.mouse.wheel(0, 3000);
  out.counter_bar_top_after_scrolling = await page.getByTestId('counter-bar').evaluate((e) => Math.round(e.getBoundingClientRect().top));
  await context.close();
}
{
  const { page, errors, context } = await session('manager.bj01');
  await page.goto(`${base}/journeys`);
  await page.waitForLoadState('networkidle');
  out.journeys_console_errors = errors.length;
  // distinct background colours among the heat map's cells (one colour means no heat)
  out.heatmap_colours = await page.locator('td[class^="heat-"]').evaluateAll((tds) => new Set(tds.map((td) => getComputedStyle(td).backgroundColor)).size);
  const cell = page.locator('button.cell').first();
  await cell.click();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(800);
  out.cell_list_top_in_view = await page.locator('[data-testid="cell-customers"], #cell-customers').first().evaluate((e) => Math.round(e.getBoundingClientRect().top)).catch(() => null);
  await page.goto(`${base}/duplicates`);
  await page.waitForLoadState('networkidle');
  out.duplicates_height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.goto(`${base}/service`);
  await page.waitForLoadState('networkidle');
  out.service_link_min_height = await page.locator('a.row-link').evaluateAll((as) => Math.min(...as.map((a) => Math.round(a.getBoundingClientRect().height))));
  await context.close();
}
console.log(JSON.stringify(out, null, 1));
await browser.close();
