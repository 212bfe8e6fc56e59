import { expect, test } from '@playwright/test';
import { press, signIn } from './helpers';

test('large text and the dark theme follow the user to another tablet', async ({ page, browser, hasTouch }, info) => {
  const user = info.project.name === 'tablet' ? 'staff.su01' : 'staff.sz01';
  await signIn(page, user);
  const html = page.locator('html');
  const rootSize = () => html.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  const normal = await rootSize();
  const large = page.getByRole('button', { name: 'Large text' });
  await expect(large).toHaveAttribute('aria-pressed', 'false');
  await press(large, hasTouch);
  await expect(large).toHaveAttribute('aria-pressed', 'true');
  await expect(html).toHaveClass(/large-type/);
  expect(await rootSize()).toBeCloseTo(normal * 1.25, 1);
  await press(page.getByRole('button', { name: 'Dark' }), hasTouch);
  await expect(html).toHaveClass(/theme-dark/);
  expect(await page.locator('body').evaluate((e) => getComputedStyle(e).backgroundColor)).not.toBe('rgb(244, 246, 249)');

  // the same person on another device (a fresh browser context: no shared storage)
  const other = await browser.newPage({ locale: 'en-US' });
  await signIn(other, user);
  await expect(other.locator('html')).toHaveClass(/large-type/);
  await expect(other.locator('html')).toHaveClass(/theme-dark/);
  await other.close();

  // someone else signing in on this tablet gets their own display
  await press(page.getByRole('button', { name: 'Sign out' }), hasTouch);
  await expect(html).not.toHaveClass(/large-type/);
  await signIn(page, 'staff.cd01');
  await expect(page.getByRole('button', { name: 'Large text' })).toHaveAttribute('aria-pressed', 'false');
  await expect(html).not.toHaveClass(/theme-dark/);
});
