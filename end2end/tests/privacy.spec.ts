import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { signIn } from './helpers';

/** Opens the first listed customer who gave an ID number; returns its masked forms. */
async function openCustomerWithIdNumber(page: Page): Promise<string[]> {
  const list = await (await page.request.get('/api/v1/customers?page_size=30')).json();
  for (const item of list.items) {
    const profile = await (await page.request.get(`/api/v1/customers/${item.id}`)).json();
    // a customer the agency knows by phone too (a traveller named on someone's booking may have none)
    if (profile.id_numbers_masked.length > 0 && item.phone_masked) {
      await page.goto(`/customers/${item.id}`);
      return profile.id_numbers_masked;
    }
  }
  throw new Error('no customer with an ID number in the first 30');
}

test('a manager reveals a phone and ID number for a stated reason, and the admin sees it in the audit log', async ({ page }, info) => {
  test.skip(info.project.name !== 'desktop', 'one reveal is enough; the tablet layout is covered by axe below');
  await signIn(page, 'manager.sh01');
  const maskedIds = await openCustomerWithIdNumber(page);
  await expect(page.getByTestId('profile-name')).toBeVisible();
  const masked = await page.locator('.contact').first().innerText();
  expect(masked).toContain('****');
  await expect(page.getByTestId('id-numbers')).toContainText(maskedIds[0]);
  expect(maskedIds[0]).toMatch(/\*{4}/);
  await page.getByRole('button', { name: 'Show full contact' }).click();
  await expect(page.getByLabel('Reason for viewing')).toBeFocused();
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'at least 4' })).toBeVisible();
  await page.getByLabel('Reason for viewing').fill('客户来电要求改期，回电确认');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.getByTestId('revealed')).toContainText('+86');
  // the full number keeps the masked form's visible ends, and has no stars
  const full = (await page.getByTestId('revealed-id').innerText()).split(': ')[1].split('; ');
  expect(full).toHaveLength(maskedIds.length);
  const [head, tail] = [maskedIds[0].slice(0, 4), maskedIds[0].slice(-4)];
  expect(full.some((n) => !n.includes('*') && n.startsWith(head) && n.endsWith(tail))).toBe(true);
  await page.getByRole('button', { name: 'Hide' }).click();
  await expect(page.getByTestId('revealed')).toHaveCount(0);
  await expect(page.getByTestId('revealed-id')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Show full contact' })).toBeFocused();
  // a data-subject request: the person's data downloads as one JSON file
  const name = (await page.getByTestId('profile-name').innerText()).trim();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-person').click()]);
  expect(download.suggestedFilename()).toMatch(/^customer-\d+\.json$/);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(exported.data.customer.name).toBe(name);
  expect(Array.isArray(exported.data.touchpoints)).toBe(true);
  expect([...exported.data.id_numbers].sort()).toEqual([...full].sort());

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Audit log' }).click();
  // what was opened and why, in words, with the reason as the manager typed it
  await expect(page.getByTestId('audit-table')).toContainText('Phone · reason: 客户来电要求改期，回电确认');
  await expect(page.getByTestId('audit-table')).toContainText('ID number · reason: 客户来电要求改期，回电确认');
  await expect(page.getByTestId('audit-table')).toContainText('the whole record, as a file');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByTestId('audit-table')).toContainText('手机号 · 原因：客户来电要求改期，回电确认');
  await expect(page.getByTestId('audit-table')).toContainText('完整资料（文件）');
  await page.getByRole('button', { name: 'English' }).click();
  // actions in words, and the customer concerned one tap away
  const row = page.getByTestId('audit-table').locator('tr', { hasText: 'Phone · reason: 客户来电要求改期' }).first();
  await expect(row).toContainText('Revealed full details');
  const link = row.getByRole('link', { name: /Customer #\d+/ });
  const id = (await link.getAttribute('href'))!.split('/').pop()!;
  await link.click();
  await expect(page.getByTestId('profile-name')).toHaveText(name);
  await page.goBack();
  await expect(page.getByTestId('audit-table')).toBeVisible();
  // narrowed to reveals about this customer: the two reveals, nothing else
  await page.getByLabel('Action').selectOption({ label: 'Revealed full details' });
  await expect(page).toHaveURL(/action=reveal/);
  await page.getByLabel('Customer #').fill(id);
  await page.getByLabel('Customer #').press('Tab');
  await expect(page).toHaveURL(new RegExp(`customer_id=${id}`));
  const rows = page.getByTestId('audit-table').locator('tbody tr');
  await expect.poll(async () => {
    const texts = await rows.allInnerTexts();
    return texts.length >= 2 && texts.every((t) => t.includes('Revealed full details') && t.includes(`Customer #${id}`));
  }).toBe(true);
  // nothing about them from tomorrow on; Clear shows the whole log again
  const tomorrow = new Date(Date.now() + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  await page.getByLabel('From').fill(tomorrow);
  await expect(page.getByText('No audit entries match these filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByTestId('audit-table')).toContainText('the whole record, as a file');
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
});

test('store staff see ID numbers masked, with no reveal button and no audit log', async ({ page }) => {
  await signIn(page, 'staff.sh01');
  const maskedIds = await openCustomerWithIdNumber(page);
  await expect(page.getByTestId('profile-name')).toBeVisible();
  await expect(page.getByTestId('id-numbers')).toHaveText(`ID / passport: ${maskedIds.join(' · ')}`);
  await expect(page.getByRole('button', { name: 'Show full contact' })).toHaveCount(0);
  await expect(page.getByTestId('export-person')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
});

test('an admin erases a person on request: the profile and search no longer know them', async ({ page }, info) => {
  test.skip(info.project.name !== 'desktop', 'erasure is an administrator task at a desk');
  await signIn(page, 'admin');
  const list = await (await page.request.get('/api/v1/customers?store_id=12&page_size=5')).json();
  const target = list.items[list.items.length - 1];
  await page.goto(`/customers/${target.id}`);
  await expect(page.getByTestId('profile-name')).toHaveText(target.name);
  await page.getByText('Erase this person…').click();
  const erase = page.getByRole('button', { name: 'Erase permanently' });
  await page.getByLabel('Request reference and reason').fill('DSR-2026-118 客户书面申请删除');
  await expect(erase).toBeDisabled();
  await page.getByLabel(/Type the customer's name to confirm/).fill(target.name);
  await expect(erase).toBeEnabled();
  await erase.click();
  await expect(page).toHaveURL(/\/customers$/);

  await page.goto(`/customers/${target.id}`);
  await expect(page.getByText("Not found, or not in your store's scope.")).toBeVisible();
  const search = await (await page.request.get(`/api/v1/customers?q=${encodeURIComponent(target.name)}&store_id=12`)).json();
  expect(search.items.map((c: any) => c.id)).not.toContain(target.id);
  const audit = await (await page.request.get('/api/v1/audit')).json();
  expect(audit.entries.some((e: any) => e.action === 'erasure' && e.subject === `customer:${target.id}`)).toBe(true);
});

test('a manager corrects a name on the customer\'s request and the profile shows it at once', async ({ page }, info) => {
  test.skip(info.project.name !== 'desktop', 'a correction request is handled at a desk');
  await signIn(page, 'manager.su01');
  await page.locator('tbody tr a').nth(2).click();
  await expect(page.getByTestId('profile-name')).toBeVisible();
  const corrected = `更正${Date.now() % 10000}`;
  await page.getByText('Correct details…').click();
  await page.getByLabel('Name', { exact: true }).fill(corrected);
  await page.getByRole('button', { name: 'Save correction' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'reason' })).toBeVisible();
  await page.getByLabel('Who asked, and how it was checked').fill('客户来电，核对会员号后更正');
  await page.getByRole('button', { name: 'Save correction' }).click();
  await expect(page.getByTestId('profile-name')).toHaveText(corrected);
});
