import { expect, test, type Locator, type Page } from '@playwright/test';
import { fillField, signIn } from './journeys';

const FACILITATOR = { name: 'piotr', password: 'facilitator-2026' };
const COORDINATOR = { name: 'eva', password: 'coordinator-2026' };

function row(page: Page, owner: string): Locator {
  return page.locator('app-cohort-page').locator(`[data-testid="attendance-row"][data-owner="${owner}"]`);
}

async function statusOf(page: Page, owner: string): Promise<string | null> {
  return row(page, owner).locator('ion-button[aria-pressed="true"]').getAttribute('data-testid');
}

test('two facilitators mark offline, disagree about one owner, converge on one sheet and settle it', async ({ page, browser }) => {
  await signIn(page, FACILITATOR);
  await page.locator('ion-tab-button[tab="workshops"]').click();
  const title = `Spring cohort ${Date.now()}`;
  await fillField(page, 'cohort-title', title);
  await page.getByTestId('create-cohort').click();
  await expect(page).toHaveURL(/\/workshops\/cohort\/cohort:/);
  for (const owner of ['ania', 'sofia']) {
    await fillField(page, 'enrol-name', owner);
    await page.getByTestId('enrol').click();
    await expect(row(page, owner)).toBeVisible();
  }
  const cohortPath = new URL(page.url()).pathname;

  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, COORDINATOR);
  await other.goto(cohortPath);
  await expect(row(other, 'sofia')).toBeVisible({ timeout: 30_000 });

  // No network in the venue: each marks on their own device, and they disagree about ania.
  await page.context().setOffline(true);
  await otherContext.setOffline(true);
  await row(page, 'ania').getByTestId('mark-present').click();
  await row(page, 'sofia').getByTestId('mark-late').click();
  await expect(page.getByTestId('attendance-count')).toContainText('2 of 2 marked');
  await row(other, 'ania').getByTestId('mark-absent').click();
  await other.getByTestId('mark-all').click();
  await expect(other.getByTestId('attendance-count')).toContainText('1 present');

  await page.context().setOffline(false);
  await otherContext.setOffline(false);
  // One rule decides each person on both devices: the latest mark (eva's, made after piotr's).
  for (const device of [page, other]) {
    await expect.poll(() => statusOf(device, 'ania'), { timeout: 30_000 }).toBe('mark-absent');
    await expect.poll(() => statusOf(device, 'sofia'), { timeout: 30_000 }).toBe('mark-present');
    await expect(row(device, 'ania').getByTestId('disagreement')).toContainText('piotr marked Present on another device');
    await expect(row(device, 'sofia').getByTestId('disagreement')).toContainText('piotr marked Late');
  }

  // piotr settles ania: she was there. Both sheets agree and the question is gone.
  await row(page, 'ania').getByRole('button', { name: 'It was Present' }).click();
  for (const device of [page, other]) {
    await expect.poll(() => statusOf(device, 'ania'), { timeout: 30_000 }).toBe('mark-present');
    await expect(row(device, 'ania').getByTestId('disagreement')).toHaveCount(0);
  }
  await otherContext.close();
});
