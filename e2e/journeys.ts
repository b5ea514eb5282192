import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

export const OWNER = { name: 'ania', password: 'bakery-2026' };

/**
 * A new owner of the Polish network, for a journey that changes an owner's own records (progress,
 * answers): the demo owner's are what other journeys start from.
 */
export async function newOwner(request: APIRequestContext, prefix: string): Promise<{ name: string; password: string }> {
  const owner = { name: `${prefix}${Date.now().toString(36)}`, password: 'a loaf a day keeps me busy' };
  const response = await request.post('/api/accounts', { data: { ...owner, country: 'pl' } });
  expect(response.status()).toBe(201);
  return owner;
}

export async function signIn(page: Page, user: { name: string; password: string }): Promise<void> {
  await page.goto('/', { waitUntil: 'load' });
  await expect(page).toHaveURL(/\/sign-in$/);
  // A fresh browser is still installing the service worker and starting the app; a field typed into
  // too early can be emptied by the first render, so the whole form is tried again until it goes.
  await expect(async () => {
    if (/\/learn$/.test(page.url())) return;
    await fillField(page, 'sign-in-name', user.name);
    await fillField(page, 'sign-in-password', user.password);
    await page.getByTestId('sign-in-submit').click();
    await expect(page).toHaveURL(/\/learn$/, { timeout: 10_000 });
  }).toPass({ timeout: 60_000 });
}

/**
 * Types into an Ionic input or text area and checks the value held: typing while the component is
 * still starting up can be undone by its first render.
 */
export async function fillField(page: Page | Locator, testId: string, value: string): Promise<void> {
  const input = page.getByTestId(testId).locator('input, textarea');
  await expect(async () => {
    await input.fill(value);
    await expect(input).toHaveValue(value, { timeout: 1000 });
  }).toPass();
}

/**
 * Waits until the Angular service worker controls the page and has cached a whole app version:
 * its debug page names a manifest hash only once every prefetched file is stored.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload({ waitUntil: 'load' });
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect
    .poll(() => page.evaluate(() => fetch('/ngsw/state').then((r) => r.text())), { timeout: 30_000 })
    .toMatch(/Latest manifest hash: [0-9a-f]{40}/);
}

/** Signs in through the member API as any client must (it takes no Basic auth) and gives the session cookie as a header. */
export async function signedInHeaders(
  request: APIRequestContext,
  user: { name: string; password: string },
): Promise<Record<string, string>> {
  const response = await request.post('/couch/_session', { data: { name: user.name, password: user.password } });
  expect(response.status()).toBe(200);
  const cookie = response.headers()['set-cookie']?.split(';')[0];
  expect(cookie).toMatch(/^AuthSession=/);
  return { cookie: cookie! };
}

/** Reads a document through the CouchDB API as the given user, the way any client would. */
export async function readAsUser(
  request: APIRequestContext,
  user: { name: string; password: string },
  db: string,
  docId: string,
): Promise<Record<string, unknown> | null> {
  const response = await request.get(`/couch/${db}/${encodeURIComponent(docId)}`, { headers: await signedInHeaders(request, user) });
  if (response.status() === 404) return null;
  expect(response.ok()).toBe(true);
  return response.json();
}

/** The download control of one programme on the Learn screen (programmes are ordered by who is signed in). */
export function packOf(page: Page, programmeTitle: string): Locator {
  return page
    .locator('ion-list')
    .filter({ has: page.locator('.programme-title', { hasText: programmeTitle }) })
    .getByTestId('pack-control');
}

export function userDbName(name: string): string {
  return 'userdb-' + Buffer.from(name, 'utf8').toString('hex');
}

/**
 * Goes through the open lesson to the end and finishes it. The last button of the card navigation is
 * Next, or Finish on the last card; each step waits for the card to change, so no click is made on a
 * Next button that is being replaced.
 */
export async function finishOpenLesson(page: Page): Promise<void> {
  const forward = page.locator('app-lesson-page ion-footer .nav ion-button').last();
  const position = page.locator('app-lesson-page .position');
  await expect(position).toBeVisible();
  while ((await forward.getAttribute('data-testid')) !== 'finish-lesson') {
    const before = await position.textContent();
    await forward.click();
    await expect(position).not.toHaveText(before ?? '');
  }
  await forward.click();
  await expect(page.getByTestId('lesson-done')).toBeVisible();
}
