import { expect, test } from '@playwright/test';
import { agencyClock, press, signIn, signInAnyLanguage } from './helpers';


test('a manager plans an event, staff check a walk-in in at the door, the dashboard counts them', async ({ page }, info) => {
  const touch = info.project.name === 'tablet';
  const name = `城市骑行社 ${info.project.name} ${Date.now() % 1_000_000}`;

  // the manager starts a community and plans an event at the Beijing store
  await signIn(page, 'manager.bj01');
  await page.goto('/communities');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Interest key').fill('Cycling!');
  await page.getByRole('button', { name: 'Create community' }).click();
  await expect(page.getByRole('alert')).toContainText('lower-case letters');
  await page.getByLabel('Interest key').fill('cycling');
  await page.getByRole('checkbox', { name: '北京顾问 · 北京朝阳门店' }).check();
  await page.getByRole('button', { name: 'Create community' }).click();
  await page.getByTestId('community-table').getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByTestId('community-members')).toHaveText('0');
  await expect(page.locator('.kpis')).toContainText('北京顾问');
  await page.getByLabel('Event', { exact: true }).fill('夜骑长安街');
  await page.getByLabel('Starts').fill(agencyClock(2 * 3_600_000));
  await page.getByLabel('Store').selectOption({ label: '北京朝阳门店' });
  await page.getByLabel('Places (optional)').fill('20');
  await page.getByRole('button', { name: 'Create event' }).click();
  await expect(page.getByTestId('event-table').getByRole('link', { name: '夜骑长安街' })).toBeVisible();
  const communityUrl = page.url();
  const communityId = communityUrl.split('/').pop();
  await page.goto(`/communities/dashboard?community_id=${communityId}`);
  await expect(page.getByTestId('dash-members')).toHaveText('0');

  // store staff find the event among theirs and let a walk-in in
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'staff.bj01');
  await press(page.getByRole('link', { name: 'Communities' }), touch);
  const event = page.getByTestId('event-table').getByRole('row').filter({ hasText: name }).getByRole('link', { name: '夜骑长安街' });
  await press(event, touch);
  await expect(page.getByTestId('attended')).toHaveText('0');
  await page.getByLabel('Name, pinyin, phone tail or member id').fill('王');
  await press(page.getByRole('button', { name: 'Search', exact: true }), touch);
  const first = page.getByTestId('walk-in-results').getByRole('listitem').first();
  const who = (await first.locator('strong').innerText()).trim();
  await press(first.getByRole('button', { name: `Check in ${who}` }), touch);
  await expect(page.getByTestId('attended')).toHaveText('1');
  const row = page.getByTestId('door-list').getByTestId('attendee').filter({ hasText: who });
  await expect(row).toContainText('Checked in');
  // a slip is undone, then the check-in made again
  await press(row.getByRole('button', { name: 'Undo check-in' }), touch);
  await expect(page.getByTestId('attended')).toHaveText('0');
  await press(row.getByRole('button', { name: `Check in ${who}` }), touch);
  await expect(page.getByTestId('attended')).toHaveText('1');
  await row.getByLabel(`Satisfaction ${who}`).selectOption('5');
  await expect(page.locator('.kpis')).toContainText('5.0 / 5');
  // "not arrived yet" narrows the door list to who is still to come
  const choices = page.getByRole('group', { name: 'Door list' });
  await press(choices.getByRole('button', { name: 'Not arrived yet (0)' }), touch);
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('door-empty')).toBeVisible();
  await press(choices.getByRole('button', { name: 'Checked in (1)' }), touch);
  await expect(row).toHaveCount(1);
  await press(choices.getByRole('button', { name: 'Everyone (1)' }), touch);
  await expect(page.getByTestId('door-empty')).toHaveCount(0);

  // the manager's dashboard now counts the new member, active this week
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'manager.bj01');
  await page.goto(`/communities/dashboard?community_id=${communityId}`);
  await expect(page.getByTestId('dash-members')).toHaveText('1');
  await expect(page.getByTestId('dash-active-7d')).toHaveText('1');
  await expect(page.getByTestId('level-table')).toContainText('Participant');
});

test('the overview shows every KPI with its formula and trend, and follows the filters', async ({ page }) => {
  await signIn(page, 'manager.bj01');
  await page.getByRole('link', { name: 'Overview' }).click();
  const kpis = page.getByTestId('overview-kpis').locator('li');
  await expect(kpis).toHaveCount(10);
  const nps = page.getByTestId('kpi-nps');
  await expect(nps).toContainText('promoters (9–10)');
  await expect(nps.locator('svg[role=img]')).toHaveAttribute('aria-label', /NPS/);
  const overlapAll = await page.getByTestId('kpi-member_overlap').locator('.kpi-counts').innerText();
  await page.getByLabel('Segment').selectOption({ label: 'Gen Z' });
  await expect(page).toHaveURL(/segment=gen_z/);
  await expect(page.getByTestId('kpi-member_overlap').locator('.kpi-counts')).not.toHaveText(overlapAll);
  await page.getByText('Show the figures as a table').click();
  await expect(page.getByRole('table')).toContainText('Customers at churn risk');
  // staff do not see the overview
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'staff.bj01');
  await expect(page.getByRole('link', { name: 'Overview' })).toHaveCount(0);
});

test('a past event keeps its door list as a record and lets nobody in', async ({ page }) => {
  await signIn(page, 'staff.bj01');
  // every demo community held events at this store in past months
  type Event = { id: number; starts_at: string; store: { id: number } | null };
  const me = await (await page.request.get('/api/v1/me')).json();
  const communities: { id: number }[] = await (await page.request.get('/api/v1/communities')).json();
  const events: Event[] = (await Promise.all(communities.map(async (c) => (await (await page.request.get(`/api/v1/communities/${c.id}`)).json()).events))).flat();
  const past = events.filter((e) => e.store?.id === me.store.id && Date.parse(e.starts_at) < Date.now() - 2 * 86_400_000);
  expect(past.length).toBeGreaterThan(0);
  await page.goto(`/community-events/${past[0].id}`);
  await expect(page.getByTestId('event-over')).toContainText('This event is over');
  await expect(page.getByTestId('door-list')).toBeVisible();
  // after the event, who never came is "did not come", not "not arrived yet"
  await expect(page.getByRole('group', { name: 'Door list' }).getByRole('button', { name: /^Did not come \(\d+\)$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Check in/ })).toHaveCount(0);
  await expect(page.getByTestId('walk-in-results')).toHaveCount(0);
  await expect(page.getByLabel('Name, pinyin, phone tail or member id')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Undo check-in' })).toHaveCount(0);
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });
  test('a refused request is explained in Chinese, never in the server\'s English', async ({ page }) => {
    await signInAnyLanguage(page, 'manager.bj01');
    const taken: { name: string }[] = await (await page.request.get('/api/v1/communities')).json();
    await page.goto('/communities');
    await page.locator('#community-name').fill(taken[0].name);
    await page.locator('#community-interest').fill('family');
    await page.locator('#new-community-heading').locator('xpath=..').locator('button[type=submit]').click();
    const alert = page.locator('form [role=alert]');
    await expect(alert).toHaveText('已有同名记录。');
    expect(await alert.innerText()).not.toMatch(/[A-Za-z]/);
  });
});
