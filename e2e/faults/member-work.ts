import { expect, type Locator, type Page } from '@playwright/test';
import { fillField } from '../journeys';
import { COHORT, ROSTER, SESSIONS_OF, STATUSES, THREAD } from './cast';
import { withWorkerState, type Device } from './device';

export type WriteKind = 'mark' | 'post' | 'lesson';

/**
 * What members do through their app's own screens (attendance marks, posts, lessons), each write
 * confirmed on the screen before it counts, and the record of every write made for the final tally.
 */
export class MemberWork {
  readonly made: Record<WriteKind, number> = { mark: 0, post: 0, lesson: 0 };
  readonly marks: { author: string; owner: string; session: number; status: string }[] = [];
  readonly posts: string[] = [];
  readonly refusedPosts: string[] = [];
  /** Taps that landed nowhere (the screen moved under them) and were made again. */
  missedTaps = 0;
  private readonly finished = new Map<string, Set<string>>();
  private serial = 0;

  constructor(
    private readonly pick: <T>(items: readonly T[]) => T,
    private readonly log: (line: string) => void,
    private readonly lessons: readonly string[],
  ) {}

  /** The lessons an owner has finished in this run. */
  finishedBy(owner: string): ReadonlySet<string> {
    return this.finished.get(owner) ?? new Set();
  }

  async mark(device: Device): Promise<void> {
    const page = device.page;
    await visit(page, `/workshops/cohort/${COHORT}`, page.locator('[data-testid=attendance-row]').nth(ROSTER.length - 1));
    const session = this.pick(SESSIONS_OF[device.member.name]!);
    await page.getByTestId(`session-${session}`).click();
    // The sheet has switched when its print link names the session (taps go to the session shown).
    await expect(page.getByTestId('print-sheet')).toHaveAttribute('href', new RegExp(`/sheet/${session}$`));
    const owner = this.pick(ROSTER);
    const row = page.locator(`app-cohort-page [data-testid=attendance-row][data-owner="${owner}"]`);
    // Ionic moves aria attributes from ion-button onto its inner native button, the one screen readers
    // read: the pressed state is read there.
    const current = await pressedStatus(row);
    const status = this.pick(STATUSES.filter((s) => `mark-${s}` !== current));
    // What the phone stored is the truth of whether the tap landed (see tap()).
    const stored = async () =>
      [...(await device.storedDocuments(['workshops']))['workshops']!.values()].filter(
        (doc) => doc['type'] === 'mark' && doc['author'] === device.member.name && doc['owner'] === owner && doc['session'] === session,
      ).length;
    const before = await stored();
    await this.tap(row.getByTestId(`mark-${status}`), async () => (await stored()) > before);
    try {
      await expect(row.getByTestId(`mark-${status}`).locator('button')).toHaveAttribute('aria-pressed', 'true');
    } catch (error) {
      // Stored but not shown: what the phone holds for this person, and what the sheet says.
      const held = [...(await device.storedDocuments(['workshops']))['workshops']!.entries()]
        .filter(([, doc]) => doc['type'] === 'mark' && doc['owner'] === owner)
        .map(([id, doc]) => `session ${doc['session']} ${doc['author']} ${doc['status']} at ${doc['markedAt']} (${id})`);
      this.log(
        `${device.member.name} tapped ${status} for ${owner} in session ${session}; the sheet shows "${await row.innerText()}" ` +
          `(${await page.getByTestId('print-sheet').getAttribute('href')}); the phone holds:\n    ${held.join('\n    ')}`,
      );
      throw error;
    }
    this.marks.push({ author: device.member.name, owner, session, status });
    this.made.mark += 1;
    this.log(`${device.member.name} marks ${owner} ${status} in session ${session}${device.offline ? ' (offline)' : ''}`);
  }

  async post(device: Device, refused = false): Promise<void> {
    const page = device.page;
    await visit(page, `/community/thread/${THREAD}`, page.getByTestId('answer'));
    const body = `soak ${device.member.name} ${++this.serial}${refused ? ' ' + 'x'.repeat(4001) : ''}`;
    await fillField(page, 'answer', body);
    // Sending empties the composer at once.
    await this.tap(page.getByTestId('send-answer'), async () => (await page.getByTestId('answer').locator('textarea').inputValue()) === '');
    const shown = page.getByTestId('post').filter({ hasText: `soak ${device.member.name} ${this.serial}` });
    await expect(shown).toBeVisible();
    // One the rules refuse is marked so when it is tried (online): the report counts them at the end.
    if (refused) this.refusedPosts.push(body);
    else {
      this.posts.push(body);
      this.made.post += 1;
    }
    this.log(`${device.member.name} posts ${refused ? 'a reply the rules refuse' : `"${body}"`}${device.offline ? ' (offline)' : ''}`);
  }

  async lesson(device: Device): Promise<void> {
    const name = device.member.name;
    const done = this.finished.get(name) ?? new Set<string>();
    this.finished.set(name, done);
    const lessonId = this.lessons.find((id) => !done.has(id));
    if (!lessonId) return this.post(device);
    const page = device.page;
    await visit(page, `/learn/lesson/${lessonId}`, page.getByTestId('lesson-card'));
    // The last button of the card's navigation is Next, or Finish on the last card.
    const forward = page.locator('app-lesson-page ion-footer .nav ion-button').last();
    const position = page.locator('app-lesson-page .position');
    for (let card = 0; card < 60; card++) {
      const before = await position.textContent();
      if ((await forward.getAttribute('data-testid')) === 'finish-lesson') {
        await this.tap(forward, () => page.getByTestId('lesson-done').isVisible());
        break;
      }
      await this.tap(forward, async () => (await position.textContent()) !== before);
    }
    done.add(lessonId);
    this.made.lesson += 1;
    this.log(`${name} finishes ${lessonId}${device.offline ? ' (offline)' : ''}`);
  }

  /**
   * Taps like a person and checks it landed. A line that grew above the content between press and
   * release would make it land nowhere, as a finger's would (the sync line used to, before it kept its
   * height): such a tap fails the run, and is made again so that the run goes on to its report. A tap
   * that landed is never repeated.
   */
  private async tap(target: Locator, landed: () => Promise<boolean>): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) this.missedTaps += 1;
      await target.click();
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline) {
        if (await landed()) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`three taps on ${target} did nothing`);
  }
}

/** The status button shown pressed in an attendance row, read in one go (the sheet re-renders). */
export function pressedStatus(row: Locator): Promise<string | null> {
  return row.evaluate((element) => {
    for (const button of element.querySelectorAll('ion-button[data-testid^="mark-"]')) {
      if (button.shadowRoot?.querySelector('button')?.getAttribute('aria-pressed') === 'true') return button.getAttribute('data-testid');
    }
    return null;
  });
}

/** Goes to a screen unless it is already open, and waits until it shows its content. */
export async function visit(page: Page, path: string, ready: Locator): Promise<void> {
  if (decodeURIComponent(new URL(page.url()).pathname) !== path) await page.goto(path, { waitUntil: 'load' }).catch(withWorkerState(page));
  await expect(ready.first()).toBeVisible({ timeout: 60_000 });
}
