import { createHash } from 'node:crypto';
import { expect, request, test } from '@playwright/test';
import { press, signIn } from './helpers';

/** Douyin's X-Douyin-Signature: SHA-1 of the client secret followed by the body. */
const douyinSignature = (secret: string, body: string) => createHash('sha1').update(secret + body).digest('hex');

test('an admin connects a Douyin account and its signed pushes reach a profile once', async ({ page, hasTouch, baseURL }, info) => {
  const tag = `${info.project.name}-${Date.now() % 1_000_000}`;
  const account = `e2e-${tag}`;
  const secret = `dy-secret-${tag}`;
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Channel connectors' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Channel connectors' })).toBeVisible();
  await page.getByLabel('Platform').selectOption('douyin');
  await page.getByLabel('Account name (in the address)').fill(account);
  // the fields follow the platform: Douyin asks for its client secret only
  await expect(page.getByLabel('EncodingAESKey (43 characters)')).toHaveCount(0);
  await page.getByLabel('Client secret').fill(secret);
  await press(page.getByRole('button', { name: 'Connect' }), hasTouch);
  const added = page.getByTestId('connector-added');
  await expect(added).toContainText(`/hooks/douyin/${account}`);
  await expect(page.getByLabel('Client secret')).toHaveValue('');
  await expect(page.locator('main')).not.toContainText(secret);

  // Douyin pushes a private message, then its byte-identical retry; a forged one is refused
  const openId = `dy-open-${tag}`;
  const body = JSON.stringify({
    event: 'im_receive_msg', from_user_id: openId, to_user_id: 'agency', client_key: 'awx-e2e',
    content: JSON.stringify({ message_type: 'text', text: '想问问春节去清迈的亲子团', create_time: Math.floor(Date.now() / 1000) - 60 }),
  });
  const platform = await request.newContext({ baseURL });
  const push = (b: string, signature: string) => platform.post(`/hooks/douyin/${account}`, {
    data: b, headers: { 'content-type': 'application/json', 'x-douyin-signature': signature, 'msg-id': `msg-${tag}` },
  });
  expect((await push(body, douyinSignature(secret, body))).status()).toBe(200);
  expect((await push(body, douyinSignature(secret, body))).status()).toBe(200);
  const forged = body.replace('清迈', '普吉');
  const refused = await push(forged, douyinSignature(secret, body));
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe('hook_signature');
  await platform.dispose();

  // the list counts it processed once (the worker takes it within a second)
  const row = page.getByTestId('connectors').locator('tr', { hasText: account });
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText('1 processed', { timeout: 1_000 });
    await expect(row).toContainText('0 failed', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });

  // and the message is on the customer's profile, once: what staff see before they arrive,
  // and the whole timeline
  await page.getByRole('link', { name: 'Customers' }).click();
  await page.getByLabel('Search customers').fill(openId);
  await press(page.getByRole('button', { name: 'Search', exact: true }), hasTouch);
  await page.getByRole('link', { name: `douyin ${openId}` }).click();
  const before = page.getByRole('region', { name: /Before the customer arrives/ });
  await expect(before.getByText('抖音私信：想问问春节去清迈的亲子团')).toHaveCount(1);
  await expect(before).toContainText('Douyin');
  await expect(page.getByText('Showing 1 of 1')).toBeVisible();

  // connecting the same account again is refused in words
  await page.goto('/connectors');
  await page.getByLabel('Platform').selectOption('douyin');
  await page.getByLabel('Account name (in the address)').fill(account);
  await page.getByLabel('Client secret').fill('another');
  await press(page.getByRole('button', { name: 'Connect' }), hasTouch);
  await expect(page.getByRole('alert')).toContainText('already connected');
});

test('managers cannot reach the connectors', async ({ page }) => {
  await signIn(page, 'manager.bj01');
  await expect(page.getByRole('link', { name: 'Channel connectors' })).toHaveCount(0);
  const listed = await page.request.get('/api/v1/connectors');
  expect(listed.status()).toBe(403);
});
