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

test.describe('on a browser set to another time zone', () => {
  test.use({ timezoneId: 'America/Los_Angeles' });

  test('times and days are the agency\'s: a remark made at 07:30 in Beijing reads 07:30 on its own day', async ({ page }, info) => {
    await signIn(page, 'manager.bj01');
    const member = `TZ-${info.project.name}-${Date.now() % 1_000_000}`;
    const phone = `13977${info.project.name === 'tablet' ? '1' : '0'}${String(Date.now() % 100_000).padStart(5, '0')}`;
    const pushed = await page.request.post('/api/v1/events', {
      data: { events: [{
        event_id: `tz-${member}`, source: 'store', source_customer_id: member, store_id: 1, type: 'member_import',
        occurred_at: '2026-11-20T07:30:00+08:00', identity: { name: '时区测试', phone }, payload: { note: '早班到店咨询' },
      }] },
    });
    expect((await pushed.json()).accepted).toBe(1);
    await page.goto(`/customers?q=${phone}`);
    await page.locator('tbody tr').first().getByRole('link').first().click();
    const note = page.getByTestId('notes').locator('li', { hasText: '早班到店咨询' });
    // in Los Angeles it was 15:30 the day before; the store's day is what counts
    await expect(note).toContainText('Nov 20, 2026 07:30');
  });
});
