import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { OWNER, fillField, readAsUser, signIn } from './journeys';

const MODERATOR = { name: 'eva', password: 'coordinator-2026' };
const PHOTO = path.resolve(__dirname, '../sync-server/seed-content/media/getting-paid-on-time.webp');

/** The visible post texts of the open thread, in screen order. */
async function postTexts(page: Page): Promise<string[]> {
  return page.locator('app-thread-page').getByTestId('post').locator('app-rich-text').allInnerTexts();
}

async function answer(page: Page, text: string, photo?: string): Promise<void> {
  const thread = page.locator('app-thread-page');
  await fillField(thread, 'answer', text);
  if (photo) {
    const picker = thread.getByTestId('answer-photo');
    // A file that is no picture is refused in words, then the photo is taken in its place.
    await picker
      .locator('input[type=file]')
      .setInputFiles({ name: 'prices.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
    await expect(picker.getByRole('alert')).toHaveText('That file is not a picture. Choose a photo.');
    await picker.locator('input[type=file]').setInputFiles(photo);
    await expect(picker.getByRole('alert')).toHaveCount(0);
    await expect(picker.getByRole('status')).toContainText('Photo added');
  }
  await thread.getByTestId('send-answer').click();
  await expect(thread.getByTestId('answer').locator('textarea')).toHaveValue('');
}

test('two members, one offline: same thread in the same order, receipts, moderation, and a refused post that blocks nothing', async ({
  page,
  browser,
  request,
}) => {
  const title = `Deposits for custom orders? ${Date.now()}`;
  await signIn(page, OWNER);
  await page.locator('ion-tab-button[tab="community"]').click();
  await page.locator('app-community-page').getByTestId('ask').click();
  await fillField(page, 'ask-title', title);
  await fillField(page, 'ask-body', 'Customers cancel cake orders after I bought the ingredients. Do you take a deposit?');
  await page.getByTestId('ask-submit').click();
  const threadPage = page.locator('app-thread-page');
  await expect(threadPage.getByTestId('thread-title')).toHaveText(title);
  await expect(threadPage.getByTestId('thread-delivery')).toHaveAttribute('data-state', 'sent');
  const threadUrl = page.url();

  // A goes offline, asks another question and answers twice in the first; each waits, visibly.
  await page.context().setOffline(true);
  const offlineTitle = `Which card reader do you use? ${Date.now()}`;
  await page.locator('ion-tab-button[tab="community"]').click();
  await page.locator('app-community-page').getByTestId('ask').click();
  await fillField(page, 'ask-title', offlineTitle);
  await fillField(page, 'ask-body', 'Looking for one that works at markets without Wi-Fi.');
  await page.getByTestId('ask-submit').click();
  await expect(page.locator('app-thread-page').getByTestId('thread-delivery')).toHaveAttribute('data-state', 'waiting');
  await page.locator('ion-tab-button[tab="community"]').click();
  await page.locator('app-community-page').getByTestId('thread-item').filter({ hasText: title }).click();
  await expect(page).toHaveURL(threadUrl);
  await answer(page, 'I now ask for 30% when the order is placed.', PHOTO);
  await expect(threadPage.getByTestId('post-photo').locator('img')).toHaveAttribute('src', /^blob:/);
  await answer(page, 'And I write the cancellation rule on the receipt.');
  await expect(threadPage.getByTestId('delivery')).toHaveCount(2);
  for (const delivery of await threadPage.getByTestId('delivery').all()) await expect(delivery).toHaveAttribute('data-state', 'waiting');

  // B, a coordinator of the same network, answers online.
  const moderatorContext = await browser.newContext();
  const moderator = await moderatorContext.newPage();
  await signIn(moderator, MODERATOR);
  await moderator.goto(new URL(threadUrl).pathname);
  await expect(moderator.locator('app-thread-page').getByTestId('thread-title')).toHaveText(title);
  await answer(moderator, 'A deposit is normal practice; say it is non-refundable after the ingredients are bought.');

  // A reconnects: both see the same answers in the same order, and A's show they were sent.
  await page.context().setOffline(false);
  await expect.poll(() => postTexts(page), { timeout: 30_000 }).toHaveLength(3);
  await expect.poll(() => postTexts(moderator), { timeout: 30_000 }).toHaveLength(3);
  expect(await postTexts(page)).toEqual(await postTexts(moderator));
  await expect(moderator.locator('app-thread-page').getByTestId('post').first()).toContainText('30%');
  expect((await postTexts(page))[0]).toContain('30%');
  // The photo taken offline was uploaded after the reconnection, and the other member sees it.
  await expect(async () => {
    await moderator.reload();
    const photo = moderator.locator('app-thread-page').getByTestId('post-photo').locator('img');
    expect(
      await photo.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth), undefined, { timeout: 5000 }),
    ).toBeGreaterThan(0);
  }).toPass({ timeout: 30_000 });
  for (const delivery of await threadPage.getByTestId('delivery').all())
    await expect(delivery).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });
  await page.locator('ion-tab-button[tab="community"]').click();
  // Questions and answers alike (which of them went in the latest minute depends on the photo's upload: receiptOf is unit-tested).
  await expect(page.locator('app-community-page').getByTestId('receipt')).toContainText(/\d+ messages? sent at/);
  await page.goBack();

  // The moderator hides A's second answer with a reason: both see it hidden, the author sees why.
  const secondAnswer = moderator.locator('app-thread-page').getByTestId('post').nth(1);
  await secondAnswer.getByTestId('hide').click();
  await fillField(secondAnswer, 'form-hide', 'Please keep receipts advice in the bookkeeping thread.');
  await secondAnswer.getByTestId('send-hide').click();
  await expect(secondAnswer.getByTestId('hidden-note')).toContainText('bookkeeping thread');
  await expect(threadPage.getByTestId('post').nth(1).getByTestId('hidden-note')).toContainText(
    'Hidden by a moderator: Please keep receipts',
    { timeout: 30_000 },
  );

  // A post the rules refuse (too long) stays, marked with the reason, and the next one still goes.
  await answer(page, 'x'.repeat(4001));
  const refused = threadPage.getByTestId('post').filter({ has: page.locator('[data-state="refused"]') });
  await expect(refused.getByTestId('delivery')).toContainText('1 to 4000 characters');
  await answer(page, 'Thanks both, I will add the deposit rule to my order form.');
  await expect(threadPage.getByTestId('post').last().getByTestId('delivery')).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });
  await expect(refused.getByTestId('delivery')).toHaveAttribute('data-state', 'refused');
  // Fixed and sent again, it arrives.
  await fillField(refused, 'resend-text', 'Shorter now: deposits work.');
  await refused.getByTestId('resend').click();
  await expect(threadPage.getByText('Shorter now: deposits work.')).toBeVisible();
  // The question asked offline reached the network too.
  await moderator.locator('ion-tab-button[tab="community"]').click();
  await expect(moderator.locator('app-community-page').getByTestId('thread-item').filter({ hasText: offlineTitle })).toBeVisible();
  await moderatorContext.close();

  const threadId = decodeURIComponent(threadUrl.split('/').pop()!);
  expect((await readAsUser(request, OWNER, 'discussions-pl', threadId))?.['title']).toBe(title);
});
