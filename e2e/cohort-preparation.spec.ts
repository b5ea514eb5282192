import { expect, test } from '@playwright/test';
import { fillField, finishOpenLesson, newOwner, readAsUser, signIn, userDbName, waitForServiceWorker } from './journeys';

const FACILITATOR = { name: 'piotr', password: 'facilitator-2026' };

test("a facilitator names a session's preparation lesson and sees who of the cohort has done it", async ({ page, browser, request }) => {
  const owner = await newOwner(request, 'prep');
  await signIn(page, FACILITATOR);
  await page.locator('ion-tab-button[tab="workshops"]').click();
  await fillField(page, 'cohort-title', `Prepared cohort ${Date.now()}`);
  await page.getByTestId('create-cohort').click();
  await expect(page).toHaveURL(/\/workshops\/cohort\/cohort:/);
  await fillField(page, 'enrol-name', owner.name);
  await page.getByTestId('enrol').click();
  await expect(page.getByTestId('preparation')).toContainText('No preparation lesson is set for this session.');
  await page.getByTestId('preparation-lesson').click();
  await page.locator('ion-popover ion-item', { hasText: 'How adults learn' }).click();

  // The count comes from the server, once the cohort has reached it and the projector has counted:
  // asked again until then, as a facilitator would.
  const countedAsked = async (list: 'prepared' | 'not-prepared') =>
    expect(async () => {
      await page.getByTestId('preparation-refresh').click();
      await expect(page.getByTestId(list)).toContainText(owner.name, { timeout: 2000 });
    }).toPass({ timeout: 30_000 });
  await countedAsked('not-prepared');
  await expect(page.getByTestId('prepared')).toContainText('Nobody yet');

  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signIn(ownerPage, owner);
  await ownerPage.goto('/learn/lesson/lesson:how-adults-learn');
  await finishOpenLesson(ownerPage);
  // Stored on the phone first: the facilitator can see it once it has reached the server.
  await expect
    .poll(async () => (await readAsUser(request, owner, userDbName(owner.name), 'progress:lesson:how-adults-learn'))?.['status'])
    .toBe('completed');
  await ownerContext.close();

  await countedAsked('prepared');
  await expect(page.getByTestId('not-prepared')).toContainText('Nobody yet');
  await expect(page.getByTestId('preparation-checked')).toContainText(/^Last checked .+ at .+\.$/);

  // At the venue with no network, the app started again: the last answer, with when it was checked.
  await waitForServiceWorker(page);
  await page.context().setOffline(true);
  await page.reload();
  await expect(page.getByTestId('prepared')).toContainText(owner.name);
  await expect(page.getByTestId('preparation-checked')).toContainText('Last checked');
  await page.context().setOffline(false);
});
