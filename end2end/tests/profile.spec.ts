import { expect, test, type Page } from '@playwright/test';
import { press, signIn } from './helpers';

/** Opens the n-th customer of the signed-in user's list and returns its id. */
async function openCustomer(page: Page, nth: number, query = ''): Promise<string> {
  await page.goto(`/customers${query}`);
  const link = page.locator('tbody tr a').nth(nth);
  const href = (await link.getAttribute('href'))!;
  await link.click();
  await expect(page.getByTestId('profile-name')).toBeVisible();
  return href.split('/').pop()!;
}

test('a tag and a note added on the tablet are still there after a reload', async ({ page, hasTouch }, info) => {
  await signIn(page, 'staff.bj01');
  await openCustomer(page, info.project.name === 'tablet' ? 3 : 4);
  const tag = `北海道${info.project.name}`;
  await page.getByLabel('New tag').fill(tag);
  await press(page.getByRole('button', { name: 'Add tag' }), hasTouch);
  await expect(page.getByTestId('tags')).toContainText(tag);

  const note = `客户想在春节去北海道看雪（${info.project.name}）`;
  await page.getByLabel('New note').fill(note);
  await press(page.getByRole('button', { name: 'Save note' }), hasTouch);
  await expect(page.getByTestId('notes').locator('li').first()).toContainText(note);
  await expect(page.getByLabel('New note')).toHaveValue('');

  await page.reload();
  await expect(page.getByTestId('tags')).toContainText(tag);
  await expect(page.getByTestId('notes').locator('li').first()).toContainText(note);
  await expect(page.getByTestId('notes')).toContainText('北京顾问');

  // and the tag comes off again
  await press(page.getByRole('button', { name: `Remove tag ${tag}` }), hasTouch);
  await expect(page.getByTestId('tags')).not.toContainText(tag);
  await page.reload();
  await expect(page.getByTestId('tags')).not.toContainText(tag);
});

test('invalid edits are explained and nothing is sent', async ({ page }) => {
  await signIn(page, 'staff.bj01');
  await openCustomer(page, 5);
  let writes = 0;
  page.on('request', (r) => { if (r.method() !== 'GET') writes++; });
  // the field stops at 20 characters, so a blank tag is the slip to catch
  await page.getByLabel('New tag').fill('   ');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await expect(page.getByRole('alert')).toContainText('A tag is 1 to 20 characters');
  await page.getByRole('button', { name: 'Save note' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'A note is 1 to 2,000 characters.' })).toBeVisible();
  expect(writes).toBe(0);
});

test('a follow-up is created and ticked off', async ({ page, hasTouch }, info) => {
  await signIn(page, 'staff.bj01');
  await openCustomer(page, info.project.name === 'tablet' ? 6 : 7);
  const title = `回访北海道报价 ${info.project.name}`;
  await page.getByLabel('What to do').fill(title);
  await page.getByLabel('Due', { exact: true }).fill('2026-12-01');
  await press(page.getByRole('button', { name: 'Add follow-up' }), hasTouch);
  const box = page.getByRole('checkbox', { name: title });
  await expect(box).not.toBeChecked();
  await press(box, hasTouch);
  await expect(box).toBeChecked();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: title })).toBeChecked();
});

test('an edit based on a stale profile shows a conflict instead of overwriting', async ({ page }, info) => {
  await signIn(page, 'staff.bj01');
  const id = await openCustomer(page, info.project.name === 'tablet' ? 8 : 9);
  // someone else saves a note after this page loaded
  const profile = await (await page.request.get(`/api/v1/customers/${id}`)).json();
  const other = await page.request.post(`/api/v1/customers/${id}/notes`, { data: { version: profile.version, body: '另一台设备的备注' } });
  expect(other.status()).toBe(200);

  await page.getByLabel('New note').fill('这条不应覆盖别人的修改');
  await page.getByRole('button', { name: 'Save note' }).click();
  await expect(page.getByText('Someone else changed this profile')).toBeVisible();
  await page.getByRole('button', { name: 'Reload profile' }).click();
  await expect(page.getByTestId('notes')).toContainText('另一台设备的备注');
  await expect(page.getByTestId('notes')).not.toContainText('这条不应覆盖别人的修改');
});

test('the timeline filters by channel and stage', async ({ page }) => {
  await signIn(page, 'manager.bj01');
  await openCustomer(page, 0, '?presence=both');
  const items = page.getByTestId('timeline').locator('li');
  await expect(items.first()).toBeVisible();
  await page.getByLabel('Stage', { exact: true }).selectOption('booking');
  for (const text of await items.locator('.stage').allTextContents()) expect(text).toBe('Booking');
  await page.getByLabel('Stage', { exact: true }).selectOption('');
  const channel = page.locator('#timeline-channel');
  const value = await channel.locator('option').nth(1).getAttribute('value');
  const label = (await channel.locator('option').nth(1).textContent())!.trim();
  await channel.selectOption(value!);
  const heads = await items.locator('.tp-head').allTextContents();
  expect(heads.length).toBeGreaterThan(0);
  for (const h of heads) expect(h).toContain(label);
});

test('store staff see what the customer did online before they arrive', async ({ page, request }) => {
  // a Beijing customer with recent online interest
  await request.post('/api/v1/session', { data: { username: 'staff.bj01', password: 'roundtrip-demo' } });
  const list = await (await request.get('/api/v1/customers?presence=both&page_size=50')).json();
  let target: any;
  for (const c of list.items) {
    const p = await (await request.get(`/api/v1/customers/${c.id}`)).json();
    if (p.before_arrival.length > 0) { target = p; break; }
  }
  expect(target).toBeTruthy();
  await signIn(page, 'staff.bj01');
  await page.goto(`/customers/${target.summary.id}`);
  const panel = page.getByTestId('before-arrival');
  await expect(panel.locator('li')).toHaveCount(target.before_arrival.length);
  await expect(panel).toContainText(target.before_arrival[0].summary);
});
