import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { OWNER, fillField, signIn } from './journeys';

const FACILITATOR = { name: 'piotr', password: 'facilitator-2026' };
/** The most common width of cheap Android phones, with touch. */
const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true };

/**
 * Text that runs off the side of the screen: elements holding text whose box leaves the viewport,
 * unless a container that scrolls sideways on purpose holds them. Ionic sizes its text in rem, so the
 * root font size stands for the phone's text size setting.
 */
function cutText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const scrollsSideways = (element: Element | null): boolean => {
      for (let at = element; at; at = at.parentElement) {
        const overflow = getComputedStyle(at).overflowX;
        if (overflow === 'auto' || overflow === 'scroll') return true;
      }
      return false;
    };
    const cut: string[] = [];
    for (const element of document.querySelectorAll('body *')) {
      const own = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '');
      if (!own) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(element).visibility === 'hidden') continue;
      if ((box.right > width + 1 || box.left < -1) && !scrollsSideways(element.parentElement))
        cut.push(`${element.tagName.toLowerCase()} "${element.textContent!.trim().slice(0, 40)}"`);
    }
    return cut;
  });
}

async function phone(browser: Browser, textSize: number, pseudo: boolean): Promise<Page> {
  const context = await browser.newContext(PHONE);
  if (textSize !== 1)
    await context.addInitScript(
      (size) => document.addEventListener('DOMContentLoaded', () => (document.documentElement.style.fontSize = `${size * 100}%`)),
      textSize,
    );
  // Every message accented and 40 % longer, as the longer of our languages are.
  if (pseudo) await context.addInitScript(() => localStorage.setItem('me2me.pseudo', 'on'));
  return context.newPage();
}

/** A screenshot kept with the run's results (to be looked at), and nothing cut off at the side. */
async function looked(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  // Animations and late images settle before the picture is taken.
  await page.waitForLoadState('load');
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // Ionic's page transitions run as Web Animations: the picture is of the screen, not of two screens crossing.
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  const file = testInfo.outputPath(`${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  expect(await cutText(page), `${name}: text cut off at the side`).toEqual([]);
}

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
    await owner.getByTestId('lesson-back').click();
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
