import {
  createRevision, getAssumedMasterState, getChangedDocumentsSince, getComposedPrimaryKeyOfDocumentData, getLastCheckpointDoc,
  getMetaWriteRow, now, writeDocToDocState,
  type RxDocumentData, type RxStorageDefaultCheckpoint, type RxStorageReplicationMeta, type WithDeleted,
} from 'rxdb';
import { couchDBDocToRxDocData, type CouchDBCheckpointType, type RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';

/** How many stored documents are checked at a time. */
const BATCH = 500;
/** The record, beside RxDB's checkpoints, of how far the stored documents were checked. */
const CHECKED = 'lost-records-checked';

/**
 * Defect 10: a document whose pull the app was closed in the middle of could stay behind for good.
 *
 * Beside each pulled document RxDB keeps a record of the server's copy. A stored document with no record
 * is taken for a local edit not yet pushed, and later server changes to it are skipped so as not to
 * overwrite it. The document and its record are two IndexedDB writes, so an app closed between them (a
 * reload during the first sync, the phone's system ending the app) leaves a server copy with no record.
 * RxDB marks such a copy in its `_meta` for this case, but 17.6 drops `_meta` when it stores a document
 * for the first time. The push side has by then moved its checkpoint past the document, so nothing ever
 * looks at it again: a projection the server rewrites never reaches the phone.
 *
 * A stored document up to the push checkpoint can only lack a record for that reason: a local edit gets
 * its record before the push checkpoint moves past it, and later edits come after the checkpoint.
 * Such documents are recorded as the server's copy they are, and their ids returned so that their
 * current server copy can be pulled again (see pullAgain). Run before the replication's requests go out.
 */
export async function recordLostServerCopies<T>(replication: RxCouchDBReplicationState<T>): Promise<string[]> {
  await replication.startPromise;
  const state = replication.internalReplicationState;
  const records = replication.metaInstance;
  if (!state || !records) return [];
  const pushedUpTo = await getLastCheckpointDoc<T, RxStorageDefaultCheckpoint>(state, 'up');
  if (!pushedUpTo) return [];
  // Documents checked at an earlier start keep their records; one changed since has moved past there.
  const checkedId = getComposedPrimaryKeyOfDocumentData(records.schema, { itemId: CHECKED, isCheckpoint: '1' });
  const [checked] = await records.findDocumentsById([checkedId], false);
  const lost: string[] = [];
  let since = checked?.checkpointData as RxStorageDefaultCheckpoint | undefined;
  for (;;) {
    const batch = await getChangedDocumentsSince(state.input.forkInstance, BATCH, since);
    const passed = batch.documents.filter(
      (doc) => doc._meta.lwt < pushedUpTo.lwt || (doc._meta.lwt === pushedUpTo.lwt && primaryKey(doc) <= pushedUpTo.id),
    );
    const recorded = await getAssumedMasterState(state, passed.map(primaryKey));
    const unrecorded = passed.filter((doc) => !recorded[primaryKey(doc)]);
    if (unrecorded.length > 0) {
      const rows = await Promise.all(unrecorded.map((doc) => getMetaWriteRow(state, writeDocToDocState(doc, false, false))));
      await records.bulkWrite(rows, 'me2me-record-lost-server-copy');
      lost.push(...unrecorded.map(primaryKey));
    }
    if (passed.length < BATCH) break;
    since = batch.checkpoint as RxStorageDefaultCheckpoint;
  }
  // Like RxDB's own push checkpoint, it holds a position in local storage where the type names the server's.
  const checkedNow: RxDocumentData<RxStorageReplicationMeta<T, unknown>> = {
    id: checkedId, itemId: CHECKED, isCheckpoint: '1', checkpointData: pushedUpTo,
    _deleted: false, _attachments: {}, _meta: { lwt: now() }, _rev: createRevision(await state.checkpointKey, checked),
  };
  await records.bulkWrite([{ previous: checked, document: checkedNow as typeof checked }], 'me2me-record-lost-server-copy');
  return lost;
}

/**
 * Hands the server's current copies of `ids` to the replication as if they had just changed: the
 * changes skipped while they had no record are applied now.
 */
export async function pullAgain<T>(replication: RxCouchDBReplicationState<T>, ids: readonly string[]): Promise<void> {
  const state = replication.internalReplicationState;
  // With no pull checkpoint yet, the next pull starts from the beginning and brings them anyway.
  const checkpoint = state && (await getLastCheckpointDoc<T, CouchDBCheckpointType>(state, 'down'));
  if (!checkpoint || ids.length === 0) return;
  const response = await replication.fetch(`${replication.url}_all_docs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ keys: ids, include_docs: true }),
  });
  if (!response.ok) throw new Error(`Pulling ${ids.length} documents again failed: ${response.status}`);
  const rows = ((await response.json()) as { rows: AllDocsRow[] }).rows;
  const documents = rows.flatMap((row): WithDeleted<T>[] => {
    if (!row.id) return [];
    if (row.value?.deleted || !row.doc) return [{ id: row.id, _deleted: true } as unknown as WithDeleted<T>];
    return [couchDBDocToRxDocData<T>('id', row.doc)];
  });
  replication.emitEvent({ documents, checkpoint });
}

interface AllDocsRow {
  id?: string;
  value?: { rev: string; deleted?: boolean };
  doc?: Record<string, unknown> | null;
}

function primaryKey(doc: object): string {
  return (doc as { id: string }).id;
}
