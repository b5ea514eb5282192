import type { RxCollection } from 'rxdb';
import type { ReplicatedFeature } from '../features';
import { changeDocument, outboxFields, type Synced, type SyncMarker } from '../sync-marker';

/** A document as CouchDB holds it. */
export type CouchDoc = Record<string, unknown> & { _id: string; _rev?: string; _deleted?: boolean };
export type LocalDoc = Synced<{ id: string }> & Record<string, unknown>;

interface ChangeRow {
  id: string;
  changes: { rev: string }[];
  deleted?: boolean;
  doc?: CouchDoc;
}

/**
 * The server's document as this app version stores it: only the fields its schema names (a newer
 * server may add some), and nothing at all of a type it does not know (kept out, unseen).
 */
export function localCopy(feature: ReplicatedFeature, doc: CouchDoc): LocalDoc | null {
  const properties = feature.schema.properties as Record<string, { enum?: unknown[] }>;
  if (properties['type']?.enum && !properties['type'].enum.includes(doc['type'])) return null;
  const local: LocalDoc = { id: doc._id };
  for (const [key, value] of Object.entries(doc)) if (key in properties && key !== 'id' && key !== 'sync') local[key] = value;
  return local;
}

/** A local document as the server takes it: `id` becomes `_id`, the marker stays here. */
export function couchBody(content: Record<string, unknown>, id: string): CouchDoc {
  const { id: _local, sync: _marker, _deleted, ...fields } = content;
  return { ...fields, _id: id, ...(_deleted ? { _deleted: true } : {}) };
}

/**
 * Takes one `_changes` page into the collection: documents as they are, deletions as removals,
 * design documents never. A write of this device not yet on the server is left for the push, which
 * merges it with the server's copy.
 */
export async function applyChanges(feature: ReplicatedFeature, collection: RxCollection<LocalDoc>, rows: ChangeRow[]): Promise<void> {
  const changes = rows
    .filter((row) => !row.id.startsWith('_design/'))
    .map((row) => ({
      id: row.id,
      rev: String(row.doc?._rev ?? row.changes[0]?.rev),
      doc: row.deleted || !row.doc || row.doc._deleted ? null : localCopy(feature, row.doc),
    }));
  // Most of a page is new to the device (a first sync takes nothing else): inserted in one write,
  // and only what was already here decided one by one.
  const { error } = await collection.bulkInsert(
    changes.filter((change) => change.doc).map((change) => ({ ...change.doc!, sync: { rev: change.rev, state: 'pulled' } })),
  );
  const present = new Set(error.filter((e) => e.status === 409).map((e) => e.documentId));
  // One document the schema refuses must not stop the pull of every other.
  for (const e of error.filter((e) => e.status !== 409))
    console.warn(`A server document this app version cannot store was left out: ${e.documentId}`);
  const deletions = changes.filter((change) => !change.doc).map((change) => change.id);
  if (deletions.length) for (const id of (await collection.findByIds(deletions).exec()).keys()) present.add(id);
  for (const change of changes.filter((c) => present.has(c.id))) {
    await changeDocument(collection, change.id, (current) => {
      if (!current) return change.doc && { ...change.doc, sync: { rev: change.rev, state: 'pulled' } };
      const marker: SyncMarker | undefined = current.sync;
      // This revision already (the device's own push coming back), or a write not yet on the server.
      if (marker?.rev === change.rev || marker?.state === 'waiting' || marker?.state === 'refused') return null;
      if (!change.doc) return { ...current, _deleted: true };
      return { ...change.doc, sync: { ...outboxFields(marker), rev: change.rev, state: marker?.label ? 'sent' : 'pulled' } };
    });
  }
}
