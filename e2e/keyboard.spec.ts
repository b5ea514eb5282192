import { expect, test, type Page } from '@playwright/test';
import { fillField, newOwner, signIn } from './journeys';

const FACILITATOR = { name: 'piotr', password: 'facilitator-2026' };

/** What has the keyboard focus, through shadow roots: its own test id or that of the nearest element around it that has one. */
function focused(page: Page): Promise<{ testId: string | null; tag: string; visible: boolean } | null> {
  return page.evaluate(() => {
    let element: Element | null = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element || element === document.body) return null;
    // A visible focus: the browser shows its ring (:focus-visible) on the element or on the host it belongs to.
    let visible = false;
    let testId: string | null = null;
    for (let at: Element | null = element; at; at = at.parentElement ?? (at.getRootNode() as ShadowRoot).host ?? null) {
      if (at.matches(':focus-visible')) visible = true;
      testId ??= at.getAttribute('data-testid');
    }
    return { testId, tag: element.tagName.toLowerCase(), visible };
  });
}

/** Presses Tab until the focus is on (or inside) the element with this test id; fails after `max` presses. */
async function tabTo(page: Page, testId: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await focused(page))?.testId === testId) return;
  }
  throw new Error(`Tab never reached ${testId}`);
}

/** The focus is somewhere on the page (not dropped to the body) and shown. */
async function focusKept(page: Page, where: string): Promise<void> {
  const now = await focused(page);
  expect(now, `${where}: the focus was lost`).not.toBeNull();
  expect(now!.visible, `${where}: the focus is not shown (${now!.tag} ${now!.testId})`).toBe(true);
}

test('with the keyboard alone: a lesson with its quiz, a reply in a thread, and taking attendance', async ({ browser, request }) => {
  test.setTimeout(150_000);
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await signIn(page, await newOwner(request, 'keys'));
  await expect(page.getByTestId('lesson-item').first()).toBeVisible();

  // Learn: Tab to a lesson, Enter opens it; the arrows move between cards and the focus stays on the card.
  await tabTo(page, 'lesson-item');
  await focusKept(page, 'a lesson in the list');
  await page.keyboard.press('Enter');
  const position = page.locator('app-lesson-page .position');
  await expect(position).toBeVisible();
  while (!(await page.locator('app-quiz-card fieldset').isVisible())) {
    const before = await position.textContent();
    await page.keyboard.press('ArrowRight');
    await expect(position).not.toHaveText(before ?? '');
    await expect.poll(async () => (await focused(page))?.tag, { message: 'the new card takes the focus' }).toBe('p');
  }

  // The quiz: Tab into the options, Space chooses, Tab on to "Check answer", Enter checks; the verdict gets the focus.
  await page.keyboard.press('Tab');
  expect((await focused(page))?.tag).toBe('input');
  await focusKept(page, 'the first option');
  await page.keyboard.press('Space');
  await expect(page.locator('app-quiz-card input:checked')).toHaveCount(1);
  await expect(page.getByTestId('check-answer')).toBeEnabled();
  await tabTo(page, 'check-answer');
  await focusKept(page, 'Check answer');
  await page.keyboard.press('Enter');
  await expect(page.locator('app-quiz-card .verdict')).not.toBeEmpty();
  await expect.poll(async () => (await page.evaluate(() => document.activeElement?.classList.contains('verdict'))) ?? false).toBe(true);

  // On to the end with the arrows (a missed answer may be tried again: the arrows still move on), and Finish with Enter.
  await page.locator('app-lesson-page .position').focus();
  while (!(await page.getByTestId('finish-lesson').isVisible())) {
    const before = await position.textContent();
    await page.keyboard.press('ArrowRight');
    await expect(position).not.toHaveText(before ?? '');
    if (await page.locator('app-quiz-card fieldset').isVisible()) {
      // Another question: skipped with the arrow from the card, as from a text card.
      await page.locator('app-lesson-page .position').focus();
    }
  }
  await tabTo(page, 'finish-lesson');
  await focusKept(page, 'Finish');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson-done')).toBeVisible();
  await focusKept(page, 'the end of the lesson');

  // A reply in a thread: Tab to the answer box, type, Tab to Send, Enter.
  await page.goto('/community/ask');
  await fillField(page, 'ask-title', `Keyboard question ${Date.now()}`);
  await fillField(page, 'ask-body', 'Asked without a mouse.');
  await page.getByTestId('ask-submit').click();
  await expect(page.locator('app-thread-page').getByTestId('thread-title')).toBeVisible();
  await tabTo(page, 'answer');
  await page.keyboard.type('Answered with the keyboard alone.');
  await tabTo(page, 'send-answer');
  await focusKept(page, 'Send');
  await page.keyboard.press('Enter');
  await expect(page.locator('app-thread-page')).toContainText('Answered with the keyboard alone.');
  await page.context().close();

  // Attendance: Tab to a person's "Present", Space marks it.
  const facilitator = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await signIn(facilitator, FACILITATOR);
  await facilitator.locator('ion-tab-button[tab="workshops"]').click();
  await fillField(facilitator, 'cohort-title', `Keyboard cohort ${Date.now()}`);
  await facilitator.getByTestId('create-cohort').click();
  await expect(facilitator).toHaveURL(/\/workshops\/cohort\/cohort:/);
  await fillField(facilitator, 'enrol-name', 'ania');
  await facilitator.getByTestId('enrol').click();
  const row = facilitator.locator('[data-testid="attendance-row"][data-owner="ania"]');
  await expect(row).toBeVisible();
  await facilitator.locator('app-cohort-page [data-testid="session-when"]').click();
  await tabTo(facilitator, 'mark-present');
  await focusKept(facilitator, 'Present');
  await facilitator.keyboard.press('Space');
  await expect(row.getByTestId('mark-present')).toHaveAttribute('aria-pressed', 'true');
  await focusKept(facilitator, 'after marking');
  await facilitator.context().close();
});
