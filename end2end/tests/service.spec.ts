import { expect, test } from '@playwright/test';
import { agencyClock, press, signIn, signInAnyLanguage } from './helpers';


test('a complaint recorded in the store shows up in the manager\'s due-soon inbox and gets answered', async ({ page }, info) => {
  const touch = info.project.name === 'tablet';
  const summary = `酒店房型与预订不一致 ${info.project.name} ${Date.now() % 1_000_000}`;

  // store staff record what a customer told them yesterday evening, 19 hours ago
  await signIn(page, 'staff.bj01');
  await press(page.locator('tbody tr a').first(), touch);
  const customer = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
  await press(page.getByTestId('record-feedback'), touch);
  await expect(page.getByTestId('ticket-customer')).toHaveText(customer);
  await page.getByLabel('Severity').selectOption('high');
  await page.getByLabel('What the customer said').fill('改期');
  await press(page.getByRole('button', { name: 'Save ticket' }), touch);
  await expect(page.getByRole('alert')).toContainText('at least 4 characters');
  await page.getByLabel('What the customer said').fill(summary);
  await page.getByLabel('When the customer spoke').fill(agencyClock(-19 * 3_600_000));
  await press(page.getByRole('button', { name: 'Save ticket' }), touch);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(summary);
  await expect(page.getByTestId('clock')).toContainText('Due soon');
  await expect(page.getByTestId('clock')).toContainText('left');
  await expect(page.getByTestId('ticket-status')).toHaveText('Open');
  // staff own what they record: it is in their own inbox
  await press(page.getByRole('link', { name: 'Service desk' }).first(), touch);
  await press(page.getByTestId('inbox-mine'), touch);
  await expect(page.getByTestId('ticket-list')).toContainText(summary);

  // the manager finds it among the tickets about to breach, and answers
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'manager.bj01');
  await press(page.getByRole('link', { name: 'Service desk' }).first(), touch);
  await press(page.getByTestId('inbox-due_soon'), touch);
  const item = page.getByTestId('ticket').filter({ hasText: summary });
  await expect(item.getByTestId('clock')).toContainText('Due soon');
  await expect(item).toContainText(customer);
  await press(item.getByRole('link', { name: summary }), touch);
  await page.getByRole('textbox', { name: 'Answer to the customer' }).fill('已为您升级房型并致歉，差价将原路退回。');
  await press(page.getByRole('button', { name: 'Send answer' }), touch);
  await expect(page.getByTestId('ticket-status')).toHaveText('Answered');
  await expect(page.getByTestId('clock')).toHaveText('Answered in time');
  await page.getByLabel('Resolution').fill('差价已退，客户接受');
  await press(page.getByRole('button', { name: 'Resolve', exact: true }), touch);
  await expect(page.getByTestId('ticket-status')).toHaveText('Resolved');
  await press(page.getByRole('button', { name: '5', exact: true }), touch);
  await expect(page.getByRole('button', { name: '5', exact: true })).toHaveAttribute('aria-pressed', 'true');
  const history = page.getByTestId('ticket-history');
  for (const step of ['Opened', 'Answered', 'Resolved', 'Satisfaction recorded']) await expect(history).toContainText(step);

  // it left the due-soon inbox; the service levels count it as answered in time
  await page.goto('/service?inbox=due_soon');
  await expect(page.getByTestId('inbox-due_soon')).toBeVisible();
  await expect(page.getByText(summary)).toHaveCount(0);
  await page.goto('/service/dashboard');
  await expect(page.getByTestId('sla-by-store')).toContainText('北京朝阳门店');
  await expect(page.getByTestId('sla-compliance')).toContainText('%');
});

