import { expect, test } from '@playwright/test';
import { agencyClock, press, signIn } from './helpers';

test('store staff open a journey on the map and tap a touchpoint to read it', async ({ page, request, hasTouch }, info) => {
  await signIn(page, 'staff.bj01');
  const me = await (await page.request.get('/api/v1/me')).json();
  // a channel system pushes one traveller's trip: a Douyin inquiry, a promise in the store,
  // the order, and a delivery that broke the promise
  const who = `旅程${info.project.name}`;
  const id = (s: string) => `e2e-journey-${info.project.name}-${s}`;
  const identity = { name: who, wechat_unionid: `u-e2e-journey-${info.project.name}` };
  const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T10:00:00+08:00`;
  const store = { source: 'store', source_customer_id: `SC-${who}`, store_id: me.store.id, identity };
  await request.post('/api/v1/session', { data: { username: 'admin', password: 'roundtrip-demo' } });
  const ingest = await request.post('/api/v1/events', {
    data: {
      events: [
        { event_id: id('1'), source: 'douyin', source_customer_id: `DY-${who}`, occurred_at: at(1), type: 'inquiry', identity, payload: { summary: '看了三亚亲子游视频' } },
        { ...store, event_id: id('2'), occurred_at: at(3), type: 'quote', payload: { summary: '三亚报价', promise: '海景房升级' } },
        { ...store, event_id: id('3'), occurred_at: at(4), type: 'order', payload: { trip: { title: '三亚5日游', destination: '三亚', product: 'tour', amount_fen: 1200000, departure: '2026-03-10', return_date: '2026-03-14' } } },
        { ...store, event_id: id('4'), occurred_at: at(10), type: 'delivery', payload: { summary: '入住普通房', fulfils: '海景房升级', kept: false, sentiment: -0.7 } },
      ],
    },
  });
  expect((await ingest.json()).rejected).toEqual([]);

  await page.goto(`/customers?q=${encodeURIComponent(who)}`);
  await expect.poll(() => page.locator('tbody tr a').count()).toBe(1);
  await press(page.locator('tbody tr a').first(), hasTouch);
  await expect(page.getByTestId('journey-map')).toBeVisible();
  await press(page.getByRole('link', { name: /All journeys/ }), hasTouch);

  const map = page.getByTestId('journey-map').filter({ hasText: '三亚5日游' });
  await expect(map.getByTestId('promise-count')).toContainText('Promises 1 · broken 1');
  const detail = map.getByTestId('touchpoint-detail');
  await expect(detail).toContainText('tap a touchpoint');
  const quote = map.getByRole('button', { name: /Booking · Store · Quote/ });
  await press(quote, hasTouch);
  await expect(quote).toHaveAttribute('aria-pressed', 'true');
  await expect(detail).toContainText('三亚报价');
  await expect(detail).toContainText('Promise: 海景房升级 Broken');
  // the delivery sits in the in-trip column of the store lane
  await press(map.getByRole('button', { name: /In trip · Store · Delivery/ }), hasTouch);
  await expect(detail).toContainText('入住普通房');
});

test('a manager reads the stage × channel matrix and drills into a cell', async ({ page, hasTouch }) => {
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await signIn(page, 'manager.bj01');
  await press(page.getByRole('link', { name: 'Journeys' }), hasTouch);
  await expect(page.getByTestId('journey-matrix')).toBeVisible();
  const total = Number((await page.getByTestId('journey-total').innerText()).replace(/,/g, ''));
  expect(total).toBeGreaterThan(0);
  await expect(page.getByTestId('stage-flow')).toContainText('Pre-decision');

  // the heat shows: the busiest cell is tinted, and the policy refused no style
  const tints = await page.locator('.journey-matrix td:has(button.cell)').evaluateAll((tds) => tds.map((td) => getComputedStyle(td).backgroundColor));
  expect(tints.some((t) => t !== 'rgba(0, 0, 0, 0)' && !t.endsWith(', 0)'))).toBe(true);
  expect(new Set(tints).size).toBeGreaterThan(1);
  expect(problems.filter((p) => /Content Security Policy|style-src/.test(p))).toEqual([]);

  const cell = page.locator('button.cell[data-stage="booking"][data-channel="store"]');
  const journeys = Number((await cell.locator('.count').innerText()).replace(/,/g, ''));
  await press(cell, hasTouch);
  await expect(page).toHaveURL(/stage=booking&channel=store/);
  await expect(cell).toHaveAttribute('aria-pressed', 'true');
  const drill = page.getByTestId('cell-customers');
  await expect(drill).toContainText('Booking · Store');
  // the list appears far below the matrix: it is brought into view, its heading focused
  await expect(page.locator('#drill-title')).toBeFocused();
  await expect(page.locator('#drill-title')).toBeInViewport();
  const customers = Number((await drill.getByTestId('cell-total').innerText()).replace(/,/g, ''));
  expect(customers).toBeGreaterThan(0);
  expect(customers).toBeLessThanOrEqual(journeys);
  await expect(drill.locator('tbody tr').first()).toBeVisible();

  // narrowing to one segment never adds journeys; the selected cell stays open
  await page.getByLabel('Segment').selectOption('business');
  await expect(page).toHaveURL(/segment=business/);
  await expect.poll(async () => Number((await page.getByTestId('journey-total').innerText()).replace(/,/g, ''))).toBeLessThan(total);
  await expect(drill).toBeVisible();

  await press(drill.locator('tbody tr a').first(), hasTouch);
  await expect(page.getByTestId('profile-name')).toBeVisible();
});

test('a manager lists who dropped off at a stage', async ({ page, hasTouch }) => {
  await signIn(page, 'manager.bj01');
  await page.goto('/journeys?from=2024-01-01');
  const flow = page.getByTestId('stage-flow');
  const button = flow.locator('tr', { hasText: 'Pre-decision' }).getByTestId('dropped-off');
  // "38.5% · 1,234": the share, then how many journeys stopped there
  const stopped = Number((await button.innerText()).split('·')[1].replace(/[,\s]/g, ''));
  expect(stopped).toBeGreaterThan(0);
  await press(button, hasTouch);
  await expect(page).toHaveURL(/stage=pre_decision/);
  await expect(page).toHaveURL(/dropped=true/);
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  const drill = page.getByTestId('cell-customers');
  await expect(drill.locator('#drill-title')).toContainText('Dropped off at Pre-decision');
  await expect(page.locator('#drill-title')).toBeFocused();
  const customers = Number((await drill.getByTestId('cell-total').innerText()).replace(/,/g, ''));
  expect(customers).toBeGreaterThan(0);
  expect(customers).toBeLessThanOrEqual(stopped);
  await expect(drill.locator('tbody tr').first()).toBeVisible();
  // the last stage ends the journey: nothing to list there
  await expect(flow.locator('tr', { hasText: 'Post-trip' }).getByTestId('dropped-off')).toHaveCount(0);
  // choosing a matrix cell replaces the list
  await press(page.locator('button.cell[data-stage="booking"][data-channel="store"]'), hasTouch);
  await expect(page).not.toHaveURL(/dropped=true/);
  await expect(drill).toContainText('Booking · Store');
});

test('store staff are told the matrix is for managers', async ({ page }) => {
  await signIn(page, 'staff.bj01');
  await expect(page.getByRole('link', { name: 'Journeys' })).toHaveCount(0);
  await page.goto('/journeys');
  await expect(page.getByRole('alert')).toContainText('for managers');
});

test('every dashboard opens on the last 90 days and offers the same period shortcuts', async ({ page, hasTouch }) => {
  await signIn(page, 'manager.bj01');
  // the agency's today, whatever the browser's zone
  const today = agencyClock().slice(0, 10);
  const quick = page.getByRole('group', { name: 'Quick periods' });
  for (const [path, fromId] of [['/overview', '#overview-from'], ['/journeys', '#journey-from'], ['/communities/dashboard', '#community-from'], ['/service/dashboard', '#service-from']]) {
    await page.goto(path);
    await expect(quick.getByRole('button', { name: 'Last 90 days' }), path).toHaveAttribute('aria-pressed', 'true');
    // the dates the server used are the same 90 days everywhere
    const from = await page.locator(fromId).inputValue();
    expect(from, path).not.toBe('');
    expect((Date.parse(today) - Date.parse(from)) / 86_400_000, path).toBe(89);
  }
  await press(quick.getByRole('button', { name: 'This year' }), hasTouch);
  await expect(page).toHaveURL(new RegExp(`from=${today.slice(0, 4)}-01-01.*to=${today}|to=${today}.*from=${today.slice(0, 4)}-01-01`));
  await expect(quick.getByRole('button', { name: 'This year' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('#service-from')).toHaveValue(`${today.slice(0, 4)}-01-01`);
});
