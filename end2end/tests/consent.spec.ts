import { promises as fs } from 'node:fs';
import { expect, test } from '@playwright/test';
import { press, signIn } from './helpers';

// A customer's marketing consent, given and withdrawn at the counter, decides whether the
// manager's campaign audience may list them.
test('consent recorded at the counter puts a customer in the WeChat audience, and withdrawal takes them out', async ({ page, browser, hasTouch }, info) => {
  const store = info.project.name === 'tablet' ? 'cq01' : 'xa01';
  await signIn(page, `staff.${store}`);
  const [customer] = await (await page.request.get('/api/v1/sync/roster?limit=100')).json();
  await page.goto(`/customers/${customer.id}`);
  await expect(page.getByTestId('profile-name')).toContainText(customer.name);

  await page.locator('#consent-purpose').selectOption('marketing');
  await page.locator('#consent-channel').selectOption('wechat');
  await press(page.getByRole('button', { name: 'Record consent' }), hasTouch);
  await expect(page.getByText('Recorded.')).toBeVisible();
  const row = page.getByTestId('consents').locator('tr', { hasText: 'WeChat' });
  await expect(row).toContainText('Given');
  await expect(row).toContainText('2026-11');

  const manager = await browser.newContext({ locale: 'en-US' });
  const mp = await manager.newPage();
  await signIn(mp, `manager.${store}`);
  const audience = async () => {
    await mp.goto('/audience');
    await mp.locator('#audience-channel').selectOption('wechat');
    const answered = mp.waitForResponse((r) => r.url().includes('/api/v1/marketing/audience') && r.url().includes(`store_id=${customer.home_store.id}`));
    await mp.locator('#audience-store').selectOption({ label: customer.home_store.name });
    await answered;
    await expect(mp.getByTestId('audience-eligible')).toBeVisible();
  };
  await audience();
  await expect(mp.locator(`tbody a[href="/customers/${customer.id}"]`)).toHaveCount(1);
  // the whole list leaves only as a file, and that is what the audit log records
  const downloaded = mp.waitForEvent('download');
  await mp.getByTestId('audience-export').click();
  const file = await downloaded;
  expect(file.suggestedFilename()).toBe('audience-wechat.csv');
  const csv = (await fs.readFile(await file.path())).toString('utf8').replace(/^\uFEFF/, '');
  expect(csv.split('\n')[0]).toBe('id,name,phone_masked,segment,tier,home_store,last_active_at');
  expect(csv).toContain(`\n${customer.id},`);

  // the customer changes their mind: a withdrawal for any channel applies everywhere
  await page.locator('#consent-channel').selectOption('any');
  await press(page.getByRole('button', { name: 'Record withdrawal' }), hasTouch);
  await expect(page.getByTestId('consents').locator('tr', { hasText: 'Marketing' }).filter({ hasText: 'Any channel' })).toContainText('Withdrawn');
  await audience();
  await expect(mp.locator(`tbody a[href="/customers/${customer.id}"]`)).toHaveCount(0);
  await manager.close();
});
