import { expect, test } from '@playwright/test';
import { finishOpenLesson, readAsUser, signIn, userDbName, waitForServiceWorker } from './journeys';

const PIOTR = { name: 'piotr', password: 'facilitator-2026' };

test('download a programme, then with no network play a lesson with narration to the end and answer it; progress arrives later', async ({ page, context, request }) => {
  await signIn(page, PIOTR);
  const pack = page.getByTestId('pack-control').first();
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
    .poll(async () => (await readAsUser(request, PIOTR, userDbName('piotr'), 'progress:lesson:online-selling-first-steps'))?.['status'], { timeout: 30_000 })
    .toBe('completed');
});
