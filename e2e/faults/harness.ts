import { expect, type Locator, type Page } from '@playwright/test';
import { fillField, userDbName } from '../journeys';
import { createAccount, startSyncServer, type RunningServer } from '../sync-server';
import { Device, type Member } from './device';
import { differences, ServerView } from './server-view';

/**
 * The fault-injection harness: members on their own phones do real work through the app (attendance
 * marks, posts, lessons) while the harness takes phones offline and online, closes and reopens the
 * app, ends sessions and SIGKILLs the sync server. At the end, with everyone back online, every write
 * must be on the server exactly once and every phone must hold exactly the server's view of what its
 * member may read.
 */

export interface HarnessOptions {
  /** How long members work and faults happen, in milliseconds. */
  readonly duration: number;
  readonly seed: number;
  readonly log: (line: string) => void;
  /**
   * Apache CouchDB as the server's store, killed (SIGKILL) and started again during the run beside
   * the server kills; without it the server runs on its embedded store.
   */
  readonly couchDb?: StoreNode;
}

/** A store the harness can kill and start again on the same data. */
export interface StoreNode {
  readonly url: string;
  kill(): Promise<void>;
  restart(): Promise<void>;
}

export interface Report {
  readonly seed: number;
  readonly steps: number;
  readonly made: Record<WriteKind, number>;
  readonly arrived: Record<WriteKind, number>;
  readonly lost: string[];
  readonly duplicated: string[];
  /** Writes the server's rules refuse: kept on the phone, marked, never sent, never blocking. */
  readonly refused: { made: number; onServer: number; shownAsRefused: number };
  readonly faults: Record<FaultKind, number>;
  /** Taps that landed nowhere (the screen moved under them) and were made again. */
  readonly missedTaps: number;
  /** Per member: how their phone differs from the server's view after everyone is back online. */
  readonly divergence: Record<string, string[]>;
}

type WriteKind = 'mark' | 'post' | 'lesson';
export type FaultKind = 'offline' | 'online' | 'app-restart' | 'session-expired' | 'server-killed' | 'store-killed';

const PASSWORD = 'soak-test-2026';
const COHORT = 'cohort:soakcohort';
const THREAD = 'thread:soakthread';
const ROSTER = ['ania', 'sofia', 'kasia', 'marek', 'ola', 'tomek'];
const STATUSES = ['present', 'late', 'excused', 'absent'] as const;

const FACILITATORS: Member[] = [
  {
    name: 'piotr',
    password: 'facilitator-2026',
    databases: { catalog: 'catalog', personal: userDbName('piotr'), discussion: 'discussions-pl', workshops: 'workshops-pl' },
  },
  {
    name: 'eva',
    password: 'coordinator-2026',
    databases: { catalog: 'catalog', personal: userDbName('eva'), discussion: 'discussions-pl', workshops: 'workshops-pl' },
  },
];
const TUTOR: Member = {
  name: 'tomasz',
  password: PASSWORD,
  databases: { catalog: 'catalog', personal: userDbName('tomasz'), discussion: 'discussions-pl', authoring: 'authoring' },
};
const OWNERS: Member[] = [
  { name: 'ania', password: 'bakery-2026', databases: { catalog: 'catalog', personal: userDbName('ania'), discussion: 'discussions-pl' } },
  {
    name: 'sofia',
    password: 'salon-2026',
    databases: { catalog: 'catalog', personal: userDbName('sofia'), discussion: 'discussions-pl', authoring: 'authoring' },
  },
  { name: 'kasia', password: PASSWORD, databases: { catalog: 'catalog', personal: userDbName('kasia'), discussion: 'discussions-pl' } },
];
/** Who marks which sessions: a tap is confirmed by the sheet showing it, which another's later tap would change. */
const SESSIONS_OF: Record<string, number[]> = { piotr: [1, 2], eva: [3, 4] };

