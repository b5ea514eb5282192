import { InjectionToken, inject } from '@angular/core';
import { getQueryMatcher, getSortComparator, type PreparedQuery, type RxDocumentData, type RxStorage } from 'rxdb';
import {
  DEXIE_DOCS_TABLE_NAME,
  dexieReplaceIfStartsWithPipe,
  fromDexieToStorage,
  getKeyRangeByQueryPlan,
  getRxStorageDexie,
  type RxStorageDexie,
  type RxStorageInstanceDexie,
} from 'rxdb/plugins/storage-dexie';
import { withSchemaValidation } from './dev-plugins';
import { idbRequest } from './salvage';
import { StorageHealth, isQuotaError } from './storage-health';

/** The storage behind the local database: IndexedDB (Dexie) in the browser; tests provide memory. */
export const RX_STORAGE = new InjectionToken<RxStorage<unknown, unknown>>('RX_STORAGE', {
  providedIn: 'root',
  factory: () => {
    const health = inject(StorageHealth);
    return withSchemaValidation(reportingFullStorage(readingRangesWhole(getRxStorageDexie()), () => health.full.set(true)));
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

/**
 * RxDB's Dexie storage reads a query's index range with one cursor step per document. A query with
 * no limit reads the whole range anyway, so here it is read with one `getAll` over the same range of
 * the same index, then matched, sorted and skipped as RxDB does: the same documents in the same order,
 * in about three quarters of the time (bench `queries`). A limited query may stop early: RxDB's own.
 */
export function readingRangesWhole(storage: RxStorageDexie): RxStorageDexie {
  return {
    ...storage,
    name: storage.name,
    rxdbVersion: storage.rxdbVersion,
    async createStorageInstance(params) {
      const instance = await storage.createStorageInstance(params);
      const query = instance.query.bind(instance);
      // A closed instance is RxDB's to refuse, with its own error.
      instance.query = async (prepared) =>
        instance.closed || typeof prepared.query.limit === 'number' ? query(prepared) : { documents: await wholeRange(instance, prepared) };
      return instance;
    },
  };
}

async function wholeRange<T>(instance: RxStorageInstanceDexie<T>, prepared: PreparedQuery<T>): Promise<RxDocumentData<T>[]> {
  const state = await instance.internals;
  const plan = prepared.queryPlan;
  let range: IDBKeyRange;
  try {
    range = getKeyRangeByQueryPlan(state.booleanIndexes, plan, state.dexieDb._options.IDBKeyRange);
  } catch (error) {
    // A range IndexedDB cannot express holds nothing (RxDB answers the same).
    if ((error as Error).name === 'DataError') return [];
    throw error;
  }
  const indexName = `[${plan.index.map((field) => dexieReplaceIfStartsWithPipe(field)).join('+')}]`;
  const records = await state.dexieDb.transaction('r', state.dexieTable, (transaction) =>
    idbRequest(transaction.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME).index(indexName).getAll(range)),
  );
  let documents = records.map((record) => fromDexieToStorage<T>(state.booleanIndexes, record));
  if (!plan.selectorSatisfiedByIndex) documents = documents.filter(getQueryMatcher(instance.schema, prepared.query));
  if (!plan.sortSatisfiedByIndex) documents.sort(getSortComparator(instance.schema, prepared.query));
  return prepared.query.skip ? documents.slice(prepared.query.skip) : documents;
}
