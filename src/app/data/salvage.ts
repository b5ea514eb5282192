import type { AppDatabase } from './database';
import { FEATURES } from './features';
import { withLegacyMarker } from './legacy-outbox';
import type { SyncMarker } from './sync-marker';

/**
 * Reading what can still be read of a local database that no longer opens (a crash half-way through
 * an upgrade, a store changed behind the app's back), so that the user's own unsent work survives a
 * rebuild. It reads IndexedDB directly, beneath RxDB: the Dexie storage keeps one IndexedDB database
 * per collection, named `rxdb-dexie-<database>--<schema version>--<collection>`, documents in `docs`.
 */

/**
 * Every collection: the catalog too, so that lessons stay readable offline after a rebuild; and the
 * outbox of app versions before the sync markers (see legacy-outbox.ts).
 */
const COLLECTIONS = ['catalog', 'personal', 'discussion', 'authoring', 'workshops', 'reviews', 'uploads', 'readMarks', 'outbox'] as const;

export type SalvagedDocuments = Partial<Record<(typeof COLLECTIONS)[number], Record<string, unknown>[]>>;

/** One IndexedDB request as a promise. */
export function idbRequest<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

export async function storeNames(databaseName: string): Promise<string[]> {
  const prefix = `rxdb-dexie-${databaseName}--`;
  return (await indexedDB.databases()).map((d) => d.name ?? '').filter((name) => name.startsWith(prefix));
}

/** Every live document of each collection; throws if one that exists cannot be read (then nothing is deleted). */
export async function salvageDocuments(databaseName: string): Promise<SalvagedDocuments> {
  const names = await storeNames(databaseName);
  const salvaged: SalvagedDocuments = {};
  for (const collection of COLLECTIONS) {
    const name = names.find((n) => n.endsWith(`--${collection}`));
    if (!name) continue;
    const db = await idbRequest(indexedDB.open(name));
    try {
      const raw = await idbRequest(db.transaction('docs').objectStore('docs').getAll());
      salvaged[collection] = (raw as Record<string, unknown>[])
        .filter((doc) => doc['_deleted'] !== '1' && doc['_deleted'] !== true)
        .map(({ _deleted, _meta, _rev, _attachments, ...fields }) => fields);
    } finally {
      db.close();
    }
  }
  return salvaged;
}

/** Deletes every IndexedDB database of the local database, readable or not. */
export async function deleteStores(databaseName: string): Promise<void> {
  for (const name of await storeNames(databaseName)) await deleteIndexedDb(name);
}

export function deleteIndexedDb(name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const deletion = indexedDB.deleteDatabase(name);
    deletion.onsuccess = () => resolve();
    deletion.onerror = () => reject(deletion.error);
    // Another tab holding it open: it is deleted once that tab lets go.
    deletion.onblocked = () => resolve();
  });
}

/** Collections this device pushes: only their unsent documents are offered to the server again. */
const REPLICATED = new Set(FEATURES.filter((feature) => feature.rule).map((feature) => feature.collection as string));

/**
 * Puts the salvaged work into the fresh database: everything kept only on this device (pending
 * uploads, read marks), the catalog (pulled again all the same, it keeps lessons readable offline
 * meanwhile) and, of pushed documents, those whose latest write had not reached the server (waiting
 * or refused, by their markers). Those are offered to the server again; anything else comes back by
 * pulling. Documents the schema no longer accepts are left out. Returns how many unsent changes were kept.
 */
export async function restoreDocuments(db: AppDatabase, salvaged: SalvagedDocuments): Promise<number> {
  const { outbox, ...collections } = salvaged;
  let kept = 0;
  for (const [collection, docs] of Object.entries(collections)) {
    const marked = REPLICATED.has(collection) ? docs.map((doc) => withLegacyMarker(doc, collection, outbox ?? [])).filter(unsent) : docs;
    for (const doc of marked) {
      try {
        await db[collection as keyof typeof collections].insert(doc as never);
        if (REPLICATED.has(collection)) kept += 1;
      } catch (error) {
        console.warn(`A damaged ${collection} document was left out`, error);
      }
    }
  }
  return kept;
}

function unsent(doc: Record<string, unknown>): boolean {
  const state = (doc['sync'] as SyncMarker | undefined)?.state;
  return state === 'waiting' || state === 'refused';
}
