import { expect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { PASSWORD, press, signIn } from './helpers';

// Store Wi-Fi drops: the tablet keeps the app, its customers and every edit, and nothing is
// lost or doubled when the network is back.
test.skip(({ hasTouch }) => !hasTouch, 'store tablets');

type Summary = { id: number; name: string; phone_masked: string | null };

/** Waits until the service worker controls the page, so a reload works offline. */
async function installed(page: Page) {
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

test('offline on the tablet: 50 edits across 10 customers and a complaint reach the server exactly once', async ({ page, context, hasTouch }) => {
  test.setTimeout(240_000);
  await signIn(page, 'staff.hz01');
  await installed(page);
  const roster: Summary[] = await (await page.request.get('/api/v1/sync/roster?limit=100')).json();
  expect(roster.length).toBeGreaterThanOrEqual(10);
  const customers = roster.slice(0, 10);
  // open each once while online: the device keeps them
  for (const c of customers) {
    await page.goto(`/customers/${c.id}`);
    await expect(page.getByTestId('profile-name')).toContainText(c.name);
  }
  await page.goto('/sync');
  await expect(page.getByTestId('roster-state')).toContainText('customers, saved');

  await context.setOffline(true);
  const run = `${Date.now()}`;
  for (const [i, c] of customers.entries()) {
    await page.goto(`/customers/${c.id}`);
    await expect(page.getByText('Offline: showing the copy saved on this device')).toBeVisible();
    await expect(page.getByTestId('connection')).toHaveText('Offline');
    const saved = page.getByText('Saved on this device: it will be sent when the network is back.');

    await page.getByLabel('New note').fill(`离线备注一 ${run}-${c.id}`);
    await press(page.getByRole('button', { name: 'Save note' }), hasTouch);
    await expect(saved.first()).toBeVisible();
    await page.getByLabel('New note').fill(`离线备注二 ${run}-${c.id}`);
    await press(page.getByRole('button', { name: 'Save note' }), hasTouch);
    await expect(page.getByTestId('queued-edits')).toContainText('(2)');

    await page.getByLabel('New tag').fill(`离线${i}`);
    await press(page.getByRole('button', { name: 'Add tag' }), hasTouch);
    await expect(page.getByTestId('tags')).toContainText(`离线${i}`);

    await page.getByLabel('What to do').fill(`回访 ${run}-${c.id}`);
    await press(page.getByRole('button', { name: 'Add follow-up' }), hasTouch);
    await expect(page.getByTestId('queued-edits')).toContainText('(4)');

    await page.getByLabel('Visit note (optional)').fill(`到店 ${run}-${c.id}`);
    await press(page.getByRole('button', { name: 'Check in visit' }), hasTouch);
    await expect(page.getByTestId('queued-edits')).toContainText('(5)');
    await expect(page.getByTestId('waiting-count')).toHaveText(`${(i + 1) * 5} waiting`);

    if (i % 3 === 2) {
      // the tablet restarts the app mid-shift: the shell, the session and the outbox survive
      await page.reload();
      // the page came from the service worker's copy of the shell
      expect(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).workerStart)).toBeGreaterThan(0);
      await expect(page.getByTestId('queued-edits')).toContainText('(5)');
      await expect(page.getByTestId('tags')).toContainText(`离线${i}`);
    }
  }
  await expect(page.getByTestId('waiting-count')).toHaveText('50 waiting');

  // a complaint heard at the counter while offline: kept, and its clock starts when it was said
  const complaint = `离线投诉 ${run}`;
  await page.goto(`/service/new?customer=${customers[0].id}`);
  await page.getByLabel('What the customer said').fill(complaint);
  await press(page.getByRole('button', { name: 'Save ticket' }), hasTouch);
  await expect(page.getByText('Saved on this device: it will be sent when the network is back.')).toBeVisible();
  await expect(page.getByTestId('waiting-count')).toHaveText('51 waiting');

  // a walk-in found by the last digits of their phone, from the device
  const withPhone = roster.find((c) => c.phone_masked)!;
  const tail = withPhone.phone_masked!.slice(-4);
  await page.goto(`/customers?q=${tail}`);
  await expect(page.getByText('Offline: searching the customers kept on this device.')).toBeVisible();
  await expect(page.locator('tbody')).toContainText(withPhone.name);

  await context.setOffline(false);
  await expect(page.getByTestId('connection')).toHaveText('Online');
  await expect(page.getByTestId('waiting-count')).toHaveCount(0, { timeout: 30_000 });

  for (const c of customers) {
    const p = await (await page.request.get(`/api/v1/customers/${c.id}`)).json();
    const count = (items: string[], text: string) => items.filter((t) => t === text).length;
    const notes = p.notes.map((n: any) => n.body);
    expect(count(notes, `离线备注一 ${run}-${c.id}`), `customer ${c.id}`).toBe(1);
    expect(count(notes, `离线备注二 ${run}-${c.id}`)).toBe(1);
    expect(p.tags.some((t: string) => t.startsWith('离线'))).toBe(true);
    expect(count(p.follow_ups.map((f: any) => f.title), `回访 ${run}-${c.id}`)).toBe(1);
    expect(count(p.touchpoints.map((t: any) => t.summary), `到店 ${run}-${c.id}`)).toBe(1);
  }
  const tickets = await (await page.request.get('/api/v1/tickets?inbox=mine')).json();
  expect(tickets.items.filter((t: any) => t.summary === complaint)).toHaveLength(1);
  await page.goto('/sync');
  await expect(page.getByTestId('nothing-waiting')).toBeVisible();
});

