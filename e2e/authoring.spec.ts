import path from 'node:path';
import { expect, test } from '@playwright/test';
import { OWNER, fillField, readAsUser, signIn, waitForServiceWorker } from './journeys';

const TUTOR = { name: 'mary', password: 'tutor-2026' };
const PHOTO = path.resolve(__dirname, '../sync-server/seed-content/media/pricing-for-profit.webp');

test('a tutor writes a lesson with a photo offline, publishes it on reconnecting, and an owner sees it', async ({
  page,
  context,
  browser,
  request,
}) => {
  await signIn(page, TUTOR);
  await waitForServiceWorker(page);
  await context.setOffline(true);

  await page.getByTestId('open-studio').click();
  await page.getByTestId('new-lesson').click();
  await expect(page).toHaveURL(/\/learn\/studio\/draft:/);
  const title = `Price a celebration cake ${Date.now()}`;
  await fillField(page, 'draft-title', title);
  await fillField(page, 'draft-summary', 'Quote a price that pays for your time, not only the ingredients.');
  await fillField(page.getByTestId('card-editor-1'), 'card-body', 'Write down every ingredient for one cake and what it costs you.');

  await page.getByTestId('add-image').click();
  const pictureCard = page.getByTestId('card-editor-2');
  await pictureCard.getByTestId('picture-file').setInputFiles(PHOTO);
  await expect(pictureCard.getByTestId('file-waiting')).toContainText('uploads when you are online');
  await expect(pictureCard.locator('img')).toHaveJSProperty('complete', true);
  await fillField(pictureCard, 'card-alt', 'A price tag on a cake stand, next to a notebook of costs.');

  await page.getByTestId('add-action').click();
  await fillField(
    page.getByTestId('card-editor-3'),
    'card-body',
    'Price your next order with time and margin, and write down what you charged.',
  );
  await expect(page.getByTestId('draft-problems')).toHaveCount(0);

  // The preview plays the draft from the device, photo included, with no network.
  await page.getByTestId('preview-draft').click();
  await page.getByRole('button', { name: 'Next' }).click();
  const previewPhoto = page.getByTestId('lesson-card').locator('img');
  await expect(previewPhoto).toHaveAttribute('src', /^blob:/);
  expect(await previewPhoto.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Back to editing' }).click();

  await page.getByTestId('publish-draft').click();
  await expect(page.getByTestId('draft-status')).toContainText('Publishing');
  await expect(page.getByTestId('draft-status')).toContainText('as soon as 1 file has reached the server');

  await context.setOffline(false);
  await expect(page.getByTestId('card-editor-2').getByTestId('file-sent')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('draft-status')).toContainText('Published', { timeout: 30_000 });
  await expect(page.getByTestId('draft-status')).toContainText('version 1');

  // Another user, on another device, finds it in the catalog and sees the photo.
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await signIn(owner, OWNER);
  await fillField(owner, 'lesson-search', title);
  await owner.getByTestId('search-result').filter({ hasText: title }).click();
  await owner.getByRole('button', { name: 'Next' }).click();
  const photo = owner.getByTestId('lesson-card').locator('img');
  await expect(photo).toHaveAttribute('alt', 'A price tag on a cake stand, next to a notebook of costs.');
  expect(await photo.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBeGreaterThan(0);
  await ownerContext.close();

  const draftId = decodeURIComponent(page.url().split('/').pop()!);
  const draft = await readAsUser(request, TUTOR, 'authoring', draftId);
  const lesson = await readAsUser(request, OWNER, 'catalog', String(draft?.['lessonId']));
  expect(lesson?.['version']).toBe(1);
  expect(lesson?.['author']).toBe('mary');

  // Edited and published again: version 2 is what learners get.
  const revised = 'Write down every ingredient for one cake, what it costs you, and the hours it takes.';
  await fillField(page.getByTestId('card-editor-1'), 'card-body', revised);
  await page.getByTestId('publish-draft').click();
  await expect(page.getByTestId('draft-status')).toContainText('Published', { timeout: 30_000 });
  await expect(page.getByTestId('draft-status')).toContainText('version 2');
  await expect(page.getByTestId('sync-indicator').filter({ visible: true }).first()).not.toContainText('refused');
  const ownerAgain = await browser.newContext();
  const ownerPage = await ownerAgain.newPage();
  await signIn(ownerPage, OWNER);
  await ownerPage.goto(`/learn/lesson/${encodeURIComponent(String(draft?.['lessonId']))}`);
  // The lesson opens where the owner left it (the photo card, if that progress reached the server first).
  await expect(ownerPage.getByTestId('lesson-card')).toContainText(/Card [12] of 3/);
  if ((await ownerPage.getByTestId('lesson-card').innerText()).includes('Card 2 of 3'))
    await ownerPage.getByRole('button', { name: 'Previous' }).click();
  await expect(ownerPage.getByTestId('lesson-card')).toContainText(revised);
  await ownerAgain.close();
  expect((await readAsUser(request, OWNER, 'catalog', String(draft?.['lessonId'])))?.['version']).toBe(2);
});
