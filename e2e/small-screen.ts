import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';

/** The most common width of cheap Android phones, with touch. */
const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true };

/**
 * Text that runs off the side of the screen: elements holding text whose box leaves the viewport,
 * unless a container that scrolls sideways on purpose holds them; and text cut short with an
 * ellipsis, in the page or inside a component's shadow DOM (as Ionic's title cut "What do y…").
 * Ionic sizes its text in rem, so the root font size stands for the phone's text size setting.
 */
function cutText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const shortened: string[] = [];
    const visit = (root: Document | ShadowRoot): void => {
      for (const element of root.querySelectorAll('*')) {
        if (element.shadowRoot) visit(element.shadowRoot);
        const style = getComputedStyle(element);
        // An ellipsis is drawn only where the overflow is hidden.
        if (style.textOverflow !== 'ellipsis' || style.overflowX === 'visible' || element.scrollWidth <= element.clientWidth + 1) continue;
        const host = element.getRootNode() instanceof ShadowRoot ? (element.getRootNode() as ShadowRoot).host : element;
        const where = host === element ? '' : ` (${element.tagName.toLowerCase()}.${[...element.classList].join('.')} inside)`;
        shortened.push(
          `${host.tagName.toLowerCase()}.${[...host.classList].join('.')}${where} "${(element.textContent!.trim() || host.textContent!.trim()).slice(0, 40)}" cut short`,
        );
      }
    };
    visit(document);
    // A stacked label of two lines must not lie over its field's value.
    for (const field of document.querySelectorAll('ion-select, ion-input, ion-textarea')) {
      if (![...field.classList].some((name) => name.endsWith('label-placement-stacked'))) continue;
      const inside = field.shadowRoot ?? field;
      const label = inside.querySelector('.label-text-wrapper')?.getBoundingClientRect();
      // The box the value is written in (an empty select's text has no height).
      const value = inside.querySelector('.native-wrapper')?.getBoundingClientRect();
      if (label && value && label.height > 0 && value.height > 0 && label.bottom > value.top + 1)
        shortened.push(`${field.tagName.toLowerCase()} "${field.textContent!.trim().slice(0, 40)}": its label lies over its value`);
    }
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
    return [...cut, ...shortened];
  });
}

export async function phone(browser: Browser, textSize: number, pseudo: boolean): Promise<Page> {
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
export async function looked(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  // Animations and late images settle before the picture is taken.
  await page.waitForLoadState('load');
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // Ionic's page transitions run as Web Animations: the picture is of the screen, not of two screens crossing.
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  const file = testInfo.outputPath(`${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  expect(await cutText(page), `${name}: text cut off at the side`).toEqual([]);
  // Icons come from addIcons() only: the build ships no icon files to fetch by name.
  await expect.poll(() => undrawnIcons(page), { message: `${name}: icons not drawn` }).toEqual([]);
}

/** The names of visible icons with no picture inside. */
function undrawnIcons(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('ion-icon')]
      .filter((icon) => icon.checkVisibility() && !icon.shadowRoot?.querySelector('svg'))
      .map((icon) => icon.getAttribute('name') ?? icon.outerHTML.slice(0, 80)),
  );
}
