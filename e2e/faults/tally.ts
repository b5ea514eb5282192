import { expect } from '@playwright/test';
import { userDbName } from '../journeys';
import { COHORT, FACILITATORS, OWNERS, THREAD, TUTOR } from './cast';
import type { Device } from './device';
import { visit, type MemberWork, type WriteKind } from './member-work';
import { differences, type ServerView } from './server-view';

/**
 * Waits (up to three minutes) for every phone to hold exactly the server's view of what its member
 * may read, and answers per member what still differs, with what the member would see where it does.
 */
export async function convergence(devices: ReadonlyMap<string, Device>, view: ServerView, log: (line: string) => void) {
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
        log(`  replication records of ${docId}:\n    ${(await device.replicationRecords(docId).catch((e) => [String(e)])).join('\n    ')}`);
    }
  }
  return divergence;
}

/** Every write the members made against what reached the server: each must be there exactly once. */
export async function deliveries(work: MemberWork, view: ServerView) {
  const workshopDocs = [...(await view.allDocuments(FACILITATORS[0]!, 'workshops-pl')).values()];
  const discussionDocs = [...(await view.allDocuments(TUTOR, 'discussions-pl')).values()];
  const lost: string[] = [];
  const duplicated: string[] = [];
  const arrived: Record<WriteKind, number> = { mark: 0, post: 0, lesson: 0 };

  const tapsByCell = new Map<string, string[]>();
  for (const m of work.marks) {
    const cell = `${m.author} ${m.owner} session ${m.session}`;
    tapsByCell.set(cell, [...(tapsByCell.get(cell) ?? []), m.status]);
  }
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
  arrived.post = serverPosts.filter((body) => work.posts.includes(body)).length;
  for (const body of work.posts) {
    const copies = serverPosts.filter((b) => b === body).length;
    if (copies === 0) lost.push(`post "${body}"`);
    if (copies > 1) duplicated.push(`${copies} copies of post "${body}"`);
  }

  for (const owner of OWNERS) {
    const progress = await view.allDocuments(owner, userDbName(owner.name));
    for (const lessonId of work.finishedBy(owner.name)) {
      if (progress.get(`progress:${lessonId}`)?.['status'] === 'completed') arrived.lesson += 1;
      else lost.push(`${owner.name} finished ${lessonId}`);
    }
  }
  const refusedOnServer = serverPosts.filter((body) => work.refusedPosts.includes(body)).length;
  return { lost, duplicated, arrived, refusedOnServer };
}

/** How many posts the owners' phones show marked as refused. */
export async function refusalsShown(devices: ReadonlyMap<string, Device>): Promise<number> {
  const shown = await Promise.all(
    OWNERS.map(async (owner) => {
      const page = devices.get(owner.name)!.page;
      await visit(page, `/community/thread/${THREAD}`, page.getByTestId('answer'));
      return page
        .getByTestId('post')
        .filter({ has: page.locator('[data-testid=delivery][data-state=refused]') })
        .count();
    }),
  );
  return shown.reduce((a, b) => a + b, 0);
}