/**
 * Staff tag customer `rosterIndex` and remove the tag offline, while the manager changes the
 * same tags on another device; back online, the removal waits in the conflicts view.
 */
async function conflictingTagEdit(page: Page, context: BrowserContext, hasTouch: boolean, other: APIRequestContext, rosterIndex: number) {
  await signIn(page, 'staff.nj01');
  await installed(page);
  const roster: Summary[] = await (await page.request.get('/api/v1/sync/roster?limit=100')).json();
  const c = roster[rosterIndex];
  await page.goto(`/customers/${c.id}`);
  const mine = `店员-${Date.now() % 100000}`;
  await page.getByLabel('New tag').fill(mine);
  await press(page.getByRole('button', { name: 'Add tag' }), hasTouch);
  await expect(page.getByTestId('tags')).toContainText(mine);

  await context.setOffline(true);
  await page.reload();
  await press(page.getByRole('button', { name: `Remove tag ${mine}` }), hasTouch);
  await expect(page.getByTestId('waiting-count')).toHaveText('1 waiting');
  // the device's own later edit on the same customer: applied first, it moves the version on
  await page.getByLabel('New note').fill(`冲突后的备注 ${mine}`);
  await press(page.getByRole('button', { name: 'Save note' }), hasTouch);
  await expect(page.getByTestId('waiting-count')).toHaveText('2 waiting');

  await other.post('/api/v1/session', { data: { username: 'manager.nj01', password: PASSWORD } });
  const now = await (await other.get(`/api/v1/customers/${c.id}`)).json();
  const theirs = await other.patch(`/api/v1/customers/${c.id}/tags`, { data: { version: now.version, add: ['经理确认'], remove: [] } });
  expect(theirs.status()).toBe(200);

  await context.setOffline(false);
  await page.goto('/sync');
  const conflicts = page.getByTestId('conflicts');
  await expect(conflicts).toContainText(c.name);
  await expect(conflicts).toContainText('经理确认');
  // the top bar and the page agree: nothing left to send, one edit to decide
  await expect(page.getByTestId('nothing-waiting')).toBeVisible();
  await expect(page.getByTestId('waiting-count')).toHaveCount(0);
  await expect(page.getByTestId('held-count')).toHaveText('1 to decide');
  const server = await (await other.get(`/api/v1/customers/${c.id}`)).json();
  expect(server.tags).toContain(mine); // not overwritten behind anyone's back
  return { c, mine, conflicts };
}

test('an offline edit that someone else overrode waits in the conflicts view for a decision', async ({ page, context, hasTouch, playwright, baseURL }) => {
  const other = await playwright.request.newContext({ baseURL });
  const { c, mine, conflicts } = await conflictingTagEdit(page, context, hasTouch, other, 0);

  // signing out now would lose the edit: the tablet asks first
  page.once('dialog', (d) => d.dismiss());
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();

  // one tap, although the device's own note moved the version on after the conflict was found
  await press(conflicts.getByRole('button', { name: 'Apply mine' }), hasTouch);
  // in this order: "nothing waiting" also shows while the edit is still held as a conflict,
  // so only once the conflict has become a waiting edit does it mean the edit was sent
  await expect(page.getByTestId('conflicts')).toHaveCount(0);
  await expect(page.getByTestId('nothing-waiting')).toBeVisible();
  const server = await (await other.get(`/api/v1/customers/${c.id}`)).json();
  expect(server.tags).toContain('经理确认');
  expect(server.tags).not.toContain(mine);
  await other.dispose();
});

