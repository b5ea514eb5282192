import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** WCAG 2.2 A and AA, as axe-core tests them. */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** No critical or serious violation on the screen as it is now; the rest are listed for the record. */
export async function accessible(page: Page, screen: string): Promise<void> {
  // A page still fading in measures lighter colours than it has: wait until every shown page is fully there.
  await page.waitForFunction(() => {
    const shown = [...document.querySelectorAll('.ion-page:not(.ion-page-hidden)')];
    const opaque = (element: Element) => {
      for (let at: Element | null = element; at; at = at.parentElement) if (getComputedStyle(at).opacity !== '1') return false;
      return true;
    };
    return document.getAnimations().every((animation) => animation.playState !== 'running') && shown.every(opaque);
  });
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  const grave = results.violations
    .filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')
    .map((violation) => {
      const where = violation.nodes
        .slice(0, 3)
        .map((node) => `${node.target.join(' ')} (${(node.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)})`);
      return `${violation.impact} ${violation.id}: ${where.join(' | ')}`;
    });
  expect(grave, `${screen}: critical or serious accessibility violations`).toEqual([]);
}
