// Bundled for the browser by bench/local-queries.mjs (esbuild) and run in a page of the app's origin: our data
// layer (RxDB on Dexie, as the app builds it) against raw Dexie holding the same documents.
import Dexie from 'dexie';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createAppDatabase } from '../src/app/data/database';
import { readingRangesWhole } from '../src/app/data/storage';
import { watchDiscussion } from '../src/app/data/discussion-repository';
import { watchOutbox } from '../src/app/data/outbox';
import { isWaiting, markedDocuments } from '../src/app/data/sync-marker';
import { combineLatest, firstValueFrom } from 'rxjs';

interface Timings {
  open: number[];
  start: number[];
  byId: number[];
  readAll: number[];
  threadPosts: number[];
}

const timings = (): Timings => ({ open: [], start: [], byId: [], readAll: [], threadPosts: [] });

const THREADS = 100;

/**
 * 100 threads with 29 posts each (3,000 documents) as members write them, or 299 each (30,000); a
 * post is one sentence said `sentences` times (4: 232 characters).
 */
function discussion(count: number, sentences: number): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let t = 0; docs.length < count; t = (t + 1) % THREADS) {
    const n = docs.length;
    const createdAt = new Date(start + n * 60_000).toISOString();
    if (n < THREADS) {
      docs.push({
        id: `thread:bench${String(n).padStart(6, '0')}`,
        type: 'thread',
        author: `owner${n % 40}`,
        title: `Question ${n} about pricing`,
        body: 'How do you price a custom cake when flour costs change every month? '.repeat(3),
        topic: 'pricing',
        createdAt,
      });
    } else {
      docs.push({
        id: `post:bench${String(n).padStart(8, '0')}`,
        type: 'post',
        author: `owner${n % 40}`,
        threadId: `thread:bench${String(t).padStart(6, '0')}`,
        body: 'I keep a small table of costs and look at it each Monday. '.repeat(sentences),
        createdAt,
      });
    }
  }
  return docs;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function ours(docs: Record<string, unknown>[], runs: number): Promise<Timings> {
  // As a production build stores: no schema validation (see dev-plugins.ts), whole ranges read at once.
  const storage = readingRangesWhole(getRxStorageDexie());
  const name = `bench-ours-${Date.now()}`;
  const setup = await createAppDatabase(name, storage);
  await setup.discussion.bulkInsert(docs as never[]);
  await setup.close();
  const taken = timings();
  for (let run = 0; run < runs; run++) {
    // As at app start: open the database (all collections, as the app does)...
    let begin = performance.now();
    let db = await createAppDatabase(name, storage);
    taken.open.push(performance.now() - begin);
    // ...what a phone asks of the discussion at start: the screens' whole discussion, the outbox and
    // the replication's waiting writes (each answered once)...
    begin = performance.now();
    await firstValueFrom(combineLatest([watchDiscussion(db), watchOutbox(db), markedDocuments(db.discussion, isWaiting)]));
    taken.start.push(performance.now() - begin);
    await db.close();
    db = await createAppDatabase(name, storage);
    // ...single documents by id, before anything is cached...
    begin = performance.now();
    for (let i = 0; i < 20; i++) await db.discussion.findOne(String(docs[(run * 131 + i * 37) % docs.length]!['id'])).exec();
    taken.byId.push((performance.now() - begin) / 20);
    // ...the network's whole discussion, read the way the screens read it...
    begin = performance.now();
    await firstValueFrom(watchDiscussion(db));
    taken.readAll.push(performance.now() - begin);
    // ...and one thread's posts, oldest first, asked of the database (a thread not asked before).
    const threadId = `thread:bench${String((run * 7) % THREADS).padStart(6, '0')}`;
    begin = performance.now();
    const posts = await db.discussion.find({ selector: { threadId } }).exec();
    posts.map((d) => d.toJSON()).sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
    taken.threadPosts.push(performance.now() - begin);
    await db.close();
  }
  return taken;
}

async function rawDexie(docs: Record<string, unknown>[], runs: number): Promise<Timings> {
  const name = `bench-dexie-${Date.now()}`;
  const define = () => {
    const db = new Dexie(name);
    db.version(1).stores({ discussion: 'id, threadId, createdAt' });
    return db;
  };
  const setup = define();
  await setup.table('discussion').bulkAdd(docs);
  setup.close();
  const taken = timings();
  for (let run = 0; run < runs; run++) {
    let begin = performance.now();
    const db = define();
    await db.open();
    taken.open.push(performance.now() - begin);
    begin = performance.now();
    for (let i = 0; i < 20; i++) await db.table('discussion').get(String(docs[(run * 131 + i * 37) % docs.length]!['id']));
    taken.byId.push((performance.now() - begin) / 20);
    begin = performance.now();
    await db.table('discussion').toArray();
    taken.readAll.push(performance.now() - begin);
    // The baseline of the questions at start: one read of everything.
    taken.start.push(taken.readAll.at(-1)!);
    const threadId = `thread:bench${String((run * 7) % THREADS).padStart(6, '0')}`;
    begin = performance.now();
    await db.table('discussion').where('threadId').equals(threadId).sortBy('createdAt');
    taken.threadPosts.push(performance.now() - begin);
    db.close();
  }
  return taken;
}

async function localQueries(count: number, runs: number, sentences: number) {
  const docs = discussion(count, sentences);
  const raw = await rawDexie(docs, runs);
  const layer = await ours(docs, runs);
  const summary = (t: Timings) => Object.fromEntries(Object.entries(t).map(([key, values]) => [key, median(values)]));
  return { ours: summary(layer), dexie: summary(raw) };
}

/**
 * IndexedDB alone (no Dexie, no RxDB): reading 3,000 records whose text is `length` characters long,
 * to show the step in Chromium's cost per record that the figures above fall on either side of.
 */
async function recordsOfLength(length: number, runs: number): Promise<number> {
  const name = `bench-length-${length}-${Date.now()}`;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const opening = indexedDB.open(name, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore('docs', { keyPath: 'id' });
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
  const text = 'I keep a small table of costs and look at it each Monday. '.repeat(20).slice(0, length);
  await new Promise((resolve, reject) => {
    const writing = db.transaction('docs', 'readwrite');
    for (let i = 0; i < 3000; i++) writing.objectStore('docs').put({ id: `doc${String(i).padStart(6, '0')}`, text });
    writing.oncomplete = resolve;
    writing.onerror = () => reject(writing.error);
  });
  const taken: number[] = [];
  for (let run = 0; run < runs; run++) {
    const begin = performance.now();
    await new Promise((resolve, reject) => {
      const reading = db.transaction('docs').objectStore('docs').getAll();
      reading.onsuccess = resolve;
      reading.onerror = () => reject(reading.error);
    });
    taken.push(performance.now() - begin);
  }
  db.close();
  indexedDB.deleteDatabase(name);
  return median(taken);
}

Object.assign(globalThis, { localQueries, recordsOfLength });
