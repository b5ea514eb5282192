import { chromium, expect, test, type BrowserContext } from '@playwright/test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fillField, readAsUser, signIn, userDbName, waitForServiceWorker } from './journeys';
import config from './playwright.config';

/** A phone: a browser profile on disk that survives closing and opening the browser. */
async function openPhone(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    ...config.use!.launchOptions,
    baseURL: process.env['E2E_BASE_URL'],
    serviceWorkers: 'allow',
  });
}

test('sign up, restart the phone offline and keep working, then re-enter the password and the waiting work arrives', async ({
  request,
}) => {
  const profile = await mkdtemp(path.join(tmpdir(), 'me2me-phone-'));
  const owner = { name: `owner${Date.now().toString(36)}`, password: 'my bread rises at dawn' };
  let phone = await openPhone(profile);
  try {
    let page = phone.pages()[0] ?? (await phone.newPage());
    await page.goto('/', { waitUntil: 'load' });
    await page.getByTestId('to-sign-up').click();
    await fillField(page, 'sign-up-name', owner.name);
    await fillField(page, 'sign-up-password', 'password1');
    // Nothing is assumed about the country: it is asked for.
    await page.getByTestId('sign-up-submit').click();
    await expect(page.getByText('Choose the country you work in')).toBeVisible();
    await page.getByTestId('sign-up-country').click();
    await page.locator('ion-popover ion-item', { hasText: 'Poland' }).click();
    await page.getByTestId('sign-up-submit').click();
    await expect(page.getByText('Use at least 10 characters')).toBeVisible();
    await fillField(page, 'sign-up-password', owner.password);
    await page.getByTestId('sign-up-submit').click();
    // A short welcome, once, in the member's role.
    await expect(page.getByTestId('welcome-role')).toContainText('You joined as a business owner');
    await page.getByTestId('welcome-close').click();
    await expect(page).toHaveURL(/\/learn$/);
    await expect(page.getByTestId('welcome')).toHaveCount(0);
    await expect(page.getByTestId('lesson-item').first()).toBeVisible();
    // The language chosen at sign-up is kept with the account, for the user's other devices.
    await expect.poll(async () => (await readAsUser(request, owner, userDbName(owner.name), 'settings'))?.['language']).toBe('en');
    await waitForServiceWorker(page);

    // The phone restarts with no network: the app, the user and the session are all still there.
    await phone.close();
    phone = await openPhone(profile);
    await phone.setOffline(true);
    expect((await phone.cookies()).map((c) => c.name)).toContain('AuthSession');
    page = phone.pages()[0] ?? (await phone.newPage());
    await page.goto('/', { waitUntil: 'load' });
    await expect(page).toHaveURL(/\/learn$/);
    const pricing = page.getByTestId('lesson-item').filter({ hasText: 'Pricing' }).first();
    await expect(pricing).toBeVisible();
    await pricing.click();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByTestId('sync-indicator').last()).toContainText('waiting to send');

    // The session expires while the phone is offline. Back online, the app asks for the password; nothing is lost.
    await phone.clearCookies();
    await phone.setOffline(false);
    const indicator = page.getByTestId('sync-indicator').last();
    await expect(indicator).toHaveAttribute('data-state', 'error');
    await expect(indicator).toContainText('Sign in again');
    const progressId = 'progress:lesson:pricing-for-profit';
    expect(await readAsUser(request, owner, userDbName(owner.name), progressId)).toBeNull();
    await indicator.getByRole('link', { name: 'Sign in' }).click();
    await expect(page.getByText('nothing has been lost')).toBeVisible();
    await fillField(page, 'sign-in-password', owner.password);
    await page.getByTestId('sign-in-submit').click();
    await expect
      .poll(async () => (await readAsUser(request, owner, userDbName(owner.name), progressId))?.['cardIndex'], { timeout: 30_000 })
      .toBe(1);
  } finally {
    await phone.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test('a member who forgot their password gets a code from their coordinator and sets a new one, with no e-mail', async ({
  browser,
  page,
}) => {
  const owner = { name: `forgot${Date.now().toString(36)}`, password: 'i will forget this one' };
  expect((await page.request.post('/api/accounts', { data: { ...owner, country: 'pl' } })).status()).toBe(201);

  await signIn(page, { name: 'eva', password: 'coordinator-2026' });
  await page.locator('ion-tab-button[tab="me"]').click();
  await fillField(page, 'reset-member', owner.name);
  await page.getByTestId('make-reset-code').click();
  await expect(page.getByTestId('reset-result')).toContainText(`Reset code for ${owner.name}:`);
  const code = /: ([A-Z2-9]{10})\./.exec(await page.getByTestId('reset-result').innerText())![1]!;

  const phone = await (await browser.newContext()).newPage();
  await phone.goto('/sign-in', { waitUntil: 'load' });
  await phone.getByTestId('forgot-password').click();
  await fillField(phone, 'reset-name', owner.name);
  await fillField(phone, 'reset-code', 'WRONGCODE2');
  await fillField(phone, 'reset-password', 'a brand new password');
  await phone.getByTestId('reset-submit').click();
  await expect(phone.getByText('This code is not right')).toBeVisible();
  await fillField(phone, 'reset-code', code.toLowerCase());
  await phone.getByTestId('reset-submit').click();
  await expect(phone).toHaveURL(/\/learn$/);
  await expect(phone.getByTestId('lesson-item').first()).toBeVisible();
  expect((await page.request.post('/couch/_session', { data: { name: owner.name, password: 'a brand new password' } })).status()).toBe(200);
  await phone.context().close();
});

test('a member downloads their data and deletes their account, with what is kept said plainly', async ({ page }) => {
  const owner = { name: `leaving${Date.now().toString(36)}`, password: 'time to close the shop' };
  expect((await page.request.post('/api/accounts', { data: { ...owner, country: 'pl' } })).status()).toBe(201);
  await signIn(page, owner);
  await page.locator('ion-tab-button[tab="me"]').click();

  const download = page.waitForEvent('download');
  await page.getByTestId('download-my-data').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`me2me-${owner.name}.json`);
  const copy = JSON.parse(await readFile((await file.path())!, 'utf8'));
  expect(copy.account.name).toBe(owner.name);

  await page.getByTestId('delete-account').click();
  const alert = page.locator('ion-alert');
  await expect(alert).toContainText('Your questions and answers stay for the others');
  await alert.locator('input').fill('not my password');
  await page.locator('.delete-confirm').click();
  await expect(page.getByText('Your current password is not right.')).toBeVisible();
  await page.getByTestId('delete-account').click();
  await page.locator('ion-alert input').fill(owner.password);
  await page.locator('.delete-confirm').click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await page.request.post('/couch/_session', { data: owner })).status()).toBe(401);
});
