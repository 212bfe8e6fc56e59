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