/** Seeded, so that a run can be repeated with SOAK_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runHarness(options: HarnessOptions): Promise<Report> {
  const rand = random(options.seed);
  missedTaps = 0;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const log = options.log;

  // On CouchDB the demo accounts are asked for, as the embedded store makes them by default.
  const storeEnv: Record<string, string> = options.couchDb ? { COUCHDB_URL: options.couchDb.url, DEMO_ACCOUNTS: 'on' } : {};
  let server: RunningServer = await startSyncServer({ crashable: true, env: storeEnv });
  const { dataDir, port, baseUrl } = server;
  let serverUp = true;
  let restarting: Promise<void> | null = null;
  let storeRestarting: Promise<void> | null = null;
  const view = new ServerView(baseUrl);

  const members = [...FACILITATORS, TUTOR, ...OWNERS];
  const devices = new Map<string, Device>();
  let lessons: string[];
  try {
    lessons = await prepare();
  } catch (error) {
    await cleanUp();
    throw error;
  }

  /** The people and the shared work, made through the API as their own apps would; then the phones. */
  async function prepare(): Promise<string[]> {
    // Every name on the roster is an owner of the Polish network: the server enrols no one else.
    for (const name of ['tomasz', 'kasia', 'marek', 'ola', 'tomek'])
      await createAccount(baseUrl, { name, password: PASSWORD, country: 'pl' });
    expect((await view.post('/api/roles', { name: 'tomasz', role: 'tutor' }, FACILITATORS[1])).status).toBe(200);
    const now = new Date().toISOString();
    await view.bulkWrite(FACILITATORS[0]!, 'workshops-pl', [
      {
        _id: COHORT,
        type: 'cohort',
        kind: 'induction',
        author: 'piotr',
        title: 'Soak cohort',
        facilitators: ['piotr', 'eva'],
        createdAt: now,
        updatedAt: now,
      },
      ...ROSTER.map((owner) => ({
        _id: `enrolment:soakcohort:${owner}`,
        type: 'enrolment',
        author: 'piotr',
        cohortId: COHORT,
        owner,
        createdAt: now,
        updatedAt: now,
      })),
    ]);
    await view.bulkWrite(TUTOR, 'discussions-pl', [
      {
        _id: THREAD,
        type: 'thread',
        author: 'tomasz',
        title: 'What did you try this week?',
        body: 'Tell the group one thing you tried and how it went.',
        topic: 'other',
        createdAt: now,
      },
    ]);
    for (const member of members) {
      devices.set(member.name, await Device.signedIn(member, baseUrl));
      log(`${member.name}'s phone is signed in`);
    }
    return [...(await view.allDocuments(OWNERS[0]!, 'catalog')).values()]
      .filter((doc) => doc['type'] === 'lesson')
      .map((doc) => String(doc['_id']));
  }

  async function cleanUp(): Promise<void> {
    await (restarting as Promise<void> | null)?.catch(() => undefined);
    await (storeRestarting as Promise<void> | null)?.catch(() => undefined);
    for (const device of devices.values()) await device.close().catch(() => undefined);
    await server.stop();
  }

  const made: Record<WriteKind, number> = { mark: 0, post: 0, lesson: 0 };
  const marks: { author: string; owner: string; session: number; status: string }[] = [];
  const posts: string[] = [];
  const refusedPosts: string[] = [];
  const finished = new Map<string, Set<string>>(OWNERS.map((o) => [o.name, new Set()]));
  const faults: Record<FaultKind, number> = {
    offline: 0,
    online: 0,
    'app-restart': 0,
    'session-expired': 0,
    'server-killed': 0,
    'store-killed': 0,
  };
  const expired = new Set<string>();
  let serial = 0;

  const work = {
    async mark(device: Device): Promise<void> {
      const page = device.page;
      await visit(page, `/workshops/cohort/${COHORT}`, page.locator('[data-testid=attendance-row]').nth(ROSTER.length - 1));
      const session = pick(SESSIONS_OF[device.member.name]!);
      await page.getByTestId(`session-${session}`).click();
      // The sheet has switched when its print link names the session (taps go to the session shown).
      await expect(page.getByTestId('print-sheet')).toHaveAttribute('href', new RegExp(`/sheet/${session}$`));
      const owner = pick(ROSTER);
      const row = page.locator(`app-cohort-page [data-testid=attendance-row][data-owner="${owner}"]`);
      // Ionic moves aria attributes from ion-button onto its inner native button, the one screen readers
      // read: the pressed state is read there.
      const current = await pressedStatus(row);
      const status = pick(STATUSES.filter((s) => `mark-${s}` !== current));
      // What the phone stored is the truth of whether the tap landed (see tap()).
      const stored = async () =>
        [...(await device.storedDocuments(['workshops']))['workshops']!.values()].filter(
          (doc) => doc['type'] === 'mark' && doc['author'] === device.member.name && doc['owner'] === owner && doc['session'] === session,
        ).length;
      const before = await stored();
      await tap(row.getByTestId(`mark-${status}`), async () => (await stored()) > before);
      try {
        await expect(row.getByTestId(`mark-${status}`).locator('button')).toHaveAttribute('aria-pressed', 'true');
      } catch (error) {
        // Stored but not shown: what the phone holds for this person, and what the sheet says.
        const held = [...(await device.storedDocuments(['workshops']))['workshops']!.entries()]
          .filter(([, doc]) => doc['type'] === 'mark' && doc['owner'] === owner)
          .map(([id, doc]) => `session ${doc['session']} ${doc['author']} ${doc['status']} at ${doc['markedAt']} (${id})`);
        log(
          `${device.member.name} tapped ${status} for ${owner} in session ${session}; the sheet shows "${await row.innerText()}" ` +
            `(${await page.getByTestId('print-sheet').getAttribute('href')}); the phone holds:\n    ${held.join('\n    ')}`,
        );
        throw error;
      }
      marks.push({ author: device.member.name, owner, session, status });
      made.mark += 1;
      log(`${device.member.name} marks ${owner} ${status} in session ${session}${device.offline ? ' (offline)' : ''}`);
    },
    async post(device: Device, refused = false): Promise<void> {
      const page = device.page;
      await visit(page, `/community/thread/${THREAD}`, page.getByTestId('answer'));
      const body = `soak ${device.member.name} ${++serial}${refused ? ' ' + 'x'.repeat(4001) : ''}`;
      await fillField(page, 'answer', body);
      // Sending empties the composer at once.
      await tap(page.getByTestId('send-answer'), async () => (await page.getByTestId('answer').locator('textarea').inputValue()) === '');
      const shown = page.getByTestId('post').filter({ hasText: `soak ${device.member.name} ${serial}` });
      await expect(shown).toBeVisible();
      // One the rules refuse is marked so when it is tried (online): the report counts them at the end.
      if (refused) refusedPosts.push(body);
      else {
        posts.push(body);
        made.post += 1;
      }
      log(`${device.member.name} posts ${refused ? 'a reply the rules refuse' : `"${body}"`}${device.offline ? ' (offline)' : ''}`);
    },
    async lesson(device: Device): Promise<void> {
      const done = finished.get(device.member.name)!;
      const lessonId = lessons.find((id) => !done.has(id));
      if (!lessonId) return work.post(device);
      const page = device.page;
      await visit(page, `/learn/lesson/${lessonId}`, page.getByTestId('lesson-card'));
      // The last button of the card's navigation is Next, or Finish on the last card.
      const forward = page.locator('app-lesson-page ion-footer .nav ion-button').last();
      const position = page.locator('app-lesson-page .position');
      for (let card = 0; card < 60; card++) {
        const before = await position.textContent();
        if ((await forward.getAttribute('data-testid')) === 'finish-lesson') {
          await tap(forward, () => page.getByTestId('lesson-done').isVisible());
          break;
        }
        await tap(forward, async () => (await position.textContent()) !== before);
      }
      done.add(lessonId);
      made.lesson += 1;
      log(`${device.member.name} finishes ${lessonId}${device.offline ? ' (offline)' : ''}`);
    },
  };

  const crashServer = async () => {
    serverUp = false;
    faults['server-killed'] += 1;
    await server.crash();
    const downFor = 2000 + rand() * 8000;
    log(`sync server killed (SIGKILL); back in ${(downFor / 1000).toFixed(1)} s`);
    restarting = new Promise<void>((resolve) => setTimeout(resolve, downFor))
      .then(() => startSyncServer({ crashable: true, dataDir, port, env: storeEnv }))
      .then((next) => {
        server = next;
        serverUp = true;
        restarting = null;
        log('sync server started again');
      });
  };

  /** CouchDB's node killed under the running server, started again on its data a few seconds later. */
  const killStore = async (couchDb: StoreNode) => {
    faults['store-killed'] += 1;
    await couchDb.kill();
    const downFor = 2000 + rand() * 8000;
    log(`CouchDB killed (SIGKILL); back in ${(downFor / 1000).toFixed(1)} s`);
    storeRestarting = new Promise<void>((resolve) => setTimeout(resolve, downFor))
      .then(() => couchDb.restart())
      .then(() => {
        storeRestarting = null;
        log('CouchDB started again');
      });
  };

  try {
    return await runSteps();
  } catch (error) {
    for (const device of devices.values()) {
      if (device.problems.length) log(`${device.member.name}'s app reported:\n    ${device.problems.slice(-15).join('\n    ')}`);
    }
    throw error;
  } finally {
    await cleanUp();
  }

  async function runSteps(): Promise<Report> {
    const started = Date.now();
    const serverKillEvery = Math.max(30_000, options.duration / 4);
    let nextKill = started + serverKillEvery / 2;
    let nextStoreKill = started + serverKillEvery;
    const storeKillOwed = () => options.couchDb !== undefined && faults['store-killed'] === 0;
    let steps = 0;
    // Every kind of fault happens at least once, even in the short form.
    const owed: FaultKind[] = ['offline', 'app-restart', 'session-expired'];
    while (Date.now() - started < options.duration || owed.length > 0 || faults['server-killed'] === 0 || storeKillOwed()) {
      steps += 1;
      // A server starting again needs its store (it provisions first): the two kills never overlap.
      if (serverUp && !restarting && !storeRestarting && Date.now() >= nextKill) {
        await crashServer();
        nextKill = Date.now() + serverKillEvery * (0.5 + rand());
      }
      if (options.couchDb && serverUp && !restarting && !storeRestarting && Date.now() >= nextStoreKill) {
        await killStore(options.couchDb);
        nextStoreKill = Date.now() + serverKillEvery * (0.5 + rand());
      }
      const device = devices.get(pick(members).name)!;
      const name = device.member.name;
      const roll = rand();
      const fault: FaultKind | null =
        owed.length > 0 && roll < 0.3
          ? owed.shift()!
          : roll < 0.12
            ? device.offline
              ? 'online'
              : 'offline'
            : roll < 0.16
              ? 'app-restart'
              : roll < 0.19
                ? 'session-expired'
                : null;
      if (fault === 'offline' || fault === 'online') {
        await device.setOffline(fault === 'offline');
        faults[fault] += 1;
        log(`${name} goes ${fault}`);
        continue;
      }
      if (fault === 'app-restart') {
        await device.restart();
        faults[fault] += 1;
        log(`${name}'s app closed and opened again${device.offline ? ' (offline)' : ''}`);
        continue;
      }
      if (fault === 'session-expired') {
        await device.expireSession();
        expired.add(name);
        faults[fault] += 1;
        log(`${name}'s session expired`);
        continue;
      }
      // A member whose session ended signs in again once they have a network (the app asks them to).
      if (expired.has(name) && !device.offline && serverUp && !restarting && !storeRestarting) {
        await device.signInAgain();
        expired.delete(name);
        log(`${name} signs in again`);
        continue;
      }
      if (FACILITATORS.includes(device.member)) await work.mark(device);
      else if (device.member === TUTOR) await work.post(device);
      else {
        const task = rand();
        if (task < 0.08) await work.post(device, true);
        else if (task < 0.5) await work.post(device);
        else await work.lesson(device);
      }
    }
    log(`${steps} steps in ${((Date.now() - started) / 1000).toFixed(0)} s; everyone back online`);

    // Everyone back: the server runs, phones are online, sessions are renewed.
    await restarting;
    await storeRestarting;
    for (const device of devices.values()) if (device.offline) await device.setOffline(false);
    for (const name of expired) await devices.get(name)!.signInAgain();

    const divergence: Record<string, string[]> = {};
    const converged = async () => {
      for (const device of devices.values()) {
        const stored = await device.storedDocuments();
        const found: string[] = [];
        for (const [collection, db] of Object.entries(device.member.databases)) {
          found.push(...differences(stored[collection]!, await view.allDocuments(device.member, db)).map((d) => `${db}: ${d}`));
        }
        divergence[device.member.name] = found;
      }
      return Object.values(divergence).every((found) => found.length === 0);
    };
    await expect
      .poll(converged, { timeout: 180_000, intervals: [2000] })
      .toBe(true)
      .catch(() => undefined);
    for (const device of devices.values()) {
      if (divergence[device.member.name]!.length === 0) continue;
      // What the member would see: the sync line's state and words, and the app's last complaints.
      const line = device.page.getByTestId('sync-indicator').filter({ visible: true }).first();
      log(
        `${device.member.name} has not converged; the sync line says ${await line.getAttribute('data-state').catch(() => '?')}: ` +
          `"${await line.innerText().catch(() => '?')}"; the app reported:\n    ${device.problems.slice(-10).join('\n    ') || 'nothing'}`,
      );
      for (const difference of divergence[device.member.name]!) {
        const docId = /: (\S+)(?: \(|$)/.exec(difference)?.[1];
        if (docId)
          log(
            `  replication records of ${docId}:\n    ${(await device.replicationRecords(docId).catch((e) => [String(e)])).join('\n    ')}`,
          );
      }
    }

    // What reached the server.
    const workshopDocs = [...(await view.allDocuments(FACILITATORS[0]!, 'workshops-pl')).values()];
    const discussionDocs = [...(await view.allDocuments(TUTOR, 'discussions-pl')).values()];
    const lost: string[] = [];
    const duplicated: string[] = [];
    const arrived: Record<WriteKind, number> = { mark: 0, post: 0, lesson: 0 };

    const tapsByCell = new Map<string, string[]>();
    for (const m of marks)
      tapsByCell.set(`${m.author} ${m.owner} session ${m.session}`, [
        ...(tapsByCell.get(`${m.author} ${m.owner} session ${m.session}`) ?? []),
        m.status,
      ]);
    const serverMarks = workshopDocs.filter((doc) => doc['type'] === 'mark' && doc['cohortId'] === COHORT);
    arrived.mark = serverMarks.length;
    for (const [cell, taps] of tapsByCell) {
      const onServer = serverMarks
        .filter((doc) => `${doc['author']} ${doc['owner']} session ${doc['session']}` === cell)
        .sort((a, b) => String(a['markedAt']).localeCompare(String(b['markedAt'])))
        .map((doc) => String(doc['status']));
      if (onServer.length < taps.length) lost.push(`${taps.length - onServer.length} mark(s) of ${cell}`);
      if (onServer.length > taps.length) duplicated.push(`${onServer.length - taps.length} mark(s) of ${cell}`);
      if (onServer.length === taps.length && onServer.join() !== taps.join())
        lost.push(`${cell}: taps ${taps.join()} but the server has ${onServer.join()}`);
    }

    const serverPosts = discussionDocs
      .filter((doc) => doc['type'] === 'post' && doc['threadId'] === THREAD)
      .map((doc) => String(doc['body']));
    arrived.post = serverPosts.filter((body) => posts.includes(body)).length;
    for (const body of posts) {
      const copies = serverPosts.filter((b) => b === body).length;
      if (copies === 0) lost.push(`post "${body}"`);
      if (copies > 1) duplicated.push(`${copies} copies of post "${body}"`);
    }

    for (const owner of OWNERS) {
      const progress = await view.allDocuments(owner, userDbName(owner.name));
      for (const lessonId of finished.get(owner.name)!) {
        if (progress.get(`progress:${lessonId}`)?.['status'] === 'completed') arrived.lesson += 1;
        else lost.push(`${owner.name} finished ${lessonId}`);
      }
    }

    const refusedShown = await Promise.all(
      OWNERS.map(async (owner) => {
        const page = devices.get(owner.name)!.page;
        await visit(page, `/community/thread/${THREAD}`, page.getByTestId('answer'));
        return page
          .getByTestId('post')
          .filter({ has: page.locator('[data-testid=delivery][data-state=refused]') })
          .count();
      }),
    );

    return {
      seed: options.seed,
      steps,
      made,
      arrived,
      lost,
      duplicated,
      refused: {
        made: refusedPosts.length,
        onServer: serverPosts.filter((body) => refusedPosts.includes(body)).length,
        shownAsRefused: refusedShown.reduce((a, b) => a + b, 0),
      },
      faults,
      missedTaps,
      divergence,
    };
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

let missedTaps = 0;

/**
 * Taps like a person and checks it landed. A line that grew above the content between press and
 * release would make it land nowhere, as a finger's would (the sync line used to, before it kept its
 * height): such a tap fails the run, and is made again so that the run goes on to its report. A tap
 * that landed is never repeated.
 */
async function tap(target: Locator, landed: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) missedTaps += 1;
    await target.click();
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      if (await landed()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`three taps on ${target} did nothing`);
}

/** Goes to a screen unless it is already open, and waits until it shows its content. */
async function visit(page: Page, path: string, ready: Locator): Promise<void> {
  if (decodeURIComponent(new URL(page.url()).pathname) !== path) await page.goto(path, { waitUntil: 'load' });
  await expect(ready.first()).toBeVisible({ timeout: 60_000 });
}

/** What every run must show: nothing lost or duplicated, refusals shown and kept, no missed taps, every fault of `kinds` injected, every phone identical. */
export function expectNothingLost(report: Report, kinds: readonly FaultKind[]): void {
  expect(report.lost).toEqual([]);
  expect(report.duplicated).toEqual([]);
  expect(report.refused.onServer).toBe(0);
  expect(report.refused.shownAsRefused).toBe(report.refused.made);
  expect(report.missedTaps, 'taps that landed nowhere: the screen moved under them').toBe(0);
  for (const kind of kinds) expect(report.faults[kind]).toBeGreaterThan(0);
  expect(report.divergence).toEqual(Object.fromEntries(Object.keys(report.divergence).map((member) => [member, []])));
}

export function formatReport(report: Report): string {
  const total = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
  const lines = [
    `Fault injection (seed ${report.seed}, ${report.steps} steps)`,
    `  writes made:       ${total(report.made)} (${Object.entries(report.made)
      .map(([k, v]) => `${v} ${k}s`)
      .join(', ')})`,
    `  writes arrived:    ${total(report.arrived)} (${Object.entries(report.arrived)
      .map(([k, v]) => `${v} ${k}s`)
      .join(', ')})`,
    `  lost:              ${report.lost.length}${report.lost.length ? ': ' + report.lost.join('; ') : ''}`,
    `  duplicated:        ${report.duplicated.length}${report.duplicated.length ? ': ' + report.duplicated.join('; ') : ''}`,
    `  refused by rules:  ${report.refused.made} made, ${report.refused.shownAsRefused} shown as refused, ${report.refused.onServer} on the server`,
    `  faults injected:   ${Object.entries(report.faults)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `  taps made again:   ${report.missedTaps} (the screen moved under the first)`,
  ];
  for (const [member, found] of Object.entries(report.divergence)) {
    lines.push(
      `  ${member}'s phone vs the server: ${found.length === 0 ? 'identical' : `${found.length} differences: ${found.slice(0, 8).join('; ')}`}`,
    );
  }
  return lines.join('\n');
}
