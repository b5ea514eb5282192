// The server's insights catch-up over 1,000 owners of one network (`insights`), against reading the
// same private databases with nothing computed. Drives the built aggregator as the server runs it,
// on a server of its own so that no other benchmark's members are counted.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BENCH_PASSWORD, median, ms, ROOT, RUN_TAG, RUNS, signUp, startSyncServer } from './harness.mjs';

const OWNERS = Number(process.env.BENCH_INSIGHTS_OWNERS ?? 1000);
/** The goal from the issue: the whole catch-up for 1,000 owners within 10 s. */
const GOAL_MS = 10_000;
// The store's names for what is read (sync-server/couchdb): CouchDB's per-user naming, the catalog, a network's insights.
const userDbName = (name) => `userdb-${Buffer.from(name, 'utf8').toString('hex')}`;
const CATALOG_DB = 'catalog';
const INSIGHTS_PL = 'insights-pl';

/** The built server's modules, loaded only when this figure runs (the others need no server build). */
function serverModules() {
  const require = createRequire(import.meta.url);
  const load = (file) => require(path.join(ROOT, 'sync-server/dist', file));
  return {
    ...load('src/couch/client.js'),
    ...load('src/couch/embedded-store.js'),
    ...load('src/insights/insights-aggregator.js'),
    ...load('couchdb/needs-topics.js'),
  };
}

/** Owners `from` to `to` (not included) of the Polish network, signed up through the public API four at a time. */
async function signUpOwners(baseUrl, from, to) {
  const names = Array.from({ length: to - from }, (_, i) => `i${RUN_TAG}o${from + i}`);
  let next = 0;
  const signUpNext = async () => {
    while (next < names.length) await signUp(baseUrl, { name: names[next++], password: BENCH_PASSWORD }, 'pl');
  };
  await Promise.all(Array.from({ length: 4 }, signUpNext));
  return names;
}

/** The catalog's lessons with their quiz cards (index and number of options), for answers the figures count. */
async function quizLessons(couch) {
  const rows = (await couch.use(CATALOG_DB).list({ include_docs: true })).rows;
  return rows
    .map((row) => row.doc)
    .filter((doc) => doc?.type === 'lesson' && Array.isArray(doc.cards))
    .map((doc) => ({
      id: doc._id,
      cards: doc.cards.length,
      quizzes: doc.cards.flatMap((card, index) =>
        card.kind === 'quiz' && Array.isArray(card.options) ? [{ card: index, options: card.options.length }] : [],
      ),
    }));
}

/**
 * What owner `i` keeps in their private database, valid by its rule: a needs check-in (half of them
 * one from three months before too), three lessons started or finished with their quiz answers, and
 * whether one lesson was useful. Varied by `i` so that the figures have spreads to count.
 */
function privateDocs(i, lessons, topics) {
  const at = '2026-12-01T10:00:00.000Z';
  const ratings = (shift) => Object.fromEntries(topics.map((topic, t) => [topic, 1 + ((i * 7 + t * 3 + shift) % 5)]));
  const docs = [
    {
      _id: 'needs:2026-12-01',
      type: 'needs',
      ratings: ratings(0),
      ...(i % 3 === 0 ? { request: `Help with ${topics[i % topics.length]} in the quiet months` } : {}),
      updatedAt: at,
    },
  ];
  if (i % 2 === 0) docs.push({ _id: 'needs:2026-08-15', type: 'needs', ratings: ratings(2), updatedAt: '2026-08-15T10:00:00.000Z' });
  for (let k = 0; k < 3; k++) {
    const lesson = lessons[(i + k) % lessons.length];
    const completed = (i + k) % 2 === 0;
    const answers = Object.fromEntries(lesson.quizzes.map((quiz) => [String(quiz.card), [(i + quiz.card) % quiz.options]]));
    docs.push({
      _id: `progress:${lesson.id}`,
      type: 'progress',
      lessonId: lesson.id,
      status: completed ? 'completed' : 'started',
      cardIndex: Math.min(50, completed ? lesson.cards - 1 : 1),
      answers,
      ...(completed ? { completedAt: at } : {}),
      updatedAt: at,
    });
  }
  const rated = lessons[i % lessons.length];
  docs.push({
    _id: `feedback:${rated.id}`,
    type: 'feedback',
    lessonId: rated.id,
    useful: i % 4 !== 0,
    ...(i % 5 === 0 ? { comment: 'The bakery example helped.' } : {}),
    updatedAt: at,
  });
  return docs;
}

/** Writes each owner's documents as the store's admin, eight databases at a time (`first` is the first name's owner number). */
async function seedPrivateDatabases(couch, names, first, lessons, topics) {
  let next = 0;
  let written = 0;
  const seedNext = async () => {
    while (next < names.length) {
      const i = next++;
      const docs = privateDocs(first + i, lessons, topics);
      const refused = (await couch.use(userDbName(names[i])).bulk({ docs })).filter((row) => row.error);
      if (refused.length) throw new Error(`seed of ${names[i]} refused: ${JSON.stringify(refused[0])}`);
      written += docs.length;
    }
  };
  await Promise.all(Array.from({ length: 8 }, seedNext));
  return written;
}

