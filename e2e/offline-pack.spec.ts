import { expect, test } from '@playwright/test';
import { OWNER, finishOpenLesson, packOf, readAsUser, signIn, userDbName, waitForServiceWorker } from './journeys';

const PIOTR = { name: 'piotr', password: 'facilitator-2026' };

test('download a programme, then with no network play a lesson with narration to the end and answer it; progress arrives later', async ({
  page,
  context,
  request,
}) => {
  await signIn(page, PIOTR);
  const pack = packOf(page, 'Mini-learning toolbox');
  await expect(pack).toHaveAttribute('data-state', 'absent');
  await expect(pack).toContainText(/Download for offline \(\d+(\.\d)? [kM]B\)/);
  await pack.getByTestId('pack-download').click();
  await expect(pack).toHaveAttribute('data-state', 'stored', { timeout: 60_000 });
  await expect(pack).toContainText('On this phone for offline use');
  await waitForServiceWorker(page);

  await context.setOffline(true);
  await page.reload({ waitUntil: 'load' });
  await page.getByTestId('lesson-item').filter({ hasText: 'Online selling: your first steps' }).first().click();
  await page.getByRole('button', { name: 'Next' }).click();
  const audio = page.getByTestId('lesson-audio');
  await expect(audio).toHaveAttribute('src', /^blob:/);
  const played = await audio.evaluate(async (element: HTMLAudioElement) => {
    element.playbackRate = 4;
    await element.play();
    await new Promise((resolve) => element.addEventListener('ended', resolve, { once: true }));
    return element.currentTime;
  });
  expect(played).toBeGreaterThan(10);

  await finishOpenLesson(page);

  await context.setOffline(false);
  await expect
    .poll(async () => (await readAsUser(request, PIOTR, userDbName('piotr'), 'progress:lesson:online-selling-first-steps'))?.['status'], {
      timeout: 30_000,
    })
    .toBe('completed');

  // Signing out leaves nothing of piotr's on the phone, and his session ends on the server too.
  const cookies = (await context.cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  await page.locator('app-lesson-page').getByTestId('back').click();
  await page.locator('ion-tab-button[tab="me"]').click();
  await page.getByTestId('sign-out').click();
  await page.locator('.sign-out-confirm').click();
  await expect(page).toHaveURL(/\/sign-in$/);
  const left = await page.evaluate(async () => ({
    caches: await caches.keys(),
    databases: (await indexedDB.databases()).map((database) => database.name ?? ''),
  }));
  expect(left.caches.filter((name) => /me2me-media|me2me-uploads|:data:lesson-media:/.test(name))).toEqual([]);
  expect(left.databases.filter((name) => name.includes('me2me-70696f7472'))).toEqual([]);
  const replayed = await request.get('/couch/_session', { headers: { cookie: cookies } });
  expect((await replayed.json()).userCtx.name).toBeNull();

  // The next person on this phone finds no programme "On this phone".
  await signIn(page, OWNER);
  await expect(packOf(page, 'Mini-learning toolbox')).toHaveAttribute('data-state', 'absent');
});
