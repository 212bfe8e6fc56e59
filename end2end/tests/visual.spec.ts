import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { PASSWORD } from './helpers';

// The visual gate: every page, as each role sees it, in both languages and both themes, on the
// desktop and the tablet project. A page fails on a console error or CSP violation, a page
// wider than the screen, text clipped by its box (SVG labels outside their chart included),
// a tablet top bar or navigation taller than its bound, a tablet control under 44 px, or
// interface words in Latin script in zh-CN outside data. Every page is kept as a full-page
// screenshot in test-results, to look at.

/** Tablet bounds: the top bar is one row, the navigation at most two. */
const TOP_BAR_MAX = 64;
const NAV_MAX = 110;

/**
 * Latin-script words that belong in the Chinese interface: the product's name, industry
 * acronyms staff use as they are, and the platforms' own names for their ids.
 */
const LATIN_ALLOWED = new Set(['Roundtrip', 'RFM', 'NPS', 'CSAT', 'SLA', 'CSV', 'OTA', 'App', 'JSON', 'openid', 'unionid', 'open', 'id']);

/**
 * Where text is data, not interface words: what people typed or named (marked
 * `translate="no"`, as it must not be machine-translated either), contacts, codes.
 */
const DATA = '[translate="no"], .mono, code, input, textarea, select, [lang="en"], .tag';

type Role = 'manager.bj01' | 'staff.bj01' | 'admin';

async function pagesOf(page: Page, role: Role): Promise<string[]> {
  const list = await (await page.request.get('/api/v1/customers?page_size=1')).json();
  const id = list.items[0].id;
  if (role === 'admin') return ['/audit', '/tokens', '/connectors'];
  // a change or refund under way: its ticket carries the case panel
  const tickets = await (await page.request.get('/api/v1/tickets?inbox=all&page_size=100')).json();
  const open = tickets.items.find((t: { kind: string; status: string }) => ['refund', 'change'].includes(t.kind) && t.status !== 'resolved');
  if (role === 'staff.bj01') return ['/customers', `/customers/${id}`, '/service', `/service/new?customer=${id}`, '/service/disruptions', '/service/departures', '/care', '/communities', '/sync'];
  return [
    '/customers', `/customers/${id}`, `/customers/${id}/journeys`, '/journeys', '/journeys?stage=booking&channel=store',
    '/overview', '/communities', '/communities/1', '/community-events/1', '/communities/dashboard',
    '/service?inbox=all', '/service/1', `/service/${open.id}`, `/service/new?customer=${id}`, '/service/dashboard', '/service/disruptions', '/service/disruptions/1', '/service/departures', '/care', '/sync', '/audience',
    '/duplicates', '/import',
  ];
}

