import type { RxStorage } from 'rxdb';
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
