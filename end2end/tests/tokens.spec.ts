import { expect, request, test } from '@playwright/test';
import { press, signIn } from './helpers';

test('an admin connects a channel system with a token, sees it used, and revokes it', async ({ page, hasTouch, baseURL }, info) => {
  const name = `携程会员同步 ${info.project.name} ${Date.now() % 1_000_000}`;
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API tokens' })).toBeVisible();
  await page.getByLabel('Which system holds it').fill(name);
  await page.getByLabel('Only events from').selectOption('ctrip');
  await page.getByLabel('Works for').selectOption('90');
  await press(page.getByRole('button', { name: 'Issue token' }), hasTouch);

  // the secret, once
  const shown = page.getByTestId('token-secret');
  await expect(shown).toContainText('it will not be shown again');
  const secret = await page.locator('#token-secret').inputValue();
  expect(secret).toMatch(/^rt_[0-9a-f]{64}$/);
  const row = page.getByTestId('tokens').locator('tr', { hasText: name });
  await expect(row).toContainText('Ctrip · All stores');
  await expect(row).toContainText('Not yet');
  await expect(row).toContainText('Active');

  // the channel system pushes with it alone, no session; an event from another channel is refused
  const channel = await request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  const event = (id: string, source: string) => ({
    event_id: id, source, source_customer_id: `CT-${id}`, occurred_at: '2026-11-20T10:30:00+08:00', type: 'inquiry', identity: { name: '令牌客户' },
  });
  const tag = `${info.project.name}-${Date.now() % 1_000_000}`;
  const pushed = await channel.post('/api/v1/events', { data: { events: [event(`tok-${tag}-1`, 'ctrip'), event(`tok-${tag}-2`, 'fliggy')] } });
  expect(pushed.status()).toBe(200);
  const report = await pushed.json();
  expect(report.accepted).toBe(1);
  expect(report.rejected.map((r: { code: string }) => r.code)).toEqual(['token_scope']);

  // back on the page the secret is gone for good, and its use shows
  await page.reload();
  await expect(page.getByTestId('token-secret')).toHaveCount(0);
  await expect(page.locator('main')).not.toContainText(secret);
  await expect(row).not.toContainText('Not yet');

  // revoked after a confirmation: the system is refused from its next request
  page.once('dialog', (d) => d.accept());
  await press(row.getByRole('button', { name: 'Revoke' }), hasTouch);
  await expect(row).toContainText('Revoked');
  await expect(row.getByRole('button', { name: 'Revoke' })).toHaveCount(0);
  const refused = await channel.post('/api/v1/events', { data: { events: [event(`tok-${tag}-3`, 'ctrip')] } });
  expect(refused.status()).toBe(401);
  await channel.dispose();

  // both are in the audit log, in words
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByTestId('audit-table').locator('tr', { hasText: 'Revoked an API token' }).first()).toContainText(name);
  await expect(page.getByTestId('audit-table').locator('tr', { hasText: 'Issued an API token' }).first()).toContainText(name);
});

test('a token needs a name, and managers cannot reach the page', async ({ page, hasTouch }) => {
  await signIn(page, 'admin');
  await page.goto('/tokens');
  // blanks pass the browser's check but not the server's, which names the field
  await page.getByLabel('Which system holds it').fill('   ');
  await press(page.getByRole('button', { name: 'Issue token' }), hasTouch);
  await expect(page.getByRole('alert')).toContainText('name');
  await expect(page.getByTestId('token-secret')).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'manager.bj01');
  await expect(page.getByRole('link', { name: 'API tokens' })).toHaveCount(0);
});
