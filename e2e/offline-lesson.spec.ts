import { expect, test } from '@playwright/test';
import { OWNER, finishOpenLesson, readAsUser, signIn, userDbName, waitForServiceWorker } from './journeys';

test('a lesson opened online works offline, and finishing it offline reaches the server on reconnect', async ({
  page,
  context,
  request,
}) => {
  await signIn(page, OWNER);
  const lessons = page.getByTestId('lesson-item');
  await expect(lessons.filter({ hasText: 'Cash flow' }).first()).toBeVisible();
  await waitForServiceWorker(page);
  await expect(page.getByTestId('sync-indicator').first()).toHaveAttribute('data-state', 'up-to-date');
  // The install fetched the app shell.
  const installed = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      if (name.includes(':assets:')) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
  expect(installed).toContain('/index.html');

  await context.setOffline(true);
  await page.reload({ waitUntil: 'load' });
  await expect(lessons.filter({ hasText: 'Cash flow' }).first()).toBeVisible();
  await expect(page.getByTestId('sync-indicator').first()).toHaveAttribute('data-state', 'offline');

  await lessons.filter({ hasText: 'Cash flow' }).first().click();
  const card = page.getByTestId('lesson-card');
  await expect(card).toBeVisible();
  await finishOpenLesson(page);
  const indicator = page.getByTestId('sync-indicator').last();
  await expect(indicator).toContainText('waiting to send');

  const progressId = 'progress:lesson:cash-flow-basics';
  expect(await readAsUser(request, OWNER, userDbName(OWNER.name), progressId)).toBeNull();

  await context.setOffline(false);
  await expect
    .poll(async () => (await readAsUser(request, OWNER, userDbName(OWNER.name), progressId))?.['status'], { timeout: 30_000 })
    .toBe('completed');
  await expect(indicator).toHaveAttribute('data-state', 'up-to-date');
});
