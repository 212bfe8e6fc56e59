import { expect, type Locator, type Page } from '@playwright/test';

export const PASSWORD = 'roundtrip-demo';

/** Signs in through the login form, as a person would (English labels). */
export async function signIn(page: Page, username: string, path = '/login') {
  await page.goto(path);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

/** Signs in by field ids, whatever the interface language. */
export async function signInAnyLanguage(page: Page, username: string) {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('button[type=submit]').click();
  await expect(page.locator('tbody tr').first()).toBeVisible();
}

/** Taps on touch devices, clicks elsewhere. */
export async function press(target: Locator, hasTouch: boolean) {
  if (hasTouch) await target.tap();
  else await target.click();
}

/** `YYYY-MM-DDTHH:MM` on the agency's clock `ms` from now (a datetime-local value; its date is
 * the first 10 characters). The demo agency keeps Beijing time, which has no daylight saving,
 * whatever zone the browser running the tests is in: the console shows and reads times on the
 * agency's clock. */
export function agencyClock(ms = 0): string {
  return new Date(Date.now() + ms + 8 * 3_600_000).toISOString().slice(0, 16);
}
