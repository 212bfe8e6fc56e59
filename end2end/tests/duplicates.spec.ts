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

test('a manager dismisses and merges several pairs at once, and undoes one of them', async ({ page, hasTouch }, info) => {
  await signIn(page, 'manager.bj01');
  // three pairs of this run's own: the same phone and e-mail, the second record nameless, so a
  // manager decides; of three neighbours in the queue two share a page
  const run = `${info.project.name}-${Date.now()}`;
  const tag = info.project.name === 'tablet' ? '平板' : '桌面';
  const names = ['批量甲', '批量乙', '批量丙'].map((n) => `${n}${tag}`);
  const events = names.flatMap((name, i) => {
    const phone = `139${String(Date.now()).slice(-6)}${i}${info.project.name === 'tablet' ? 1 : 2}`;
    const email = `bulk-${run}-${i}@example.com`;
    const at = new Date().toISOString();
    return [
      { event_id: `bulk-${run}-${i}-a`, source: 'ctrip', source_customer_id: `BULK-${run}-${i}`, occurred_at: at, type: 'inquiry', identity: { name, phone, email } },
      { event_id: `bulk-${run}-${i}-b`, source: 'wechat', source_customer_id: `BULKWX-${run}-${i}`, occurred_at: at, type: 'inquiry', identity: { phone, email } },
    ];
  });
  expect((await page.request.post('/api/v1/events', { data: { events } })).ok()).toBeTruthy();

  // where the pairs sit in the queue, surest first, 25 a page
  const order: string[] = [];
  for (let p = 1; ; p++) {
    const items = (await (await page.request.get(`/api/v1/duplicates?page=${p}&page_size=100`)).json()).items as { first: { name: string } }[];
    if (items.length === 0) break;
    order.push(...items.map((i) => i.first.name));
  }
  const pageOf = (n: string) => Math.floor(order.indexOf(n) / 25) + 1;
  const mine = pageOf(names[0]) === pageOf(names[1]) ? names.slice(0, 2) : names.slice(1, 3);
  await page.goto(`/duplicates?page=${pageOf(mine[0])}`);
  const cards = mine.map((n) => page.getByRole('article', { name: new RegExp(`^${n} /`) }));
  for (const card of cards) {
    await expect(card.getByTestId('match-evidence')).toContainText('Same e-mail');
    await expect(card.getByTestId('match-evidence')).toContainText('Same phone');
    await expect(card.getByTestId('confidence-score')).toHaveText('90/100');
    await press(card.getByRole('checkbox', { name: 'Select this pair' }), hasTouch);
  }
  await expect(page.getByTestId('selected-count')).toHaveText('2 selected');

  page.once('dialog', (d) => d.accept());
  await press(page.getByTestId('bulk-dismiss'), hasTouch);
  for (const card of cards) await expect(card.getByRole('status')).toHaveText('Marked as two different people.');
  await expect(page.getByTestId('selected-count')).toHaveText('0 selected');

  // one dismissal undone on its own: that pair is open again, the other stays dismissed
  await press(cards[0].getByRole('button', { name: 'Undo' }), hasTouch);
  await expect(cards[0].getByRole('button', { name: 'Merge' })).toBeVisible();
  await expect(cards[1].getByRole('status')).toHaveText('Marked as two different people.');

  await press(cards[0].getByRole('checkbox', { name: 'Select this pair' }), hasTouch);
  page.once('dialog', (d) => d.accept());
  await press(page.getByTestId('bulk-merge'), hasTouch);
  await expect(cards[0].getByRole('status')).toHaveText('Merged. Everything now sits on one profile.');
  await expect(cards[0].getByRole('button', { name: 'Undo' })).toBeVisible();
});
