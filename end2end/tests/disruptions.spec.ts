import { expect, test } from '@playwright/test';
import { press, signIn } from './helpers';

test('a schedule change reaches every traveller\'s profile and the disruption view', async ({ page }, info) => {
  const touch = info.project.name === 'tablet';
  const stamp = `${touch ? 1 : 0}${String(Date.now() % 100_000).padStart(5, '0')}`;
  const flight = `ZH${1000 + (Date.now() % 8000)}`;
  const day = new Date(Date.now() + 12 * 86_400_000).toISOString().slice(0, 10);
  const back = new Date(Date.now() + 16 * 86_400_000).toISOString().slice(0, 10);

  // a store sold a family two seats on the flight
  await signIn(page, 'manager.bj01');
  const pushed = await page.request.post('/api/v1/events', {
    data: { events: [{
      event_id: `sc-${stamp}`, source: 'store', source_customer_id: `SC-${stamp}`, store_id: 1, type: 'order', occurred_at: new Date().toISOString(),
      identity: { name: '司马航', phone: `13988${stamp}` },
      payload: { trip: { title: `深圳往返 ${stamp}`, destination: '深圳', product: 'flight', amount_fen: 260_000, departure: day, return_date: back,
        travellers: [{ name: '司马航' }, { name: '司马小雨', id_number: `G${stamp}77` }],
        air: { pnr: 'ZH7K2P', ticket_numbers: [], segments: [{ flight, date: day, from: 'PEK', to: 'SZX', cabin: 'economy', fare_class: 'Y' }] } } },
    }] },
  });
  expect((await pushed.json()).accepted).toBe(1);

  // the airline moves the flight: one case for the booking, both travellers told on their timelines
  const change = await page.request.post('/api/v1/schedule-changes', {
    data: { change_id: `sc-${stamp}`, flight, date: day, new_departure: `${day}T18:05:00`, note: '航路调整' },
  });
  expect(change.status()).toBe(201);
  expect(await change.json()).toMatchObject({ cases_opened: 1, customers_told: 2 });

  await page.goto('/service');
  await press(page.getByRole('link', { name: 'Schedule changes' }), touch);
  const item = page.getByTestId('disruptions').locator('li', { hasText: flight });
  await expect(item).toContainText('New departure');
  await expect(item.getByTestId('figures-item')).toContainText('Customers affected2');
  await press(item.getByRole('link').first(), touch);

  const row = page.getByTestId('disruption-case');
  await expect(row).toContainText(`深圳往返 ${stamp}`);
  await expect(row).toContainText('Travellers: 司马航, 司马小雨');
  await expect(row.getByTestId('contact')).toHaveText('To be told');
  await press(row.getByRole('button', { name: 'Customer told' }), touch);
  await expect(row.getByTestId('contact')).toHaveText('Told in time');
  await row.getByLabel("Customer's choice").selectOption('rebooked');
  await press(row.getByRole('button', { name: 'Record and close' }), touch);
  await expect(row.getByTestId('outcome')).toHaveText('Rebooked');

  // the daughter never booked anything: her profile shows the change all the same
  await page.goto(`/customers?q=司马小雨`);
  await press(page.locator('tbody tr').first().getByRole('link').first(), touch);
  await expect(page.getByTestId('timeline')).toContainText(`航变：${flight} ${day} 改为 ${day} 18:05 起飞`);
});
