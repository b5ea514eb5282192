import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { en } from '../src/app/i18n/en';
import { pl } from '../src/app/i18n/pl';
import { fillField, finishOpenLesson, readAsUser, userDbName, waitForServiceWorker } from './journeys';

/** The titles of the English lessons we ship: none may show where its Polish translation should. */
const LESSONS_DIR = path.resolve(__dirname, '../sync-server/seed-content/lessons');
const SHIPPED_ENGLISH_TITLES = readdirSync(LESSONS_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => (JSON.parse(readFileSync(path.join(LESSONS_DIR, file), 'utf8')) as { title: string }).title);

/**
 * English interface text a Polish user must never meet: every English message with no placeholder,
 * long enough to be unmistakable, that the Polish catalog says differently.
 */
const ENGLISH = Object.entries(en)
  .filter(([key, message]) => typeof message === 'string' && !message.includes('{') && message.length >= 12 && pl[key] !== message)
  .map(([, message]) => message as string);

async function englishOnScreen(page: Page, alsoEnglish: readonly string[] = []): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  return [...ENGLISH, ...alsoEnglish].filter((message) => text.includes(message));
}

test('a Polish owner signs up in Polish and finishes a Polish lesson offline, with no English on the way', async ({ browser, request }) => {
  test.setTimeout(150_000);
  const context = await browser.newContext({ locale: 'pl-PL', viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const owner = { name: `piekarz${Date.now().toString(36)}`, password: 'chleb na zakwasie o świcie' };

  // The phone speaks Polish: so does the app, from the first screen.
  await page.goto('/', { waitUntil: 'load' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
  expect(await englishOnScreen(page)).toEqual([]);
  await page.getByTestId('to-sign-up').click();
  await expect(page.getByTestId('sign-up-submit')).toBeVisible();
  expect(await englishOnScreen(page)).toEqual([]);
  await fillField(page, 'sign-up-name', owner.name);
  await fillField(page, 'sign-up-password', owner.password);
  await fillField(page, 'sign-up-full-name', 'Zofia Wiśniewska-Kowal');
  await page.getByTestId('sign-up-country').click();
  await page.locator('ion-popover ion-item', { hasText: 'Polska' }).click();
  await page.getByTestId('sign-up-submit').click();
  await expect(page.getByTestId('welcome')).toBeVisible();
  // Until the first pull brings the Polish lessons, the English ones stand in (marked as such).
  await expect(page.getByTestId('sync-indicator').first()).toHaveAttribute('data-state', 'up-to-date', { timeout: 30_000 });
  expect(await englishOnScreen(page)).toEqual([]);
  await page.getByTestId('welcome-close').click();

  // The lessons are the Polish ones: złoty, not euro.
  const cashFlow = page.getByTestId('lesson-item').filter({ hasText: 'Płynność finansowa' }).first();
  await expect(cashFlow).toBeVisible();
  // Every lesson we ship is there in Polish (a lesson a tutor published only in English would be shown, marked).
  expect(await englishOnScreen(page, [...SHIPPED_ENGLISH_TITLES, 'Mini-learning toolbox'])).toEqual([]);
  await expect.poll(async () => (await readAsUser(request, owner, userDbName(owner.name), 'settings'))?.['language']).toBe('pl');
  await waitForServiceWorker(page);

  await context.setOffline(true);
  await page.reload({ waitUntil: 'load' });
  await expect(cashFlow).toBeVisible();
  await cashFlow.click();
  await expect(page.getByTestId('lesson-card')).toContainText('zł');
  expect(await englishOnScreen(page, ['Profit is not the same as cash'])).toEqual([]);
  await finishOpenLesson(page);
  expect(await englishOnScreen(page)).toEqual([]);
  await expect(page.getByTestId('sync-indicator').last()).toHaveAttribute('data-state', 'offline');

  await context.setOffline(false);
  await expect
    .poll(async () => (await readAsUser(request, owner, userDbName(owner.name), 'progress:lesson:cash-flow-basics-pl'))?.['status'], {
      timeout: 30_000,
    })
    .toBe('completed');
  await context.close();
});
