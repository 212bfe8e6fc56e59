import { expect, test } from '@playwright/test';
import { press, signIn } from './helpers';

test('a manager merges a duplicate pair, sees the figures move, and undoes it', async ({ page, hasTouch }, info) => {
  await signIn(page, 'manager.bj01');
  await press(page.getByRole('link', { name: 'Duplicates' }), hasTouch);
  await expect(page.getByRole('heading', { name: 'Possible duplicate members' })).toBeVisible();
  const pending = page.getByTestId('pending');
  const before = Number((await pending.textContent())!.replace(/,/g, ''));
  expect(before).toBeGreaterThan(1);

  // each project takes its own pair
  const card = page.getByTestId('duplicate-pair').nth(info.project.name === 'tablet' ? 1 : 0);
  await expect(card.locator('.record strong')).toHaveCount(2);
  const names = await card.locator('.record strong').allTextContents();
  // how sure, what each record has behind it, and a field both agree on said once
  await expect(card.getByTestId('confidence')).toHaveText(/^Confidence: (high|medium|low)$/);
  await expect(card.getByTestId('evidence')).toHaveCount(2);
  await expect(card.getByTestId('evidence').first()).toContainText(/\d+ orders · Last activity/);
  if (names[0] === names[1]) {
    await expect(card.locator('fieldset').filter({ hasText: 'Name' })).toHaveCount(0);
    await expect(card.getByTestId('same-field').first()).toContainText(names[0]);
  }
  const keep = card.locator('fieldset').filter({ hasText: 'Keep this record' });
  await press(keep.getByRole('radio').nth(1), hasTouch);
  await press(card.getByRole('button', { name: 'Merge' }), hasTouch);
  await expect(card.getByRole('status')).toHaveText('Merged. Everything now sits on one profile.');
  await expect(pending).toHaveText(String(before - 1).replace(/\B(?=(\d{3})+(?!\d))/g, ','));

  // the survivor's profile carries both records' identities
  const profileHref = await card.getByRole('link', { name: 'Open profile' }).getAttribute('href');
  const profile = await (await page.request.get(`/api${profileHref!.replace('/customers', '/v1/customers')}`)).json();
  expect(profile.summary.presence).toBe('both');
  expect(names).toContain(profile.summary.name);

  await press(card.getByRole('button', { name: 'Undo' }), hasTouch);
  await expect(card.getByRole('status')).toHaveText('Merge undone: both records are back as they were.');
  await expect(pending).toHaveText(String(before).replace(/\B(?=(\d{3})+(?!\d))/g, ','));
});

test('the queue is paged, the surest pairs first', async ({ page }) => {
  await signIn(page, 'manager.bj01');
  await page.goto('/duplicates');
  const pending = Number((await page.getByTestId('pending').textContent())!.replace(/,/g, ''));
  const order = { high: 3, medium: 2, low: 1 } as Record<string, number>;
  const levels = async () => (await page.getByTestId('confidence').allTextContents()).map((t) => order[t.split(' ').pop()!]);
  await expect(page.getByTestId('duplicate-pair').first()).toBeVisible();
  const first = await levels();
  expect(first.length).toBe(Math.min(pending, 25));
  expect(first).toEqual([...first].sort((a, b) => b - a));
  test.skip(pending <= 25, 'one page of pairs');
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId('duplicate-pair').first()).toBeVisible();
  expect(Math.max(...(await levels()))).toBeLessThanOrEqual(first[first.length - 1]);
});

test('store staff have no duplicate queue', async ({ page }) => {
  await signIn(page, 'staff.bj01');
  await expect(page.getByRole('link', { name: 'Customers' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Duplicates' })).toHaveCount(0);
  await page.goto('/duplicates');
  await expect(page.getByRole('alert').first()).toContainText('managers only');
});
