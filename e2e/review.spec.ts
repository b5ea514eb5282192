import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readAsUser, signIn, signedInHeaders, userDbName } from './journeys';

const lesson = JSON.parse(readFileSync(path.resolve(__dirname, '../sync-server/seed-content/lessons/cash-flow-basics.json'), 'utf8'));
const quizIndex: number = lesson.cards.findIndex((card: { kind: string }) => card.kind === 'quiz');
const quiz = lesson.cards[quizIndex];
const wrong: string = quiz.options.find((o: { correct: boolean }) => !o.correct).text;
const right: string = quiz.options.find((o: { correct: boolean }) => o.correct).text;

const JONAS = { name: 'jonas', password: 'plumbing-2026' };

test('a missed question comes back the next day when "I have 2 minutes"', async ({ page, request }) => {
  await signIn(page, JONAS);
  await page.getByTestId('lesson-item').filter({ hasText: lesson.title }).first().click();
  for (let card = 0; card < quizIndex; card++) await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText(wrong, { exact: true }).click();
  await page.getByRole('button', { name: 'Check answer' }).click();
  await expect(page.getByTestId('quiz-verdict')).toHaveText('Not quite.');

  // The miss is scheduled for tomorrow and reaches the server.
  const reviewId = `review:${lesson.id}:${quizIndex}`;
  await expect
    .poll(async () => (await readAsUser(request, JONAS, userDbName('jonas'), reviewId))?.['dueAt'], { timeout: 30_000 })
    .toBeTruthy();
  const scheduled = (await readAsUser(request, JONAS, userDbName('jonas'), reviewId))!;
  const hoursAhead = (Date.parse(String(scheduled['dueAt'])) - Date.now()) / 3600_000;
  expect(hoursAhead).toBeGreaterThan(23);
  expect(hoursAhead).toBeLessThan(25);

  // A day passes (written through the API as the user's other device would), and the app pulls it.
  const yesterday = new Date(Date.now() - 3600_000).toISOString();
  const moved = await request.put(`/couch/${userDbName('jonas')}/${encodeURIComponent(reviewId)}`, {
    headers: { ...(await signedInHeaders(request, JONAS)), 'content-type': 'application/json' },
    data: { ...scheduled, dueAt: yesterday, updatedAt: new Date().toISOString() },
  });
  expect(moved.status()).toBe(201);
  await page.getByRole('button', { name: 'Back: Learn' }).click();
  await page.getByTestId('minutes-2').click();
  await expect(page.getByTestId('minutes-pick')).toContainText('Review 1 question you missed');
  await page.getByTestId('minutes-pick').getByRole('button', { name: 'Go' }).click();
  await expect(page.getByText(quiz.question)).toBeVisible();
  await page.getByText(right, { exact: true }).click();
  await page.getByRole('button', { name: 'Check answer' }).click();
  await expect(page.getByTestId('quiz-verdict')).toHaveText('Right!');
  await page.getByTestId('review-next').click();
  await expect(page.getByText('Review done')).toBeVisible();
});
