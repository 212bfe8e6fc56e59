import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

test('an admin registers a webhook; the system gets signed messages and a retry after failing', async ({ page, hasTouch }, info) => {
  // the agency's other system: checks each signature, fails every message's first attempt
  let secret = '';
  const seen: { id: string; body: { type: string; data: { customer_id?: number; channel?: string } }; valid: boolean }[] = [];
  const receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      const expected = 'v1,' + createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64'))
        .update(`${id}.${req.headers['webhook-timestamp']}.${raw}`).digest('base64');
      const valid = String(req.headers['webhook-signature']).split(' ').includes(expected);
      const first = !seen.some((s) => s.id === id);
      seen.push({ id, body: JSON.parse(raw), valid });
      res.statusCode = !valid ? 401 : first ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;

  await signIn(page, 'admin');
  await page.goto('/connectors');
  await page.getByLabel('Address (https://…)').fill(`http://127.0.0.1:${port}/hook`);
  await page.getByLabel('Which system').fill(`ERP ${info.project.name}`);
  await page.getByLabel('Ticket opened').uncheck();
  await press(page.getByRole('button', { name: 'Register' }), hasTouch);
  await expect(page.getByTestId('webhook-secret')).toContainText('will not be shown again');
  secret = await page.locator('#webhook-secret').inputValue();
  expect(secret).toMatch(/^whsec_/);
  const row = page.getByTestId('webhooks').locator('tr', { hasText: `127.0.0.1:${port}` });
  await expect(row).toContainText('Consent withdrawn');
  await expect(row).not.toContainText('Ticket opened');

  // a customer withdraws SMS marketing consent at the counter
  const list = await (await page.request.get('/api/v1/customers?page_size=1')).json();
  const customer = list.items[0].id;
  const withdrawn = await page.request.post(`/api/v1/customers/${customer}/consents`, {
    data: { purpose: 'marketing', channel: 'sms', granted: false, text_version: '2026-11', source: 'store' },
  });
  expect(withdrawn.status()).toBe(201);
  const mine = () => seen.filter((s) => s.body.type === 'consent.withdrawn' && s.body.data.customer_id === customer);
  await expect.poll(() => mine().length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  expect(mine().every((s) => s.valid)).toBe(true);
  expect(new Set(mine().map((s) => s.id)).size).toBe(1); // the retry carries the same webhook-id
  expect(JSON.stringify(mine()[0].body)).not.toContain('name');

  // the log says it: delivered on the second attempt
  await page.reload();
  await press(row.getByRole('button', { name: 'Delivery log' }), hasTouch);
  const entry = page.getByTestId('webhook-log').locator('tr', { hasText: 'Consent withdrawn' }).first();
  await expect(entry).toContainText('Delivered');
  await expect(entry).toContainText('204');

  // switched off after a confirmation
  page.once('dialog', (d) => d.accept());
  await press(row.getByRole('button', { name: 'Switch off' }), hasTouch);
  await expect(row).toContainText('Off');
  receiver.close();
});
