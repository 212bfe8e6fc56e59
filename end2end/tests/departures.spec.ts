import { expect, test } from '@playwright/test';
import { agencyClock, press, signIn } from './helpers';

test('a departure\'s readiness turns green as the traveller\'s documents are recorded', async ({ page }, info) => {
  const touch = info.project.name === 'tablet';
  const stamp = `${touch ? 1 : 0}${String(Date.now() % 100_000).padStart(5, '0')}`;
  const day = agencyClock(5 * 86_400_000).slice(0, 10);
  const back = agencyClock(9 * 86_400_000).slice(0, 10);
  const title = `东京自由行 ${stamp}`;

  // the store booked a trip to Tokyo for someone it had never seen
  await signIn(page, 'manager.bj01');
  const pushed = await page.request.post('/api/v1/events', {
    data: { events: [{
      event_id: `dep-${stamp}`, source: 'store', source_customer_id: `DEP-${stamp}`, store_id: 1, type: 'order', occurred_at: new Date().toISOString(),
      identity: { name: '欧阳行', phone: `13977${stamp}` },
      payload: { trip: { title, destination: '东京', product: 'tour', amount_fen: 680_000, departure: day, return_date: back } },
    }] },
  });
  expect((await pushed.json()).accepted).toBe(1);
  await page.request.delete('/api/v1/session');

  // the counter's list of what still stands between its customers and the airport
  await signIn(page, 'staff.bj01');
  await page.goto('/service');
  await press(page.getByRole('link', { name: 'Departures' }), touch);
  const row = page.getByTestId('departure').filter({ hasText: title });
  await expect(row.getByTestId('readiness')).toHaveText('Documents');
  await expect(row.getByTestId('gaps')).toContainText('no passport on file');
  await expect(row.getByTestId('gaps')).toContainText('no visa on file');
  await press(row.getByTestId('travellers').getByRole('link', { name: '欧阳行' }), touch);

  // at the counter: a passport typed wrong is refused by field, then recorded
  const card = page.getByTestId('documents');
  await expect(card.getByTestId('trip-checks')).toContainText('东京');
  await card.getByLabel('Number').fill('E12-345');
  await card.getByLabel('Valid until').fill(agencyClock(4 * 365 * 86_400_000).slice(0, 10));
  await press(card.getByRole('button', { name: 'Record document' }), touch);
  await expect(card.getByRole('alert')).toContainText('5 to 20 letters and digits');
  await card.getByLabel('Number').fill(`E${stamp}88`);
  await press(card.getByRole('button', { name: 'Record document' }), touch);
  await expect(card.getByTestId('documents-on-file')).toContainText('Passport');
  await expect(card.getByTestId('documents-on-file')).not.toContainText(`E${stamp}88`);
  await expect(card.getByTestId('trip-checks')).not.toContainText('no passport on file');
  await expect(card.getByTestId('trip-checks')).toContainText('no visa on file');

  // the visa the customer brought in: ready
  await card.getByLabel('Document').selectOption('visa');
  await card.getByLabel('Number').fill(`V${stamp}`);
  await card.getByLabel('Issued by (country code)').fill('JP');
  await card.getByLabel('Valid until').fill(agencyClock(90 * 86_400_000).slice(0, 10));
  await press(card.getByRole('button', { name: 'Record document' }), touch);
  await expect(card.getByTestId('trip-checks')).toContainText('Documents ready');

  // back on the desk it has left "not ready", and shows as ready
  await page.goto('/service/departures');
  await expect(page.getByTestId('ready-count')).toBeVisible();
  await expect(page.getByTestId('departure').filter({ hasText: title })).toHaveCount(0);
  await press(page.getByLabel('Only those not ready'), touch);
  await expect(page.getByTestId('departure').filter({ hasText: title }).getByTestId('readiness')).toHaveText('Ready');
});
