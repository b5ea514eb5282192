import { InjectionToken, inject } from '@angular/core';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { withSchemaValidation } from './dev-plugins';
import { StorageHealth, isQuotaError } from './storage-health';

/** The storage behind the local database: IndexedDB (Dexie) in the browser; tests provide memory. */
export const RX_STORAGE = new InjectionToken<RxStorage<unknown, unknown>>('RX_STORAGE', {
  providedIn: 'root',
  factory: () => {
    const health = inject(StorageHealth);
    return withSchemaValidation(reportingFullStorage(getRxStorageDexie(), () => health.full.set(true)));
  },
});

/**
 * A write the phone has no room for fails (the caller keeps what the user typed) and is reported, so
 * that the user learns why and what to free. Each write is its own transaction: a refused one leaves
 * the next free to go through once there is room.
 */
export function reportingFullStorage<I, S>(storage: RxStorage<I, S>, onFull: () => void): RxStorage<I, S> {
  return {
    ...storage,
    name: storage.name,
    rxdbVersion: storage.rxdbVersion,
    async createStorageInstance(params) {
      const instance = await storage.createStorageInstance(params);
      const bulkWrite = instance.bulkWrite.bind(instance);
      instance.bulkWrite = async (writes, context) => {
        try {
          return await bulkWrite(writes, context);
        } catch (error) {
          if (isQuotaError(error)) onFull();
          throw error;
        }
      };
      return instance;
    },
  };
}
