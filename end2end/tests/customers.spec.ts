import { expect, test } from '@playwright/test';
import { press, signIn } from './helpers';

test('store staff find a walk-in by phone tail and open the profile', async ({ page, hasTouch }) => {
  await signIn(page, 'staff.bj01');
  const firstPhone = page.locator('tbody tr').first().locator('td').nth(1);
  const masked = (await firstPhone.textContent())!.trim();
  expect(masked).toMatch(/^1\d\d\*\*\*\*\d{4}$/);
  const tail = masked.slice(-4);

  await page.getByLabel('Search customers').fill(tail);
  await press(page.getByRole('button', { name: 'Search', exact: true }), hasTouch);
  await expect(page).toHaveURL(new RegExp(`q=${tail}`));
  const rows = page.locator('tbody tr');
  // poll: the unfiltered rows stay on screen until the search answer arrives
  await expect.poll(async () => {
    const phones = await rows.locator('td:nth-child(2)').allTextContents();
    return phones.length > 0 && phones.every((p) => p.trim().endsWith(tail));
  }).toBe(true);

  const name = (await rows.first().getByRole('link').textContent())!.trim();
  await press(rows.first().getByRole('link'), hasTouch);
  await expect(page).toHaveURL(/\/customers\/\d+$/);
  await expect(page.getByTestId('profile-name')).toHaveText(name);
  await expect(page.getByRole('heading', { name: 'Channel identities' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Cross-channel timeline' })).toBeVisible();
  await expect(page.getByText(masked).first()).toBeVisible();
});

test('pinyin typed on a Latin keyboard finds Chinese names', async ({ page }) => {
  await signIn(page, 'manager.bj01');
  await page.getByLabel('Search customers').fill('zhang');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/q=zhang/);
  const names = () => page.locator('tbody tr td:first-child a').allTextContents();
  // every name found holds a character read zhang (张, 章 …), and 张 is among them
  await expect.poll(async () => {
    const found = await names();
    return found.length > 0 && found.every((n) => /[张章彰漳璋樟仉]/.test(n)) && found.some((n) => n.includes('张'));
  }).toBe(true);
});

test('an unknown phone tail shows the empty state', async ({ page }) => {
  await signIn(page, 'staff.bj01');
  await page.getByLabel('Search customers').fill('张伟不存在的客户');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByText('No customers match.')).toBeVisible();
});

test('filters live in the URL and the list obeys them', async ({ page }) => {
  await signIn(page, 'manager.bj01');
  await page.goto('/customers?segment=gen_z&presence=both');
  await expect(page.getByLabel('Segment')).toHaveValue('gen_z');
  await expect(page.getByLabel('Channels', { exact: true })).toHaveValue('both');
  // the list re-renders when its data arrives: poll until it shows the filtered rows
  const column = (n: number) => async () => new Set((await page.locator(`tbody tr td:nth-child(${n})`).allTextContents()).map((s) => s.trim()));
  await expect.poll(column(3)).toEqual(new Set(['Gen Z']));

  await page.getByLabel('Tier').selectOption('gold');
  await expect(page).toHaveURL(/tier=gold/);
  await expect(page).toHaveURL(/segment=gen_z/);
  await expect.poll(column(4)).toEqual(new Set(['Gold']));
  await expect.poll(column(3)).toEqual(new Set(['Gen Z']));
});

test('paging moves through results without repeating rows', async ({ page }) => {
  await signIn(page, 'manager.bj01');
  await expect(page.getByText(/^Page 1 of/)).toBeVisible();
  const hrefs = () => page.locator('tbody tr a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const first = await hrefs();
  expect(first.length).toBe(25);
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText(/^Page 2 of/)).toBeVisible();
  const second = await hrefs();
  expect(second.length).toBe(25);
  expect(second.filter((h) => first.includes(h))).toEqual([]);
  await page.goBack();
  await expect(page.getByText(/^Page 1 of/)).toBeVisible();
  expect(await hrefs()).toEqual(first);
});

test('a deep link to a profile survives a reload', async ({ page }) => {
  await signIn(page, 'staff.bj01');
  const href = await page.locator('tbody tr a').first().getAttribute('href');
  await page.goto(href!);
  const name = await page.getByTestId('profile-name').textContent();
  await page.reload();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByTestId('profile-name')).toHaveText(name!);
});

test('another store\'s customer is not shown to store staff', async ({ page, request }) => {
  // find a customer of Shanghai as a manager, then try to open it as Beijing staff
  await request.post('/api/v1/session', { data: { username: 'manager.sh01', password: 'roundtrip-demo' } });
  const list = await (await request.get('/api/v1/customers?presence=offline_only&page_size=100')).json();
  const other = list.items.find((c: any) => c.home_store?.name === '上海静安门店');
  expect(other).toBeTruthy();
  await signIn(page, 'staff.bj01');
  await page.goto(`/customers/${other.id}`);
  await expect(page.getByRole('alert')).toContainText('Not found');
});

test('a profile opened before stays readable when the API cannot be reached', async ({ page }) => {
  await signIn(page, 'staff.bj01');
  const link = page.locator('tbody tr a').first();
  const name = (await link.textContent())!.trim();
  await link.click();
  await expect(page.getByTestId('profile-name')).toHaveText(name);
  await page.getByRole('link', { name: 'Back to customers' }).click();
  await expect(page.locator('tbody tr').first()).toBeVisible();

  await page.route('**/api/**', (route) => route.abort());
  await page.locator('tbody tr a').first().click();
  await expect(page.getByText('Offline: showing the copy saved on this device')).toBeVisible();
  await expect(page.getByTestId('profile-name')).toHaveText(name);

  // a profile never opened here cannot be shown, and the page says why
  await page.goto('/customers/999999');
  await expect(page.getByRole('alert')).toBeVisible();
});

test('managers filter by store, tag and churn risk, and sort', async ({ page }) => {
  await signIn(page, 'manager.bj01');
  await page.getByLabel('Store', { exact: true }).selectOption({ label: '广州天河门店' });
  await expect(page).toHaveURL(/store_id=3/);
  await expect(page.locator('tbody tr').first()).toBeVisible();
  await page.getByLabel('Churn risk only').check();
  await expect(page).toHaveURL(/at_risk=true/);
  await page.getByLabel('Sort by').selectOption('churn_risk');
  await expect(page).toHaveURL(/sort=churn_risk/);
  const scores = async () => (await page.locator('tbody tr td:nth-child(8)').allTextContents()).map((r) => Number(r.match(/\((\d+)\)/)![1]));
  // sorted by churn risk, all at risk, and not empty
  await expect.poll(async () => {
    const s = await scores();
    return s.length > 0 && s.every((x) => x >= 50) && s.every((x, i) => i === 0 || s[i - 1] >= x);
  }).toBe(true);
  // the view survives a reload because it lives in the URL
  await page.reload();
  await expect(page.getByLabel('Churn risk only')).toBeChecked();
  await expect(page.getByLabel('Sort by')).toHaveValue('churn_risk');
});

test('store staff get no store choice', async ({ page }) => {
  await signIn(page, 'staff.bj01');
  await expect(page.locator('tbody tr').first()).toBeVisible();
  await expect(page.getByLabel('Store', { exact: true })).toHaveCount(0);
});
