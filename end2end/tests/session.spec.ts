import { expect, test } from '@playwright/test';
import { press, signIn } from './helpers';

test('a wrong password is refused with a readable message and no session', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Username').fill('staff.bj01');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel('Password')).toHaveValue('');
});

test('repeated wrong passwords are slowed down, and the message says what to do', async ({ page }, info) => {
  // one account per project: both projects sign in from the same address
  const user = info.project.name === 'tablet' ? 'staff.cq01' : 'staff.xa01';
  await page.goto('/login');
  await page.getByLabel('Username').fill(user);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Password').fill(`guess-${i}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
  }
  await page.getByLabel('Password').fill('roundtrip-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Too many failed sign-ins');
  await expect(page).toHaveURL(/\/login$/);
});

test('signed-out visitors are sent to sign in and come back to the page they wanted', async ({ page }) => {
  await page.goto('/customers?segment=silver');
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel('Username').fill('manager.sh01');
  await page.getByLabel('Password').fill('roundtrip-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/customers\?segment=silver$/);
  await expect(page.getByLabel('Segment')).toHaveValue('silver');
});

test('signing out ends the session for good', async ({ page, hasTouch }) => {
  await signIn(page, 'staff.sh01');
  await expect(page.getByTestId('current-user')).toContainText('上海静安门店');
  await press(page.getByRole('button', { name: 'Sign out' }), hasTouch);
  await expect(page).toHaveURL(/\/login$/);
  // the server no longer accepts the old cookie
  const me = await page.request.get('/api/v1/me');
  expect(me.status()).toBe(401);
  await page.goto('/customers');
  await expect(page).toHaveURL(/\/login\?next=/);
});

test('the language switch changes every label and the document language, and sticks', async ({ page, hasTouch }) => {
  await signIn(page, 'staff.bj01');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Customers');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await press(page.getByRole('button', { name: '中文' }), hasTouch);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('客户');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: '手机' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('客户');
  await press(page.getByRole('button', { name: 'English' }), hasTouch);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Customers');
});

test('the console arrives compressed (weak store Wi-Fi)', async ({ page }) => {
  const wasm = page.waitForResponse((r) => r.url().endsWith('.wasm'));
  await page.goto('/login');
  const response = await wasm;
  // Chromium offers brotli only over HTTPS; on plain HTTP it gets the gzip copy
  expect(['gzip', 'br']).toContain(response.headers()['content-encoding']);
  await expect(page.locator('#username')).toBeVisible();
});
