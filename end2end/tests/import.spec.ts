import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { signIn } from './helpers';

test('a store member export is mapped, previewed, imported once, and its bad rows downloadable', async ({ page }, info) => {
  const tag = info.project.name;
  const d = tag === 'tablet' ? '1' : '0'; // each project its own phones
  const csv = [
    '会员卡号,姓名,手机号码,所在城市,备注',
    `IMP-${tag}-1,周杰,138 555${d} 0101,成都,"喜欢海岛, 亲子"`,
    `IMP-${tag}-2,吴磊,+86-138555${d}0102,,`,
    `IMP-${tag}-3,郑爽,12345,,号码错误`,
    `,无卡号,138555${d}0104,,`,
  ].join('\r\n');
  await signIn(page, 'manager.bj01');
  await page.getByRole('link', { name: 'Import members' }).click();
  await page.getByLabel('CSV file').setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByLabel('Exported from').selectOption('store');
  await page.getByLabel('Store', { exact: true }).selectOption({ label: '北京朝阳门店' });
  // columns guessed from the headers
  await expect(page.getByLabel('Member id (required)')).toHaveValue('0');
  await expect(page.getByLabel('Phone', { exact: true })).toHaveValue('2');
  await expect(page.getByLabel('City', { exact: true })).toHaveValue('3');
  await expect(page.getByLabel('Notes', { exact: true })).toHaveValue('4');
  const preview = page.getByTestId('import-preview');
  await expect(preview.locator('tbody tr')).toHaveCount(4);
  // only the row without a member id is refused; a junk phone is left out and the member kept
  await expect(preview.locator('tr.row-error')).toHaveCount(1);
  await expect(preview.locator('tr.row-error')).toContainText('无卡号');
  const badPhone = preview.locator('tr', { hasText: '郑爽' });
  await expect(badPhone).toHaveClass(/row-warning/);
  await expect(badPhone).toContainText('12345');
  await expect(badPhone).toContainText('Ready, without phone: not a valid value');

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible();
  await expect(page.getByTestId('import-new')).toHaveText('3');
  await expect(page.getByTestId('import-failed')).toHaveText('1');
  await expect(page.getByTestId('import-left-out')).toHaveText('1');
  await expect(page.getByTestId('import-problems')).toContainText('#5');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the rows with errors (CSV)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('import-errors.csv');
  const rows = readFileSync(await file.path(), 'utf8');
  expect(rows).toContain('row,member_id,name,phone,reason');
  expect(rows).toContain('无卡号');
  expect(rows).not.toContain('郑爽');

  // the imported member is a real customer now, findable by phone
  await page.goto(`/customers?q=138555${d}0102`);
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await expect(page.locator('tbody tr').first()).toContainText('吴磊');

  // with the city and the store's remark on their profile, signed by who imported them
  await page.goto(`/customers?q=138555${d}0101`);
  await page.locator('tbody tr').first().getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: '周杰' })).toBeVisible();
  await expect(page.locator('main')).toContainText('成都');
  const note = page.getByTestId('notes').locator('li', { hasText: '喜欢海岛, 亲子' });
  await expect(note).toBeVisible();

  // importing the same file again writes nothing new
  await page.getByRole('link', { name: 'Import members' }).click();
  await page.getByLabel('CSV file').setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByLabel('Exported from').selectOption('store');
  // a store's export names its store before it runs
  await expect(page.getByTestId('import-needs-store')).toHaveText('Choose the store these members belong to.');
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  await page.getByLabel('Store', { exact: true }).selectOption({ label: '北京朝阳门店' });
  await expect(page.getByTestId('import-needs-store')).toHaveCount(0);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-duplicates')).toHaveText('3');
  await expect(page.getByTestId('import-new')).toHaveText('0');
});
