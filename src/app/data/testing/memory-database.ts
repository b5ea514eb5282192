import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { createAppDatabase, type AppDatabase } from '../database';

let counter = 0;

/** A fresh database on memory storage, validated like the real one, for one test. */
export function createMemoryDatabase(): Promise<AppDatabase> {
  counter += 1;
  return createAppDatabase(`test-${Date.now()}-${counter}`, wrappedValidateAjvStorage({ storage: getRxStorageMemory() }), {
    multiInstance: false,
  });
}