test('keeping their version drops the offline edit and writes nothing', async ({ page, context, hasTouch, playwright, baseURL }) => {
  const other = await playwright.request.newContext({ baseURL });
  const { c, mine, conflicts } = await conflictingTagEdit(page, context, hasTouch, other, 1);
  const before = await (await other.get(`/api/v1/customers/${c.id}`)).json();

  await press(conflicts.getByRole('button', { name: 'Keep theirs' }), hasTouch);
  await expect(page.getByTestId('nothing-waiting')).toBeVisible();
  await expect(page.getByTestId('conflicts')).toHaveCount(0);
  const after = await (await other.get(`/api/v1/customers/${c.id}`)).json();
  expect(after.version).toBe(before.version);
  expect(after.tags).toEqual(expect.arrayContaining([mine, '经理确认']));
  await page.goto(`/customers/${c.id}`);
  await expect(page.getByTestId('tags')).toContainText('经理确认');
  await expect(page.getByTestId('tags')).toContainText(mine);
  // nothing waits any more, so signing out does not ask (an unexpected dialog is dismissed
  // and would keep the user signed in)
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Username')).toBeVisible();
  await other.dispose();
});

test('a walk-in never opened on this tablet is found offline by surname and phone tail, and served', async ({ page, context, hasTouch }) => {
  test.setTimeout(120_000);
  await signIn(page, 'staff.sz01');
  await installed(page);
  await page.goto('/sync');
  await expect(page.getByTestId('roster-state')).toContainText('customers, saved');
  const roster: Summary[] = await (await page.request.get('/api/v1/sync/roster?limit=100')).json();
  const c = roster.find((r) => r.phone_masked && r.name.length >= 2)!;
  const query = `${c.name[0]} ${c.phone_masked!.slice(-4)}`;

  await context.setOffline(true);
  const offlineSince = Date.now();
  await page.goto(`/customers?q=${encodeURIComponent(query)}`);
  await expect(page.getByText('Offline: searching the customers kept on this device.')).toBeVisible();
  await press(page.locator('tbody').getByRole('link', { name: c.name }).first(), hasTouch);
  await expect(page.getByTestId('profile-name')).toHaveText(c.name);
  await expect(page.getByTestId('basics-only')).toBeVisible();
  await expect(page.getByText('Cannot reach the server')).toHaveCount(0);

  const run = `${Date.now() % 1000000}`;
  const bar = page.getByTestId('counter-bar');
  await press(bar.getByRole('button', { name: 'Note' }), hasTouch);
  await expect(page.getByLabel('New note')).toBeFocused();
  await page.getByLabel('New note').fill(`走进来的客人 ${run}`);
  await press(page.getByRole('button', { name: 'Save note' }), hasTouch);
  await expect(page.getByText('Saved on this device: it will be sent when the network is back.').first()).toBeVisible();
  await page.getByLabel('New tag').fill(`到店${run}`);
  await press(page.getByRole('button', { name: 'Add tag' }), hasTouch);
  await expect(page.getByTestId('tags')).toContainText(`到店${run}`);
  await page.getByLabel('Visit note (optional)').fill(`柜台咨询 ${run}`);
  await press(page.getByRole('button', { name: 'Check in visit' }), hasTouch);
  const visitedBy = Date.now();
  await expect(page.getByTestId('waiting-count')).toHaveText('3 waiting');
  await press(bar.getByRole('link', { name: 'Record feedback' }), hasTouch);
  await expect(page.getByTestId('ticket-customer')).toHaveText(c.name);
  await page.getByLabel('What the customer said').fill(`想要亲子线路 ${run}`);
  await press(page.getByRole('button', { name: 'Save ticket' }), hasTouch);
  await expect(page.getByText('Saved on this device: it will be sent when the network is back.')).toBeVisible();
  await expect(page.getByTestId('waiting-count')).toHaveText('4 waiting');

  // the Wi-Fi comes back a little later: the visit keeps the time it was recorded
  await page.waitForTimeout(2_000);
  await context.setOffline(false);
  await expect(page.getByTestId('connection')).toHaveText('Online');
  await expect(page.getByTestId('waiting-count')).toHaveCount(0, { timeout: 30_000 });
  const p = await (await page.request.get(`/api/v1/customers/${c.id}`)).json();
  expect(p.notes.map((n: any) => n.body)).toContain(`走进来的客人 ${run}`);
  expect(p.tags).toContain(`到店${run}`);
  const visit = p.touchpoints.find((t: any) => t.summary === `柜台咨询 ${run}`);
  expect(visit, 'the visit reached the server').toBeTruthy();
  const at = Date.parse(visit.occurred_at);
  expect(at).toBeGreaterThanOrEqual(offlineSince - 1_000);
  expect(at).toBeLessThanOrEqual(visitedBy);
  const tickets = await (await page.request.get('/api/v1/tickets?inbox=mine')).json();
  expect(tickets.items.filter((t: any) => t.summary === `想要亲子线路 ${run}`)).toHaveLength(1);
});
