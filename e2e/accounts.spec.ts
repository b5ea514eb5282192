import { chromium, expect, test, type BrowserContext } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fillField, readAsUser, userDbName, waitForServiceWorker } from './journeys';
import config from './playwright.config';

/** A phone: a browser profile on disk that survives closing and opening the browser. */
async function openPhone(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    ...config.use!.launchOptions,
    baseURL: process.env['E2E_BASE_URL'],
    serviceWorkers: 'allow',
  });
}

test('sign up, restart the phone offline and keep working, then re-enter the password and the waiting work arrives', async ({ request }) => {
  const profile = await mkdtemp(path.join(tmpdir(), 'me2me-phone-'));
  const owner = { name: `owner${Date.now().toString(36)}`, password: 'my bread rises at dawn' };
  let phone = await openPhone(profile);
  try {
    let page = phone.pages()[0] ?? (await phone.newPage());
    await page.goto('/', { waitUntil: 'load' });
    await page.getByTestId('to-sign-up').click();
    await fillField(page, 'sign-up-name', owner.name);
    await fillField(page, 'sign-up-password', 'password1');
    await page.getByTestId('sign-up-submit').click();
    await expect(page.getByText('Use at least 10 characters')).toBeVisible();
    await fillField(page, 'sign-up-password', owner.password);
    await page.getByTestId('sign-up-submit').click();
    await expect(page).toHaveURL(/\/learn$/);
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
