import { expect, test } from '@playwright/test';
import { press, signIn } from './helpers';

test('a booking shows who travels, and each traveller sees the trip and the company', async ({ page }, info) => {
  const touch = info.project.name === 'tablet';
  const stamp = `${touch ? 1 : 0}${String(Date.now() % 100_000).padStart(5, '0')}`;
  const phone = `13977${stamp}`;
  const departs = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const back = new Date(Date.now() + 35 * 86_400_000).toISOString().slice(0, 10);

  // a mother books a family trip online for herself and her son, who has only a passport
  await signIn(page, 'manager.bj01');
  const pushed = await page.request.post('/api/v1/events', {
    data: { events: [{
      event_id: `tr-${stamp}`, source: 'ctrip', source_customer_id: `TR-${stamp}`, store_id: 1, type: 'order', occurred_at: new Date().toISOString(),
      identity: { name: '欧阳丽', phone },
      payload: { trip: { title: `三亚亲子游 ${stamp}`, destination: '三亚', product: 'tour', amount_fen: 900_000, departure: departs, return_date: back,
        travellers: [{ name: '欧阳丽' }, { name: '欧阳小宇', id_number: `E${stamp}00` }] } },
    }] },
  });
  expect((await pushed.json()).accepted).toBe(1);

  await page.goto(`/customers?q=${phone}`);
  await press(page.locator('tbody tr').first().getByRole('link').first(), touch);
  const trip = page.locator('section.trips tr', { hasText: `三亚亲子游 ${stamp}` });
  await expect(trip.getByTestId('travellers')).toHaveText('Travellers: 欧阳丽 (booker), 欧阳小宇');
  const company = page.getByTestId('companions');
  await expect(company.locator('li')).toHaveText(/欧阳小宇 · Family · 1 trip together/);
  await expect(page.locator('.preferences')).toContainText('Family');

  // the son was never a customer: he is one now, and his profile shows the trip his mother booked
  await press(company.getByRole('link', { name: '欧阳小宇' }), touch);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('欧阳小宇');
  const his = page.locator('section.trips tr', { hasText: `三亚亲子游 ${stamp}` });
  await expect(his.locator('.booked-by')).toHaveText('Booked by: 欧阳丽');
  await expect(his.getByTestId('request-change-refund')).toHaveCount(0);
  await expect(page.getByTestId('companions').getByRole('link', { name: '欧阳丽' })).toBeVisible();
});