test('points, an NPS answer and this week\'s care tasks from the profile and the care list', async ({ page }, info) => {
  const touch = info.project.name === 'tablet';
  await signIn(page, 'manager.bj01');
  await press(page.locator('tbody tr a').first(), touch);
  const available = page.getByTestId('points-available');
  await expect(available).toBeVisible();
  const before = Number((await available.innerText()).replace(/,/g, ''));
  // a manager's goodwill adjustment needs a reason; with one, the points are there at once
  await page.getByLabel('Points', { exact: true }).last().fill('100');
  await press(page.getByRole('button', { name: 'Adjust', exact: true }), touch);
  await expect(page.getByRole('alert').filter({ hasText: 'reason' })).toBeVisible();
  await page.getByLabel('Reason', { exact: true }).fill('投诉补偿积分');
  await page.getByLabel('Points', { exact: true }).last().fill('100');
  await press(page.getByRole('button', { name: 'Adjust', exact: true }), touch);
  await expect(available).toHaveText((before + 100).toLocaleString('en-US'));
  await press(page.locator('summary').filter({ hasText: 'Ledger' }), touch);
  await expect(page.getByTestId('ledger').locator('tr').first()).toContainText('投诉补偿积分');
  // the customer answers the NPS question at the counter
  await press(page.getByRole('button', { name: '9', exact: true }), touch);
  await expect(page.getByRole('status').filter({ hasText: 'NPS answer recorded' })).toBeVisible();

  // the week's care tasks: generated, then one is done and leaves the list
  await press(page.getByRole('link', { name: 'Care tasks' }), touch);
  const generate = page.getByRole('button', { name: 'Generate the next 7 days' });
  await press(generate, touch);
  // the button is held while the tasks are generated
  await expect(generate).toBeEnabled();
  const list = page.getByTestId('care-list');
  await expect(list).toBeVisible();
  const count = await list.getByRole('listitem').count();
  await press(list.getByRole('button', { name: 'Done' }).first(), touch);
  await expect(list.getByRole('listitem')).toHaveCount(count - 1);
});

test('an overdue ticket says so once, and a ticket no store holds leaves no empty place', async ({ page }, info) => {
  const touch = info.project.name === 'tablet';
  await signIn(page, 'manager.bj01');
  await press(page.getByRole('link', { name: 'Service desk' }).first(), touch);
  await press(page.getByTestId('inbox-breached'), touch);
  const clock = page.getByTestId('ticket').first().getByTestId('clock');
  await expect(clock).toHaveText(/^Breached · \d+ h \d+ min over$/);
  // the customer's name is a target a finger can hit
  const who = await page.getByTestId('ticket').first().locator('p.muted a').first().boundingBox();
  expect(who!.height).toBeGreaterThanOrEqual(44);
  for (const facts of await page.getByTestId('ticket').locator('p.muted').allInnerTexts()) {
    expect(facts).not.toMatch(/·\s*·/);
  }
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });
  test('a refused points change says which field and why, in Chinese', async ({ page }) => {
    await signInAnyLanguage(page, 'manager.bj01');
    await page.locator('tbody tr a').first().click();
    await expect(page.getByTestId('profile-name')).toBeVisible();
    const available = Number((await page.getByTestId('points-available').innerText()).replace(/,/g, ''));
    await page.locator('#redeem-points').fill(String(available + 1));
    await page.locator('form[aria-labelledby="redeem-title"] button[type="submit"]').click();
    // the server refused it (not enough points); the reason is the field and the rule, in Chinese
    const alert = page.locator('.loyalty ~ [role=alert], [role=alert]').filter({ hasText: '积分' }).first();
    await expect(alert).toHaveText(/^积分：仅有\d+可用。$/);
    expect(await alert.innerText()).not.toMatch(/[A-Za-z]/);
  });
});

test('a complaint is read for its topic, staff correct it, and the manager finds it among the topics', async ({ page }, info) => {
  const touch = info.project.name === 'tablet';
  const summary = `航班延误了三个小时 ${info.project.name} ${Date.now() % 1_000_000}`;
  await signIn(page, 'staff.bj01');
  const customers = await (await page.request.get('/api/v1/customers?page_size=1')).json();
  const created = await page.request.post('/api/v1/tickets', {
    data: { customer_id: customers.items[0].id, kind: 'complaint', severity: 'medium', channel: 'store', summary },
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).ticket.id;

  // the delay was really the staff's doing: the clerk puts the topic right
  await page.goto(`/service/${id}`);
  const topic = page.getByTestId('ticket-topic');
  await expect(topic).toHaveValue('delay');
  await topic.selectOption('staff_attitude');
  await expect(page.getByTestId('ticket-history')).toContainText('Topic corrected');
  await expect(page.getByTestId('ticket-history')).toContainText('Staff attitude');
  await page.reload();
  await expect(page.getByTestId('ticket-topic')).toHaveValue('staff_attitude');

  // the manager sees it counted under staff attitude this month, and opens the cell
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'manager.bj01');
  await page.goto('/service/dashboard');
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());
  const table = page.getByTestId('topics-by-month');
  await expect(table).toContainText('Staff attitude');
  await press(table.getByRole('button', { name: new RegExp(`^\\d+ Staff attitude ${month}$`) }), touch);
  await expect(page.getByTestId('topic-cell-title')).toHaveText(`Staff attitude ${month}`);
  await expect(page.getByTestId('topic-cell')).toContainText(summary);
  await expect(page.getByTestId('topics-corrected')).toContainText('topics corrected by staff');
});
