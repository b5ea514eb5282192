import type { RxStorage, RxStorageInstance } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { createAppDatabase, type AppDatabase } from '../database';

let counter = 0;

/** Memory storage validated like the real one. */
function memoryStorage(): RxStorage<unknown, unknown> {
  return wrappedValidateAjvStorage({ storage: getRxStorageMemory() });
}

/** A fresh database on memory storage for one test. */
export function createMemoryDatabase(storage = memoryStorage()): Promise<AppDatabase> {
  counter += 1;
  return createAppDatabase(`test-${Date.now()}-${counter}`, storage, { multiInstance: false });
}

/**
 * Memory storage on which replication's first record of the server's copy of `docId` is never written,
 * as when the app is closed between storing a pulled document and storing that record (two writes).
 */
export function closedBeforeRecording(docId: string): RxStorage<unknown, unknown> {
  let dropped = false;
  return withReplicationRecords((records) => {
    const bulkWrite = records.bulkWrite.bind(records);
    records.bulkWrite = (rows, context) => {
      const record = rows.find((row) => (row.document as { itemId?: string }).itemId === docId);
      if (dropped || !record || context !== 'replication-down-write-meta') return bulkWrite(rows, context);
      dropped = true;
      return bulkWrite(rows.filter((row) => row !== record), context);
    };
  });
}

/** Memory storage on which reading replication's record of `docId` fails once `failNextRead()` is called (a storage hiccup). */
export function flakyRecordReads(docId: string): { storage: RxStorage<unknown, unknown>; failNextRead: () => void } {
  let fail = false;
  const storage = withReplicationRecords((records) => {
    const findDocumentsById = records.findDocumentsById.bind(records);
    records.findDocumentsById = (ids, withDeleted) => {
      if (!fail || !ids.includes(`${docId}|0`)) return findDocumentsById(ids, withDeleted);
      fail = false;
      return Promise.reject(new Error('The storage could not be read just now'));
    };
  });
  return { storage, failNextRead: () => (fail = true) };
}

/** Memory storage whose replication records (RxDB's meta storage instances) `change` may tamper with. */
function withReplicationRecords(change: (records: RxStorageInstance<unknown, unknown, unknown>) => void): RxStorage<unknown, unknown> {
  const storage = memoryStorage();
  return {
    ...storage,
    async createStorageInstance(params) {
      const instance = await storage.createStorageInstance(params);
      if (params.collectionName.startsWith('rx-replication-meta-')) change(instance as RxStorageInstance<unknown, unknown, unknown>);
      return instance;
    },
  };
}
