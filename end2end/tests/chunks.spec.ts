import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers';

// Every page but the first screen (sign-in, the customer list, sync) is a separate wasm chunk:
// the profile, journeys, audit, service desk, communities… The first load carries only what the
// customer list needs.

/** Names of the split wasm files this page has requested so far. */
function chunkRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const m = r.url().match(/\/split-[0-9a-f]+\/([\w.]+\.wasm)$/);
    if (m) seen.push(m[1]);
  });
  return seen;
}

test.describe('without a service worker', () => {
  // the worker would fetch every chunk at install; here the page's own requests are measured
  test.use({ serviceWorkers: 'block' });

  test("a page's code is fetched when the page is first opened, not before", async ({ page }) => {
    const chunks = chunkRequests(page);
    await signIn(page, 'admin');
    await expect(page.locator('tbody tr').first()).toBeVisible();
    expect(chunks).toEqual([]);

    await page.locator('tbody tr a').first().click();
    await expect(page.getByTestId('profile-name')).toBeVisible();
    expect(chunks).toContain('split_profile.wasm');
    await page.getByRole('navigation').getByRole('link', { name: 'Journeys' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Journeys across channels');
    expect(chunks).toContain('split_journeys.wasm');
    expect(chunks).not.toContain('split_audit.wasm');
  });

  test('a chunk that cannot be downloaded is explained, and Try again loads the page', async ({ page }) => {
    await signIn(page, 'admin');
    await page.route(/split_audit\.wasm$/, (route) => route.abort('internetdisconnected'));
    await page.goto('/audit');
    await expect(page.getByRole('alert')).toContainText('This page could not be downloaded to this device');

    await page.unroute(/split_audit\.wasm$/);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
  });
});

test('an installed tablet opens a page it has never visited while offline', async ({ page, context, hasTouch }) => {
  test.skip(!hasTouch, 'store tablets');
  await signIn(page, 'staff.hz01');
  // the worker keeps every chunk before it takes over
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  const [customer] = await (await page.request.get('/api/v1/sync/roster?limit=100')).json();
  await page.goto(`/customers/${customer.id}`);
  await expect(page.getByTestId('profile-name')).toContainText(customer.name);

  await context.setOffline(true);
  await page.goto(`/service/new?customer=${customer.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Record feedback or a complaint');
  await expect(page.getByText('could not be downloaded')).toHaveCount(0);
  await context.setOffline(false);
});