/** Baseline: every owner's private database read whole, one after another as the catch-up reads them. */
async function readPrivateDatabases(couch, names) {
  const begin = performance.now();
  for (const name of names) await couch.use(userDbName(name)).list({ include_docs: true });
  return performance.now() - begin;
}

async function timed(work) {
  const begin = performance.now();
  await work();
  return performance.now() - begin;
}

/** One owner after another answers a quiz question again, the gateway reports it, and the flush brings it into the figures. */
async function oneChangeCosts(couch, aggregator, names) {
  const changes = [];
  for (let run = 0; run < RUNS; run++) {
    const name = names[run];
    const db = couch.use(userDbName(name));
    const progress = (await db.list({ include_docs: true, startkey: 'progress:', endkey: 'progress:\ufff0', limit: 1 })).rows[0].doc;
    const answers = Object.fromEntries(Object.entries(progress.answers ?? {}).map(([card, chosen]) => [card, [...chosen, 9 - run]]));
    await db.insert({ ...progress, answers, updatedAt: new Date().toISOString() });
    changes.push(
      await timed(async () => {
        aggregator.ownerChanged(name);
        await aggregator.flush();
      }),
    );
  }
  return median(changes);
}

export async function insights() {
  const { couchClient, runningStoreUrl, InsightsAggregator, LEARNING_FIGURES_ID, NEEDS_FIGURES_ID, NEEDS_TOPICS } = serverModules();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'me2me-bench-insights-'));
  const server = await startSyncServer({ dataDir, env: { SIGN_UPS_PER_ADDRESS_PER_HOUR: '100000' } });
  try {
    // The store's admin, as the server itself reaches it (the address and secret it keeps in its data directory).
    const storeUrl = await runningStoreUrl(dataDir);
    if (!storeUrl) throw new Error(`no running store found in ${dataDir}`);
    const couch = couchClient(storeUrl);
    const lessons = await quizLessons(couch);
    if (lessons.length === 0) throw new Error('the catalog has no lessons to answer');
    // Not started: start() would repeat the catch-up on a timer of its own. Accounts made a minute ago
    // count, and a network may publish at every run, so that each run does all of its work.
    const aggregator = new InsightsAggregator(couch, { insightsMinHours: 0, insightsMinAccountDays: 0, insightsBatchOwners: 1 });

    // A quarter of the network first, for the cost of one change before the network grows fourfold.
    const early = Math.max(RUNS, Math.floor(OWNERS / 4));
    const seeding = performance.now();
    const earlyNames = await signUpOwners(server.baseUrl, 0, early);
    let written = await seedPrivateDatabases(couch, earlyNames, 0, lessons, NEEDS_TOPICS);
    let seedSeconds = (performance.now() - seeding) / 1000;
    await aggregator.catchUp();
    const earlyChange = await oneChangeCosts(couch, aggregator, earlyNames);

    const growing = performance.now();
    const laterNames = await signUpOwners(server.baseUrl, early, OWNERS);
    written += await seedPrivateDatabases(couch, laterNames, early, lessons, NEEDS_TOPICS);
    seedSeconds += (performance.now() - growing) / 1000;
    const names = [...earlyNames, ...laterNames];
    const reads = [await readPrivateDatabases(couch, names)];
    // The first catch-up after the network grew writes the new owners' parts; the others find nothing changed.
    const first = await timed(() => aggregator.catchUp());
    const again = [];
    for (let run = 0; run < RUNS; run++) {
      reads.push(await readPrivateDatabases(couch, names));
      again.push(await timed(() => aggregator.catchUp()));
    }
    const read = median(reads);
    const change = await oneChangeCosts(couch, aggregator, laterNames);
    const needs = (await couch.use(INSIGHTS_PL).get(NEEDS_FIGURES_ID)).figures;
    const learning = (await couch.use(INSIGHTS_PL).get(LEARNING_FIGURES_ID)).figures;
    console.log(
      `Insights catch-up over ${OWNERS} owners of one network: ${ms(first)} the first time (the ${OWNERS - early} newest owners' parts written), ` +
        `${ms(median(again))} again with nothing changed (median of ${RUNS}) (goal: <= ${ms(GOAL_MS)}); ` +
        `${(first / read).toFixed(2)}x and ${(median(again) / read).toFixed(2)}x reading the same ${OWNERS} private databases with _all_docs (${ms(read)})`,
    );
    console.log(
      `A new answer reflected in the figures with ${OWNERS} owners in the network (one owner's write reported, flushed and published): ` +
        `${ms(change)} (median of ${RUNS}; it reads that owner's records and the network's parts, no other private database); ` +
        `${ms(earlyChange)} with ${early} owners: ${(change / earlyChange).toFixed(2)}x for ${(OWNERS / early).toFixed(0)}x the owners`,
    );
    console.log(
      `  (seeded ${OWNERS} owners with ${written} documents in ${seedSeconds.toFixed(0)} s; the Polish figures count ${learning.owners} learners, ` +
        `${needs.answered} needs check-ins and ${learning.questions.length} quiz questions)`,
    );
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