/** What is wrong with the page as shown, in words. */
async function problems(page: Page, zh: boolean, tablet: boolean): Promise<string[]> {
  return page.evaluate(({ zh, tablet, allowed, data, topMax, navMax }) => {
    const out: string[] = [];
    const shown = (e: Element) => (e as HTMLElement).offsetParent !== null || getComputedStyle(e).position === 'fixed';
    const de = document.documentElement;
    if (de.scrollWidth > de.clientWidth) out.push(`wider than the screen by ${de.scrollWidth - de.clientWidth} px`);
    for (const e of document.querySelectorAll('body *')) {
      if (e.closest('.visually-hidden') || !shown(e)) continue;
      if (![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim())) continue;
      const cs = getComputedStyle(e);
      if ((cs.overflowX !== 'visible' || cs.textOverflow === 'ellipsis') && e.scrollWidth > e.clientWidth + 1) {
        out.push(`text clipped: ${e.outerHTML.slice(0, 80)}`);
      }
    }
    for (const t of document.querySelectorAll('svg text')) {
      const s = (t as SVGTextElement).ownerSVGElement!.getBoundingClientRect();
      const b = t.getBoundingClientRect();
      if (b.width && (b.left < s.left - 1 || b.right > s.right + 1 || b.top < s.top - 1 || b.bottom > s.bottom + 1)) {
        out.push(`chart label outside its chart: ${t.textContent}`);
      }
    }
    if (tablet) {
      const top = document.querySelector('.topbar')?.getBoundingClientRect().height ?? 0;
      const nav = document.querySelector('.sidebar')?.getBoundingClientRect().height ?? 0;
      if (top > topMax) out.push(`top bar ${top} px tall (at most ${topMax})`);
      if (nav > navMax) out.push(`navigation ${nav} px tall (at most ${navMax})`);
      for (const e of document.querySelectorAll('button, select, input:not([type=checkbox]):not([type=hidden]), a, summary')) {
        if (!shown(e) || e.closest('.visually-hidden, .skip-link')) continue;
        const target = e.matches('input[type=radio]') ? e.closest('label') ?? e : e;
        const h = target.getBoundingClientRect().height;
        if (h < 44) out.push(`control ${Math.round(h)} px tall: ${target.outerHTML.slice(0, 80)}`);
      }
    }
    if (zh) {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest(data) || el.closest('script, style') || (!shown(el) && !el.closest('.visually-hidden'))) continue;
        for (const word of n.textContent!.match(/[A-Za-z]{2,}/g) ?? []) {
          if (!allowed.includes(word)) out.push(`English in zh-CN: "${word}" in <${el.tagName.toLowerCase()} class="${el.className}">`);
        }
      }
      for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
        for (const attr of ['aria-label', 'title', 'placeholder']) {
          const v = el.getAttribute(attr);
          if (!v || el.closest(data)) continue;
          for (const word of v.match(/[A-Za-z]{2,}/g) ?? []) {
            if (!allowed.includes(word)) out.push(`English in zh-CN ${attr}: "${word}" on <${el.tagName.toLowerCase()}>`);
          }
        }
      }
    }
    return [...new Set(out)];
  }, { zh, tablet, allowed: [...LATIN_ALLOWED], data: DATA, topMax: TOP_BAR_MAX, navMax: NAV_MAX });
}

async function visitAll(page: Page, info: TestInfo, role: Role, locale: string, dark: boolean) {
  const tablet = info.project.name === 'tablet';
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  const signedIn = await page.request.post('/api/v1/session', { data: { username: role, password: PASSWORD } });
  expect(signedIn.status()).toBe(200);
  await page.request.put('/api/v1/me/display', { data: { large_type: false, dark_theme: dark } });
  await page.addInitScript((l) => localStorage.setItem('roundtrip.locale', l.startsWith('zh') ? 'zh-CN' : 'en'), locale);
  const found: string[] = [];
  try {
    for (const path of await pagesOf(page, role)) {
      errors.length = 0;
      await page.goto(path);
      await expect(page.locator('main h1, main h2').first()).toBeVisible();
      await page.waitForLoadState('networkidle');
      await expect(page.locator('html')).toHaveClass(dark ? /theme-dark/ : /^(?!.*theme-dark)/);
      for (const p of [...errors.map((e) => `console error: ${e.slice(0, 160)}`), ...(await problems(page, locale.startsWith('zh'), tablet))]) {
        found.push(`${path}: ${p}`);
      }
      const name = `${role}-${locale}-${dark ? 'dark' : 'light'}${path.replace(/[^a-z0-9]+/gi, '_')}.png`;
      await page.screenshot({ path: info.outputPath(name), fullPage: true, scale: 'css' });
    }
  } finally {
    await page.request.put('/api/v1/me/display', { data: { large_type: false, dark_theme: false } });
  }
  expect(found).toEqual([]);
}

for (const locale of ['en', 'zh-CN']) {
  for (const dark of [false, true]) {
    test.describe(`visual gate, ${locale}, ${dark ? 'dark' : 'light'}`, () => {
      test.use({ locale });
      for (const role of ['manager.bj01', 'staff.bj01', 'admin'] as Role[]) {
        test(`every page of ${role}`, async ({ page }, info) => {
          test.slow();
          await visitAll(page, info, role, locale, dark);
        });
      }
    });
  }
}
