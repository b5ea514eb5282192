// A fresh phone's first sync of a large discussion, against PouchDB 9 in the same browser (`sync`).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fillSignIn, median, ms, newMember, ROOT, RUNS, sessionCookie, startSyncServer } from './harness.mjs';

/** 10,000 as the issue asks; BENCH_SYNC_DOCS=1000 for a quick trial, 100000 for a large network. */
const SYNC_DOCS = Number(process.env.BENCH_SYNC_DOCS ?? 10_000);
/** How long the app's sync may go without storing one more document before the run gives up. */
const STALL_MS = 120_000;

/** SYNC_DOCS posts in the Lithuanian network's discussion database, written by one of its members. */
async function seedDiscussion(baseUrl) {
  const author = await newMember(baseUrl, 'lt');
  const cookie = await sessionCookie(baseUrl, author);
  const createdAt = new Date().toISOString();
  for (let start = 0; start < SYNC_DOCS; start += 1000) {
    const docs = Array.from({ length: Math.min(1000, SYNC_DOCS - start) }, (_, i) => ({
      _id: `post:seed${String(start + i).padStart(8, '0')}`,
      type: 'post',
      author: author.name,
      threadId: 'thread:seedthread',
      body: `Seed post ${start + i}: what I tried this week with my prices and how customers answered.`,
      createdAt,
    }));
    const response = await fetch(`${baseUrl}/couch/discussions-lt/_bulk_docs`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ docs }),
    });
    if (!response.ok) throw new Error(`seed refused: ${response.status}`);
    // A batch is answered 201 even when some of its documents were refused, each with its reason.
    const refused = (await response.json()).filter((row) => row.error);
    if (refused.length) throw new Error(`seed refused ${refused.length} documents: ${JSON.stringify(refused[0])}`);
  }
}

/** How many discussion documents the app's local database holds (read straight from IndexedDB). */
function storedDiscussionCount(page) {
  return page.evaluate(async () => {
    const name = (await indexedDB.databases())
      .map((d) => d.name)
      .find((n) => n?.startsWith('rxdb-dexie-me2me-') && n.endsWith('--discussion'));
    if (!name) return 0;
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const count = await new Promise((resolve) => {
      const request = db.transaction('docs').objectStore('docs').count();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(0);
    });
    db.close();
    return count;
  });
}

/**
 * Waits until the app holds all SYNC_DOCS (IndexedDB tells no other connection of its writes, so it
 * is asked every 100 ms), and gives up when a whole STALL_MS passes without one more arriving: a
 * replication that stops is reported with how far it got instead of hanging the run.
 */
async function allStored(page) {
  let stored = 0;
  let movedAt = performance.now();
  while (stored < SYNC_DOCS) {
    const now = await storedDiscussionCount(page);
    if (now > stored) [stored, movedAt] = [now, performance.now()];
    else if (performance.now() - movedAt > STALL_MS) {
      const status = await page
        .getByTestId('sync-indicator')
        .textContent()
        .catch(() => 'no sync indicator');
      throw new Error(`the app's sync stopped at ${stored} of ${SYNC_DOCS} documents on ${page.url()} (sync: ${status?.trim()})`);
    }
    await page.waitForTimeout(100);
  }
}

/**
 * A fresh phone's first sync of a database with SYNC_DOCS documents: the app (signing in starts its
 * replication of everything the member reads) against PouchDB 9 replicating the same database into
 * the same browser, through the same gateway with the same session.
 */
async function initialSync(browser, baseUrl) {
  await seedDiscussion(baseUrl);
  const ours = [];
  const pouch = [];
  const runs = Math.max(1, Math.ceil(RUNS / 2));
  for (let run = 0; run < runs; run++) {
    const user = await newMember(baseUrl, 'lt');
    let context = await browser.newContext({ baseURL: baseUrl, serviceWorkers: 'block' });
    let page = await context.newPage();
    await page.goto('/sign-in', { waitUntil: 'load' });
    await fillSignIn(page, user);
    let begin = performance.now();
    await page.getByTestId('sign-in-submit').click();
    await allStored(page);
    ours.push(performance.now() - begin);
    await context.close();

    // PouchDB is put into the page as an inline script, which the app's Content-Security-Policy refuses.
    context = await browser.newContext({ baseURL: baseUrl, serviceWorkers: 'block', bypassCSP: true });
    page = await context.newPage();
    await page.goto('/sign-in', { waitUntil: 'load' });
    const signIn = await context.request.post('/couch/_session', { data: user });
    if (!signIn.ok()) throw new Error('PouchDB baseline could not sign in');
    await page.addScriptTag({ path: path.join(ROOT, 'node_modules/pouchdb/dist/pouchdb.min.js') });
    pouch.push(
      await page.evaluate(async (count) => {
        const begin = performance.now();
        const db = new PouchDB(`bench-${Date.now()}`);
        try {
          // The gateway refuses _local documents on the server: PouchDB keeps its checkpoint locally.
          await db.replicate.from(`${location.origin}/couch/discussions-lt`, { checkpoint: 'target', batch_size: 100 });
        } catch (error) {
          // PouchDB rejects with a plain object, which would reach Node as nothing more than its class name.
          const { status, name, message, reason } = error ?? {};
          throw new Error(`PouchDB's replication failed: ${JSON.stringify({ status, name, message, reason })}`);
        }
        const info = await db.info();
        if (info.doc_count < count) throw new Error(`PouchDB has ${info.doc_count} documents`);
        return performance.now() - begin;
      }, SYNC_DOCS),
    );
    await context.close();
  }
  return { ours: median(ours), pouch: median(pouch) };
}

export async function sync(env) {
  // A server of its own, with the member limit (MEMBER_REQUESTS_PER_MINUTE, 1,200) lifted: PouchDB
  // asks the server twice per 100 documents, 2,000 times for 100,000 at about that rate, and a 429
  // ends a one-off replication. Both replications run unthrottled; the other figures' server keeps its limit.
  const dataDir = await mkdtemp(path.join(tmpdir(), 'me2me-bench-sync-'));
  const server = await startSyncServer({ dataDir, env: { MEMBER_REQUESTS_PER_MINUTE: '1000000' } });
  let result;
  try {
    result = await initialSync(await env.browser(), server.baseUrl);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  console.log(
    `Initial sync of ${SYNC_DOCS} documents into a fresh phone: ours ${(result.ours / result.pouch).toFixed(2)}x PouchDB 9 in the same browser (${ms(result.ours)} vs ${ms(result.pouch)}; goal: 0.5x or less)`,
  );
}
