import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signIn, signInAnyLanguage } from './helpers';

/** Manager pages checked by axe and for touch targets: (path, test id that shows it loaded). */
const MANAGER_PAGES: [string, string][] = [
  ['/overview', 'overview-kpis'], ['/communities', 'community-table'], ['/communities/1', 'event-table'],
  ['/community-events/1', 'attended'], ['/communities/dashboard', 'top-advocates'],
  ['/service?inbox=all', 'ticket-list'], ['/service/1', 'ticket-history'], ['/service/new?customer=1', 'new-ticket-form'],
  ['/service/dashboard', 'sla-by-store'], ['/service/disruptions', 'disruptions'], ['/service/disruptions/1', 'disruption-cases'], ['/service/departures', 'ready-count'], ['/care', 'care-page'], ['/sync', 'roster-state'], ['/audience', 'audience-counts'],
];

/** Serious and critical WCAG 2 A/AA violations on the current page, summarised. */
async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

for (const locale of ['en', 'zh-CN']) {
  test.describe(`axe in ${locale}`, () => {
    test.use({ locale });

    test('login page', async ({ page }) => {
      await page.goto('/login');
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.locator('#username')).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('customer list and profile', async ({ page }) => {
      await signInAnyLanguage(page, 'staff.bj01');
      expect(await violations(page)).toEqual([]);

      // a customer the agency knows by phone: a traveller named on someone's booking may have no
      // phone and no history yet, and be the newest in the list
      await page.locator('tbody tr').filter({ hasText: '****' }).first().locator('a').first().click();
      await expect(page.getByTestId('profile-name')).toBeVisible();
      await expect(page.getByTestId('timeline')).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('journey matrix with a cell open, and a customer\'s journey maps', async ({ page }) => {
      await signInAnyLanguage(page, 'manager.bj01');
      await page.goto('/journeys?stage=booking&channel=store');
      await expect(page.getByTestId('journey-matrix')).toBeVisible();
      await expect(page.getByTestId('cell-customers').locator('tbody tr').first()).toBeVisible();
      expect(await violations(page)).toEqual([]);
      await page.getByTestId('cell-customers').locator('tbody tr a').first().click();
      await page.goto(page.url() + '/journeys');
      await expect(page.getByTestId('journey-map').first()).toBeVisible();
      await page.getByTestId('touchpoint').first().focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('touchpoint').first()).toHaveAttribute('aria-pressed', 'true');
      expect(await violations(page)).toEqual([]);
    });

    test('overview, communities, a community, an event door list and the community dashboard', async ({ page }) => {
      // six pages, each scanned whole by axe: 27–32 s on two cores, past the 30 s default
      test.slow();
      await signInAnyLanguage(page, 'manager.bj01');
      for (const [path, ready] of MANAGER_PAGES) {
        await page.goto(path);
        await expect(page.getByTestId(ready)).toBeVisible();
        expect(await violations(page), path).toEqual([]);
      }
      // the reveal form open on a profile
      await page.goto('/customers');
      await page.locator('tbody tr').filter({ hasText: '****' }).first().locator('a').first().click();
      await page.locator('.reveal button').first().click();
      await expect(page.locator('#reveal-reason')).toBeVisible();
      expect(await violations(page), 'reveal form').toEqual([]);
    });

    test('the admin pages: audit log, API tokens, channel connectors', async ({ page }) => {
      await signInAnyLanguage(page, 'admin');
      for (const path of ['/audit', '/tokens', '/connectors']) {
        await page.goto(path);
        await expect(page.locator('main h1')).toBeVisible();
        await page.waitForLoadState('networkidle');
        expect(await violations(page), path).toEqual([]);
      }
    });

    test('a change or refund on its ticket, quote form open', async ({ page }) => {
      await signInAnyLanguage(page, 'manager.bj01');
      const tickets = await (await page.request.get('/api/v1/tickets?inbox=all&page_size=100')).json();
      const open = tickets.items.find((t: { kind: string; status: string }) => t.kind === 'refund' && t.status !== 'resolved');
      expect(open, 'the demo data has refund requests under way').toBeTruthy();
      await page.goto(`/service/${open.id}`);
      await expect(page.getByTestId('case')).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('duplicate review queue and member import', async ({ page }) => {
      await signInAnyLanguage(page, 'manager.bj01');
      await page.goto('/duplicates');
      await expect(page.getByTestId('duplicate-pair').first()).toBeVisible();
      expect(await violations(page)).toEqual([]);
      await page.goto('/import');
      await expect(page.locator('#import-file')).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });
  });
}

test('the dark theme and large text keep every page free of violations', async ({ page }, info) => {
  // thirteen pages through axe: more than the default 30 s on a busy 2-core machine
  test.slow();
  await signIn(page, info.project.name === 'tablet' ? 'manager.sz01' : 'manager.su01');
  await page.getByRole('button', { name: 'Dark' }).click();
  await page.getByRole('button', { name: 'Large text' }).click();
  await expect(page.locator('html')).toHaveClass(/theme-dark/);
  await expect(page.locator('tbody tr').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.locator('tbody tr').filter({ hasText: '****' }).first().locator('a').first().click();
  await expect(page.getByTestId('timeline')).toBeVisible();
  await expect(page.getByTestId('journey-map').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
  for (const path of ['/journeys?stage=booking&channel=store', '/duplicates', '/import', ...MANAGER_PAGES.map(([p]) => p)]) {
    await page.goto(path);
    await expect(page.locator('main, .page').first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(await violations(page), path).toEqual([]);
  }
});

/** Visible controls shorter than 44 px on the current page. */
async function smallControls(page: Page) {
  return page.locator('button, select, input:not([type=checkbox]), a.row-link, nav a, summary').evaluateAll((els) =>
    els
      .filter((e) => (e as HTMLElement).offsetParent !== null)
      // a radio button's target is its whole label
      .map((e) => (e.matches('input[type=radio]') ? e.closest('label') ?? e : e))
      .map((e) => ({ what: e.outerHTML.slice(0, 80), h: e.getBoundingClientRect().height }))
      .filter((e) => e.h < 44),
  );
}

/** The page is no wider than the tablet: nothing sits off-screen or under something else. */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('every control on every page of the tablet layout is at least 44 px tall', async ({ page }, info) => {
  test.skip(info.project.name !== 'tablet', 'touch layout only');
  await page.goto('/login');
  await expect(page.locator('#username')).toBeVisible();
  expect(await smallControls(page), 'login').toEqual([]);
  await signIn(page, 'manager.bj01');
  await expect(page.locator('tbody tr').first()).toBeVisible();
  expect(await smallControls(page), 'customer list').toEqual([]);
  expect(await overflow(page), 'customer list wider than the tablet').toBeLessThanOrEqual(0);
  await page.locator('tbody tr').filter({ hasText: '****' }).first().locator('a').first().click();
  await expect(page.getByTestId('profile-name')).toBeVisible();
  await expect(page.getByTestId('journey-map').first()).toBeVisible();
  expect(await smallControls(page), 'profile').toEqual([]);
  await page.goto(page.url() + '/journeys');
  await expect(page.getByTestId('journey-map').first()).toBeVisible();
  expect(await smallControls(page), 'journeys of a customer').toEqual([]);
  await page.goto('/journeys?stage=booking&channel=store');
  await expect(page.getByTestId('cell-customers').locator('tbody tr').first()).toBeVisible();
  expect(await smallControls(page), 'journey matrix').toEqual([]);
  await page.goto('/duplicates');
  await expect(page.getByTestId('duplicate-pair').first()).toBeVisible();
  expect(await smallControls(page), 'duplicates').toEqual([]);
  await page.goto('/import');
  await expect(page.locator('#import-file')).toBeVisible();
  expect(await smallControls(page), 'import').toEqual([]);
  for (const [path, ready] of MANAGER_PAGES) {
    await page.goto(path);
    await expect(page.getByTestId(ready)).toBeVisible();
    expect(await smallControls(page), path).toEqual([]);
    expect(await overflow(page), `${path} wider than the tablet`).toBeLessThanOrEqual(0);
  }
  await page.goto('/customers');
  await page.locator('tbody tr').filter({ hasText: '****' }).first().locator('a').first().click();
  await page.locator('.reveal button').first().click();
  await expect(page.locator('#reveal-reason')).toBeVisible();
  expect(await smallControls(page), 'reveal form').toEqual([]);
});

test('a manager works the journey views with the keyboard alone', async ({ page }, info) => {
  test.skip(info.project.name !== 'desktop', 'keyboard users are on desktops');
  await signIn(page, 'manager.bj01');
  await page.goto('/journeys');
  const cell = page.locator('button.cell[data-stage="pre_decision"]').first();
  await cell.focus();
  await page.keyboard.press('Enter');
  await expect(cell).toHaveAttribute('aria-pressed', 'true');
  const firstCustomer = page.getByTestId('cell-customers').locator('tbody tr a').first();
  await firstCustomer.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('profile-name')).toBeVisible();
  // Tab from the journey chooser reaches the map's touchpoints; Space opens one
  await page.locator('#journey-choice').focus();
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  await expect(focused).toHaveAttribute('data-testid', 'touchpoint');
  await page.keyboard.press(' ');
  await expect(focused).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('touchpoint-detail').first()).not.toContainText('tap a touchpoint');
});

test('journey map touchpoints and matrix cells are at least 44 px on the tablet', async ({ page }, info) => {
  test.skip(info.project.name !== 'tablet', 'touch layout only');
  await signIn(page, 'manager.bj01');
  await page.goto('/journeys');
  await expect(page.getByTestId('journey-matrix')).toBeVisible();
  const cells = await page.locator('button.cell').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
  expect(Math.min(...cells)).toBeGreaterThanOrEqual(44);
  await page.locator('button.cell').first().click();
  await page.getByTestId('cell-customers').locator('tbody tr a').first().click();
  await page.goto(page.url() + '/journeys');
  await expect(page.getByTestId('journey-map').first()).toBeVisible();
  const targets = await page.getByTestId('touchpoint').evaluateAll((els) =>
    els.map((e) => { const r = e.getBoundingClientRect(); return Math.min(r.width, r.height); }));
  expect(targets.length).toBeGreaterThan(0);
  expect(Math.min(...targets)).toBeGreaterThanOrEqual(44);
});

test('the skip link moves focus to the main content', async ({ page }) => {
  await signIn(page, 'staff.bj01');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
});
