import {
  createRxDatabase,
  fillWithDefaultSettings,
  normalizeMangoQuery,
  prepareQuery,
  type RxCollection,
  type RxDatabase,
  type RxStorage,
} from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { createAppDatabase } from './database';
import { FEATURES } from './features';
import { saveProgress } from './progress-repository';
import { readingRangesWhole, reportingFullStorage } from './storage';
import { deleteStores } from './salvage';
import { isQuotaError } from './storage-health';

/** Memory storage whose next write fails as IndexedDB does when the origin's quota is used up. */
function storageThatFillsUp(): { storage: RxStorage<unknown, unknown>; fillUp(): void } {
  const memory = getRxStorageMemory();
  let full = false;
  const storage: RxStorage<unknown, unknown> = {
    ...memory,
    name: memory.name,
    rxdbVersion: memory.rxdbVersion,
    async createStorageInstance(params) {
      const instance = await memory.createStorageInstance(params as never);
      const bulkWrite = instance.bulkWrite.bind(instance);
      instance.bulkWrite = (writes, context) => {
        if (!full) return bulkWrite(writes, context);
        full = false;
        return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      };
      return instance as never;
    },
  };
  return { storage, fillUp: () => (full = true) };
}

describe('a phone that runs out of space', () => {
  it('fails the write that did not fit, reports it, and takes the next one', async () => {
    const { storage, fillUp } = storageThatFillsUp();
    let reported = 0;
    const reporting = wrappedValidateAjvStorage({ storage: reportingFullStorage(storage, () => reported++) });
    const db = await createAppDatabase(`full-${Date.now()}`, reporting, { multiInstance: false });
    fillUp();
    await expectAsync(saveProgress(db, { lessonId: 'lesson:a', cardIndex: 1, status: 'started' })).toBeRejected();
    expect(reported).toBe(1);
    await saveProgress(db, { lessonId: 'lesson:b', cardIndex: 2, status: 'started' });
    expect((await db.personal.findOne('progress:lesson:b').exec())?.get('cardIndex')).toBe(2);
    expect(reported).toBe(1);
    await db.remove();
  });

  it('recognises a full store however the error is wrapped', () => {
    expect(isQuotaError(new DOMException('x', 'QuotaExceededError'))).toBeTrue();
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBeTrue();
    expect(isQuotaError({ code: 'SNH', parameters: { error: new DOMException('x', 'QuotaExceededError') } })).toBeTrue();
    expect(isQuotaError(new Error('network down'))).toBeFalse();
  });
});

