import { InjectionToken } from '@angular/core';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';

/** The storage behind the local database: IndexedDB (Dexie) in the browser; tests provide memory. */
export const RX_STORAGE = new InjectionToken<RxStorage<unknown, unknown>>('RX_STORAGE', {
  providedIn: 'root',
  factory: () => wrappedValidateAjvStorage({ storage: getRxStorageDexie() }),
});
