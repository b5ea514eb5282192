import { expect, test, type Browser, type Page } from '@playwright/test';
import { accessible } from './accessible';
import { fillField, newOwner, signIn } from './journeys';

const FACILITATOR = { name: 'piotr', password: 'facilitator-2026' };
const TUTOR = { name: 'mary', password: 'tutor-2026' };
const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true };

/** A phone whose own language is `language` (the app takes it at first start). */
async function phoneIn(browser: Browser, language: string): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, locale: language });
  return context.newPage();
}

for (const language of ['en', 'pl']) {
  test(`every main screen has no critical or serious WCAG 2.2 AA violation (${language})`, async ({ browser, request }) => {
    test.setTimeout(240_000);
    const owner = await phoneIn(browser, language);
    await owner.goto('/', { waitUntil: 'load' });
    await expect(owner).toHaveURL(/\/sign-in$/);
    await expect(owner.locator('html')).toHaveAttribute('lang', language);
    await accessible(owner, 'sign-in');
    await owner.goto('/sign-up');
    await expect(owner.getByTestId('sign-up-submit')).toBeVisible();
    await accessible(owner, 'sign-up');

    await signIn(owner, await newOwner(request, 'axe'));
    await expect(owner.getByTestId('lesson-item').first()).toBeVisible();
    await accessible(owner, 'learn');
    await owner.getByTestId('needs-open').click();
    await expect(owner.getByTestId('needs-form')).toBeVisible();
    await accessible(owner, 'needs check-in');
    await owner.getByTestId('needs-later').click();
    await expect(owner.getByTestId('lesson-item').first()).toBeVisible();
    await owner.getByTestId('lesson-item').first().click();
    await expect(owner.getByTestId('lesson-card')).toBeVisible();
    await accessible(owner, 'lesson text card');
    const position = owner.locator('app-lesson-page .position');
    while (!(await owner.locator('app-quiz-card fieldset').isVisible())) {
      const before = await position.textContent();
      await owner.locator('app-lesson-page ion-footer ion-button').last().click();
      await expect(position).not.toHaveText(before ?? '');
    }
    await accessible(owner, 'quiz card');
    await owner.locator('app-lesson-page').getByTestId('back').click();

    await owner.locator('ion-tab-button[tab="community"]').click();
    await expect(owner.locator('app-community-page')).toBeVisible();
    await accessible(owner, 'community');
    await owner.locator('app-community-page').getByTestId('ask').click();
    await expect(owner.getByTestId('ask-title')).toBeVisible();
    await accessible(owner, 'composer');
    await fillField(owner, 'ask-title', `Deposits for big orders? ${language} ${Date.now()}`);
    await fillField(owner, 'ask-body', 'Do you ask for a deposit before you buy the ingredients?');
    await owner.getByTestId('ask-submit').click();
    await expect(owner.locator('app-thread-page').getByTestId('thread-title')).toBeVisible();
    await accessible(owner, 'thread');

    await owner.locator('ion-tab-button[tab="workshops"]').click();
    await expect(owner.getByTestId('join-input')).toBeVisible();
    await accessible(owner, 'workshops (owner)');
    await owner.locator('ion-tab-button[tab="me"]').click();
    await expect(owner.getByTestId('sign-out')).toBeVisible();
    await accessible(owner, 'me');
    await owner.context().close();

    const facilitator = await phoneIn(browser, language);
    await signIn(facilitator, FACILITATOR);
    await facilitator.locator('ion-tab-button[tab="workshops"]').click();
    await expect(facilitator.getByTestId('create-cohort')).toBeVisible();
    await accessible(facilitator, 'workshops (facilitator)');
    await fillField(facilitator, 'cohort-title', `Accessible cohort ${language} ${Date.now()}`);
    await facilitator.getByTestId('create-cohort').click();
    await expect(facilitator).toHaveURL(/\/workshops\/cohort\/cohort:/);
    await fillField(facilitator, 'enrol-name', 'ania');
    await facilitator.getByTestId('enrol').click();
    await expect(facilitator.locator('[data-testid="attendance-row"][data-owner="ania"]')).toBeVisible();
    await accessible(facilitator, 'attendance sheet');
    await facilitator.context().close();

    const tutor = await phoneIn(browser, language);
    await signIn(tutor, TUTOR);
    await tutor.getByTestId('open-studio').click();
    await expect(tutor.getByTestId('new-lesson')).toBeVisible();
    await accessible(tutor, 'authoring studio');
    await tutor.getByTestId('new-lesson').click();
    await expect(tutor).toHaveURL(/\/learn\/studio\/draft:/);
    await accessible(tutor, 'lesson editor');
    await tutor.context().close();
  });
}

test('a select speaks the language just chosen: its name, and the buttons of its list', async ({ browser, request }) => {
  const page = await phoneIn(browser, 'en');
  await page.goto('/sign-up', { waitUntil: 'load' });
  const country = page.getByTestId('sign-up-country');
  await expect(country.getByRole('button', { name: /^Country network/ })).toBeVisible();
  await page.getByTestId('language-choice').click();
  await page.locator('ion-popover ion-item', { hasText: 'Polski' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
  // Its label is in its label slot (so that it can wrap): the name read out must follow the text shown.
  await expect(country).toContainText('Sieć krajowa');
  await expect(country.getByRole('button', { name: /^Sieć krajowa/ })).toBeVisible();

  await page.context().close();

  // The language on the Me screen opens a list with buttons of its own (they said "Cancel").
  const owner = await phoneIn(browser, 'pl');
  await signIn(owner, await newOwner(request, 'jezyk'));
  await owner.locator('ion-tab-button[tab="me"]').click();
  await owner.locator('app-me-page ion-select').click();
  const list = owner.locator('ion-alert');
  await expect(list.getByRole('button', { name: 'Anuluj' })).toBeVisible();
  await expect(list).not.toContainText('Cancel');
  await owner.context().close();
});
