import type { RxStorage } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { createAppDatabase, type AppDatabase } from '../database';

let counter = 0;

/** Memory storage validated like the real one. */
export function memoryStorage(): RxStorage<unknown, unknown> {
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
  const storage = memoryStorage();
  let dropped = false;
  return {
    ...storage,
    async createStorageInstance(params) {
      const instance = await storage.createStorageInstance(params);
      if (!params.collectionName.startsWith('rx-replication-meta-')) return instance;
      const bulkWrite = instance.bulkWrite.bind(instance);
      instance.bulkWrite = (rows, context) => {
        const record = rows.find((row) => (row.document as { itemId?: string }).itemId === docId);
        if (dropped || !record || context !== 'replication-down-write-meta') return bulkWrite(rows, context);
        dropped = true;
        return bulkWrite(rows.filter((row) => row !== record), context);
      };
      return instance;
    },
  };
}
