import { expect, type Locator, type Page } from '@playwright/test';

export const PASSWORD = 'roundtrip-demo';

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, username: string, path = '/login') {
  await page.goto(path);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

/** Taps on touch devices, clicks elsewhere. */
export async function press(target: Locator, hasTouch: boolean) {
  if (hasTouch) await target.tap();
  else await target.click();
}
