import type { RxCollection } from 'rxdb';
import type { AppDatabase } from './database';
import { FEATURES } from './features';
import { deleteIndexedDb, idbRequest, storeNames } from './salvage';
import { changeDocument, type Synced, type SyncMarker } from './sync-marker';

/**
 * App versions before the sync markers kept an outbox beside the documents and replicated with
 * RxDB's CouchDB plugin, which kept records of its own. Upgrading, the writes that outbox still
 * waited for (or that were refused) get their markers; then the old outbox and the plugin's records
 * are deleted. Documents without a marker count as the server's: the pull, starting from the
 * beginning, gives each its revision.
 */
export async function adoptLegacyOutbox(db: AppDatabase): Promise<void> {
  const names = (await storeNames(db.name)).filter((name) => name.endsWith('--outbox') || name.includes('--rx-replication-meta-'));
  const outbox = names.find((name) => name.endsWith('--outbox'));
  if (outbox) {
    const store = await idbRequest(indexedDB.open(outbox));
    let entries: Record<string, unknown>[];
    try {
      entries = (await idbRequest(store.transaction('docs').objectStore('docs').getAll())) as Record<string, unknown>[];
    } finally {
      store.close();
    }
    for (const entry of entries) {
      const feature = FEATURES.find((f) => f.rule && f.collection === entry['source']);
      const marker = markerOf(entry);
      if (!feature || !marker) continue;
      const collection = db[feature.collection] as unknown as RxCollection<Synced<{ id: string }>>;
      const id = String(entry['docId']);
      await changeDocument(collection, id, (current) => (current && !current.sync ? { ...current, sync: marker } : null));
      await keepWaitingDeletion(collection, id, marker);
    }
  }
  // Only once every marker is written: an app closed before this point does it all again.
  for (const name of names) await deleteIndexedDb(name);
}

/**
 * The old version deleted a document at once and let its outbox tell the server; the deletion, still
 * waiting, becomes a marked one (hidden from screens, pushed with the server's revision like any).
 * Without this the next pull would bring the document back: the user's deletion lost.
 */
async function keepWaitingDeletion(collection: RxCollection<Synced<{ id: string }>>, id: string, marker: SyncMarker): Promise<void> {
  if (await collection.findOne(id).exec()) return;
  const [stored] = await collection.storageInstance.findDocumentsById([id], true);
  if (!stored?._deleted) return;
  const { _deleted, _meta, _rev, _attachments, ...content } = stored as typeof stored & Record<string, unknown>;
  await collection.insert({ ...content, id, sync: { ...marker, deleted: true } } as Synced<{ id: string }>);
}

/** For a salvaged document of an old version: the marker its outbox entry stands for. */
export function withLegacyMarker(
  doc: Record<string, unknown>,
  collection: string,
  outbox: Record<string, unknown>[],
): Record<string, unknown> {
  if (doc['sync']) return doc;
  const marker = markerOf(outbox.find((entry) => entry['source'] === collection && entry['docId'] === doc['id']));
  return marker ? { ...doc, sync: marker } : doc;
}

function markerOf(entry: Record<string, unknown> | undefined): SyncMarker | null {
  if (!entry || (entry['state'] !== 'waiting' && entry['state'] !== 'refused')) return null;
  const reason = entry['reason'] ? { reason: String(entry['reason']) } : {};
  return { state: entry['state'], label: String(entry['label']), queuedAt: String(entry['queuedAt']), ...reason };
}