describe('reading a whole index range at once (IndexedDB)', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute)).toISOString();
  // Threads, posts and marks in no particular order, some waiting, some taken back, one without a marker.
  const docs = Array.from({ length: 60 }, (_, n) => {
    const type = ['thread', 'post', 'post', 'helpful', 'follow'][n % 5]!;
    const fields =
      type === 'thread'
        ? { title: `Question ${n}`, body: 'How?', topic: n % 2 ? 'pricing' : 'marketing' }
        : type === 'post'
          ? { threadId: `thread:t${(n * 7) % 60}`, body: `Answer ${n}` }
          : type === 'helpful'
            ? { targetId: `post:t${n - 1}` }
            : { threadId: `thread:t${n % 60}` };
    const sync =
      n % 11 === 0 ? undefined : { state: n % 4 === 0 ? 'waiting' : 'pulled', rev: `1-${n}`, ...(n % 6 === 0 ? { deleted: true } : {}) };
    return { id: `${type}:t${n}`, type, author: `owner${n % 7}`, createdAt: at((n * 37) % 60), ...fields, ...(sync ? { sync } : {}) };
  });
  const queries: object[] = [
    {},
    { selector: { type: 'post' } },
    { selector: { 'sync.state': 'waiting' } },
    { selector: { 'sync.queuedAt': { $exists: false } } },
    { selector: { 'sync.deleted': { $ne: true } }, sort: [{ createdAt: 'desc' }] },
    { selector: { author: { $in: ['owner1', 'owner3'] } }, sort: [{ createdAt: 'asc' }], skip: 3 },
    { selector: { id: { $gt: 'post:t30' } } },
    { selector: { id: { $gte: 'thread:', $lt: 'thread:\uffff' } } },
    { selector: { type: 'thread' }, limit: 4 },
    { selector: { $or: [{ type: 'thread' }, { author: 'owner5' }] }, sort: [{ id: 'desc' }] },
    { sort: [{ id: 'asc' }], skip: 5 },
  ];
  /** Questions with no document in their answer: a range IndexedDB cannot express, and a limit of 0 (RxDB's own path). */
  const empty: object[] = [{ selector: { id: { $gt: 'z', $lt: 'a' } } }, { selector: { type: 'moderation' } }, { limit: 0 }];
  /** A document with RxDB's deletion flag and attachments; its revision and write time differ from one database to the other. */
  const stored = (doc: { toJSON(withMeta: true): Record<string, unknown> }) => {
    const { _rev, _meta, ...fields } = doc.toJSON(true);
    return fields;
  };
  let plain: RxDatabase;
  let whole: RxDatabase;
  /** The discussion collection alone: RxDB's open-source edition opens at most 13 collections at once. */
  async function discussionOn(name: string, storage: RxStorage<unknown, unknown>): Promise<RxDatabase> {
    const db = await createRxDatabase({ name, storage: wrappedValidateAjvStorage({ storage }), multiInstance: false });
    const { schema, migrationStrategies } = FEATURES.find((feature) => feature.collection === 'discussion')!;
    await db.addCollections({ discussion: { schema, migrationStrategies } });
    const discussion = db['discussion'] as RxCollection;
    await discussion.bulkInsert(docs);
    // Removed documents stay in the store, flagged: never in an answer.
    await (await discussion.findOne('post:t1').exec())!.remove();
    return db;
  }

  beforeAll(async () => {
    const name = `whole-ranges-${Date.now()}`;
    plain = await discussionOn(`${name}-plain`, getRxStorageDexie());
    whole = await discussionOn(`${name}-whole`, readingRangesWhole(getRxStorageDexie()));
  });
  afterAll(async () => {
    for (const db of [plain, whole]) {
      await db.close();
      await deleteStores(db.name);
    }
  });

  it('answers every query with the documents, order and fields RxDB reads itself', async () => {
    for (const query of [...queries, ...empty]) {
      const expected = (await plain['discussion']!.find(query).exec()).map(stored);
      const answered = (await whole['discussion']!.find(query).exec()).map(stored);
      expect(answered).withContext(JSON.stringify(query)).toEqual(expected);
      if (queries.includes(query)) expect(answered.length).withContext(JSON.stringify(query)).toBeGreaterThan(0);
    }
  });

  it('reads an unlimited query with one request, and leaves a limited one to the cursor that can stop early', async () => {
    const getAll = spyOn(IDBIndex.prototype, 'getAll').and.callThrough();
    // Queries not asked before: RxDB answers a repeated one from its cache.
    await whole['discussion']!.find({ selector: { author: 'owner2' } }).exec();
    expect(getAll).toHaveBeenCalledTimes(1);
    await whole['discussion']!.find({ selector: { author: 'owner4' }, limit: 2 }).exec();
    expect(getAll).toHaveBeenCalledTimes(1);
  });

  it('leaves a closed instance to RxDB, which refuses with its own error', async () => {
    const schema = fillWithDefaultSettings(FEATURES.find((feature) => feature.collection === 'discussion')!.schema);
    const databaseName = `whole-ranges-closed-${Date.now()}`;
    const instance = await readingRangesWhole(getRxStorageDexie()).createStorageInstance({
      databaseInstanceToken: databaseName,
      databaseName,
      collectionName: 'discussion',
      schema,
      options: {},
      multiInstance: false,
      devMode: false,
    });
    await instance.close();
    await expectAsync(instance.query(prepareQuery(schema, normalizeMangoQuery(schema, {})))).toBeRejectedWithError(/is closed/);
    await deleteStores(databaseName);
  });
});
