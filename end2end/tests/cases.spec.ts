import { expect, test } from '@playwright/test';
import { press, signIn } from './helpers';

test('a store handles a refund request from the booking to the refund paid', async ({ page }, info) => {
  const touch = info.project.name === 'tablet';
  const member = `RF-${info.project.name}-${Date.now() % 1_000_000}`;
  const phone = `13966${touch ? '1' : '0'}${String(Date.now() % 100_000).padStart(5, '0')}`;
  const departs = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  const back = new Date(Date.now() + 25 * 86_400_000).toISOString().slice(0, 10);

  // a customer booked a ¥2,000 flight online: the store's manager's channel push brings it in
  await signIn(page, 'manager.bj01');
  const pushed = await page.request.post('/api/v1/events', {
    data: { events: [{
      event_id: `rf-${member}`, source: 'ctrip', source_customer_id: member, store_id: 1, type: 'order', occurred_at: new Date().toISOString(),
      identity: { name: '退票旅客', phone },
      payload: { trip: { title: `大阪往返 ${phone}`, destination: '大阪', product: 'flight', amount_fen: 200_000, departure: departs, return_date: back } },
    }] },
  });
  expect((await pushed.json()).accepted).toBe(1);
  await page.getByRole('button', { name: 'Sign out' }).click();

  // at the counter, the clerk finds the customer and starts the request from the booking
  await signIn(page, 'staff.bj01');
  await page.goto(`/customers?q=${phone}`);
  await press(page.locator('tbody tr').first().getByRole('link').first(), touch);
  const trips = page.locator('section.trips');
  await press(trips.getByTestId('request-change-refund'), touch);
  await expect(page.getByLabel('Kind')).toHaveValue('refund');
  await expect(page.getByTestId('ticket-booking')).toHaveValue(/\d+/);
  await page.getByLabel('What the customer said').fill('行程取消，申请退票');
  await press(page.getByRole('button', { name: 'Save ticket' }), touch);

  const card = page.getByTestId('case');
  await expect(card.getByRole('heading', { name: 'Refund request' })).toBeVisible();
  await expect(card.locator('[aria-current="step"]')).toHaveText('Requested');
  await expect(page.getByTestId('case-booking')).toContainText(`大阪往返 ${phone}`);
  // a case closes by its own steps: the plain resolve form is not offered
  await expect(page.getByRole('heading', { name: 'Resolve', exact: true })).toHaveCount(0);

  // too generous a refund is refused before it is sent, in yuan
  await page.getByLabel('Fee (¥)').fill('200');
  await page.getByLabel('Refund (¥)').fill('1900');
  await press(page.getByRole('button', { name: 'Send quote' }), touch);
  await expect(card.getByRole('alert')).toHaveText('Refund: ¥0.00 to ¥1800.00.');
  await page.getByLabel('Refund (¥)').fill('1,800');
  await press(page.getByRole('button', { name: 'Send quote' }), touch);
  await expect(card.locator('[aria-current="step"]')).toHaveText('Quoted');
  await expect(page.getByTestId('case-refund')).toHaveText('¥1800.00');
  await expect(page.getByTestId('ticket-status')).toHaveText('Answered');
  await expect(page.getByTestId('clock')).toHaveText('Answered in time');

  // the customer accepts; the refund is paid as quoted and the case is done
  await press(page.getByTestId('case-confirm'), touch);
  await expect(card.locator('[aria-current="step"]')).toHaveText('Confirmed by the customer');
  await expect(page.getByLabel('Refund paid (¥)')).toHaveValue('1800.00');
  await press(page.getByRole('button', { name: 'Refund paid: close' }), touch);
  await expect(card.locator('[aria-current="step"]')).toHaveText('Done');
  await expect(page.getByTestId('case-kept')).toHaveText('Paid as quoted');
  await expect(page.getByTestId('ticket-status')).toHaveText('Resolved');
  await expect(page.getByTestId('case-booking')).toContainText('Refunded');
  const history = page.getByTestId('ticket-history');
  for (const step of ['Opened', 'Quoted', 'Customer confirmed', 'Done']) await expect(history).toContainText(step);

  // back on the profile the booking reads refunded and takes no new request
  await page.goBack();
  await page.goto(`/customers?q=${phone}`);
  await press(page.locator('tbody tr').first().getByRole('link').first(), touch);
  await expect(page.locator('section.trips')).toContainText('Refunded');
  await expect(page.locator('section.trips').getByTestId('request-change-refund')).toHaveCount(0);
});

test('a stale tab that takes a step a colleague already took is told, and shows the case as it stands', async ({ browser }, info) => {
  const member = `RS-${info.project.name}-${Date.now() % 1_000_000}`;
  // what the visual gate may meet later on the newest customer: no Latin words in it
  const stamp = `${info.project.name === 'tablet' ? 1 : 2}${Date.now() % 1_000_000}`;
  const departs = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const a = await (await browser.newContext()).newPage();
  await signIn(a, 'manager.bj01');
  const pushed = await a.request.post('/api/v1/events', {
    data: { events: [{
      event_id: `rs-${member}`, source: 'ctrip', source_customer_id: member, store_id: 1, type: 'order', occurred_at: new Date().toISOString(),
      identity: { name: '改签旅客' }, payload: { trip: { title: '首尔往返机票', destination: '首尔', product: 'flight', amount_fen: 150_000,
        departure: departs, return_date: departs, booking_ref: `CT-${member}` } },
    }, {
      event_id: `rs-${member}-change`, source: 'ctrip', source_customer_id: member, store_id: 1, type: 'change_request', occurred_at: new Date().toISOString(),
      payload: { booking_ref: `CT-${member}`, summary: `改到下周 ${stamp}` },
    }] },
  });
  expect((await pushed.json()).accepted).toBe(2);
  const tickets = await (await a.request.get('/api/v1/tickets?inbox=all&page_size=100')).json();
  const ticket = tickets.items.find((t: { summary: string }) => t.summary === `改到下周 ${stamp}`);
  await a.request.post(`/api/v1/tickets/${ticket.id}/case`, { data: { step: 'quote', fee_fen: 10_000, fare_difference_fen: 20_000, refund_fen: 0 } });

  // two desks have the quoted change open; the first records the customer's yes
  const b = await (await browser.newContext()).newPage();
  await signIn(b, 'manager.bj01');
  for (const p of [a, b]) {
    await p.goto(`/service/${ticket.id}`);
    await expect(p.getByTestId('case').locator('[aria-current="step"]')).toHaveText('Quoted');
  }
  await a.getByTestId('case-confirm').click();
  await expect(a.getByTestId('case').locator('[aria-current="step"]')).toHaveText('Confirmed by the customer');
  // the second, still showing the quote, tries the same: it is told, and catches up
  await b.getByTestId('case-confirm').click();
  await expect(b.getByRole('alert').filter({ hasText: 'the request is confirmed already' })).toBeVisible();
  await expect(b.getByTestId('case').locator('[aria-current="step"]')).toHaveText('Confirmed by the customer');
  await expect(b.getByRole('button', { name: 'New ticket issued: close' })).toBeVisible();
});
