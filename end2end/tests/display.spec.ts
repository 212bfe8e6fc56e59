import { expect, test } from '@playwright/test';
import { press, signIn } from './helpers';

test('large text and the dark theme follow the user on this device', async ({ page, hasTouch }) => {
  await signIn(page, 'staff.sz01');
  const html = page.locator('html');
  const rootSize = () => html.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  const normal = await rootSize();
  const large = page.getByRole('button', { name: 'Large text' });
  await press(large, hasTouch);
  await expect(large).toHaveAttribute('aria-pressed', 'true');
  await expect(html).toHaveClass(/large-type/);
  expect(await rootSize()).toBeCloseTo(normal * 1.25, 1);
  await press(page.getByRole('button', { name: 'Dark' }), hasTouch);
  await expect(html).toHaveClass(/theme-dark/);
  const background = () => page.locator('body').evaluate((e) => getComputedStyle(e).backgroundColor);
  expect(await background()).not.toBe('rgb(244, 246, 249)');

  await page.reload();
  await expect(page.getByTestId('current-user')).toBeVisible();
  await expect(html).toHaveClass(/large-type/);
  await expect(html).toHaveClass(/theme-dark/);

  // someone else signing in on the same tablet gets their own (default) display
  await press(page.getByRole('button', { name: 'Sign out' }), hasTouch);
  await expect(html).not.toHaveClass(/large-type/);
  await signIn(page, 'staff.cd01');
  await expect(page.getByRole('button', { name: 'Large text' })).toHaveAttribute('aria-pressed', 'false');
  await expect(html).not.toHaveClass(/theme-dark/);
});
