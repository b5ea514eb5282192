import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const OWNER = { name: 'ania', password: 'bakery-2026' };

export async function signIn(page: Page, user: { name: string; password: string }): Promise<void> {
  await page.goto('/', { waitUntil: 'load' });
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByTestId('sign-in-name').locator('input').fill(user.name);
  await page.getByTestId('sign-in-password').locator('input').fill(user.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page).toHaveURL(/\/learn$/);
}

/** Waits until the Angular service worker controls the page, reloading once after it installed. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload({ waitUntil: 'load' });
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/** Reads a document through the CouchDB API as the given user, the way any client would. */
export async function readAsUser(
  request: APIRequestContext,
  user: { name: string; password: string },
  db: string,
  docId: string,
): Promise<Record<string, unknown> | null> {
  const auth = 'Basic ' + Buffer.from(`${user.name}:${user.password}`).toString('base64');
  const response = await request.get(`/couch/${db}/${encodeURIComponent(docId)}`, { headers: { authorization: auth } });
  if (response.status() === 404) return null;
  expect(response.ok()).toBe(true);
  return response.json();
}

export function userDbName(name: string): string {
  return 'userdb-' + Buffer.from(name, 'utf8').toString('hex');
}
