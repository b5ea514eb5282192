import { expect, test } from '@playwright/test';
import { OWNER, fillField, signIn } from './journeys';
import { looked, phone } from './small-screen';

const FACILITATOR = { name: 'piotr', password: 'facilitator-2026' };
for (const { textSize, pseudo } of [
  { textSize: 1, pseudo: false },
  { textSize: 2, pseudo: false },
  { textSize: 1, pseudo: true },
]) {
  const variant = `${textSize * 100} % text${pseudo ? ', messages 40 % longer' : ''}`;
  test(`every screen at 360 px with ${variant}: nothing runs off the side`, async ({ browser }, testInfo) => {
    test.setTimeout(180_000);
    const label = (screen: string) => `${screen} at ${textSize * 100}%${pseudo ? ' pseudo' : ''}`;
    const owner = await phone(browser, textSize, pseudo);
    await signIn(owner, OWNER);
    await expect(owner.getByTestId('lesson-item').first()).toBeVisible();
    await looked(owner, testInfo, label('learn'));
    await owner.getByTestId('needs-open').click();
    await expect(owner.getByTestId('needs-form')).toBeVisible();
    await looked(owner, testInfo, label('needs check-in'));

    await owner.goto('/learn/lesson/lesson:cash-flow-basics');
    await expect(owner.getByTestId('lesson-card')).toBeVisible();
    await looked(owner, testInfo, label('lesson card'));
    const position = owner.locator('app-lesson-page .position');
    while (!(await owner.locator('app-quiz-card fieldset').isVisible())) {
      const before = await position.textContent();
      await owner.locator('app-lesson-page ion-footer .nav ion-button').last().click();
      await expect(position).not.toHaveText(before ?? '');
    }
    await looked(owner, testInfo, label('quiz'));
    // Inside a lesson there is no tab bar: its back button leads out.
    await expect(owner.locator('ion-tab-bar')).toBeHidden();
    await owner.locator('app-lesson-page').getByTestId('back').click();
    await owner.locator('ion-tab-button[tab="community"]').click();
    await owner.locator('app-community-page').getByTestId('ask').click();
    await fillField(owner, 'ask-title', `How do you price a wedding cake? ${Date.now()}`);
    await fillField(owner, 'ask-body', 'I never know how much to charge for the decoration hours.');
    await owner.getByTestId('ask-submit').click();
    await expect(owner.locator('app-thread-page').getByTestId('thread-title')).toBeVisible();
    await looked(owner, testInfo, label('thread'));
    await owner.locator('ion-tab-button[tab="community"]').click();
    await expect(owner.locator('app-community-page').getByTestId('thread-item').first()).toBeVisible();
    await looked(owner, testInfo, label('community'));

    await owner.locator('ion-tab-button[tab="workshops"]').click();
    await expect(owner.locator('app-workshops-page')).toBeVisible();
    await looked(owner, testInfo, label('workshops (owner)'));
    await owner.locator('ion-tab-button[tab="me"]').click();
    await expect(owner.getByTestId('sign-out')).toBeVisible();
    await looked(owner, testInfo, label('me'));
    // Offline, the same screens say so, and still fit.
    await owner.context().setOffline(true);
    await expect(owner.getByTestId('sync-indicator').last()).toHaveAttribute('data-state', 'offline');
    await looked(owner, testInfo, label('me offline'));
    await owner.locator('ion-tab-button[tab="learn"]').click();
    await expect(owner.getByTestId('lesson-item').first()).toBeVisible();
    await looked(owner, testInfo, label('learn offline'));
    await owner.context().close();

    const facilitator = await phone(browser, textSize, pseudo);
    await signIn(facilitator, FACILITATOR);
    await facilitator.locator('ion-tab-button[tab="workshops"]').click();
    await fillField(facilitator, 'cohort-title', `Bakers of Kraków, spring ${Date.now()}`);
    await facilitator.getByTestId('create-cohort').click();
    await expect(facilitator).toHaveURL(/\/workshops\/cohort\/cohort:/);
    for (const name of ['ania', 'sofia']) {
      await fillField(facilitator, 'enrol-name', name);
      await facilitator.getByTestId('enrol').click();
      await expect(facilitator.locator(`[data-testid="attendance-row"][data-owner="${name}"]`)).toBeVisible();
    }
    await looked(facilitator, testInfo, label('attendance sheet'));
    await facilitator.context().close();
  });
}
