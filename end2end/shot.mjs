// A full-page screenshot of one console page, to look at by hand (the visual gate's spec
// takes them for every page). Prints the browser console's errors.
// SHOT_FULL=0: the first screen only. SHOT_WAIT=<selector>: wait for it (a lazily loaded page).
// Usage: node shot.mjs PATH OUT.png WIDTH HEIGHT LOCALE USER   (a server on SHOT_URL,
// default http://127.0.0.1:8391, e.g. `roundtrip-server serve --dist dist --addr 127.0.0.1:8391`)
import { chromium } from '@playwright/test';

const [, , path, out, width, height, locale, user] = process.argv;
const base = process.env.SHOT_URL ?? 'http://127.0.0.1:8391';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const page = await (await browser.newContext({ viewport: { width: +width, height: +height }, locale })).newPage();
const errors = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
await page.request.post(`${base}/api/v1/session`, { data: { username: user, password: 'roundtrip-demo' } });
await page.goto(base + path);
await page.waitForLoadState('networkidle');
if (process.env.SHOT_WAIT) await page.locator(process.env.SHOT_WAIT).first().waitFor();
await page.screenshot({ path: out, fullPage: process.env.SHOT_FULL !== '0' });
console.log(out, `console errors: ${errors.length}`, errors.slice(0, 3).join(' | '));
await browser.close();
