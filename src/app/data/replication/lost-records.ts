import {
  createRevision, getChangedDocumentsSince, getComposedPrimaryKeyOfDocumentData, now, writeDocToDocState,
  type BulkWriteRow, type RxDocumentData, type RxStorageDefaultCheckpoint, type RxStorageInstance, type RxStorageReplicationMeta,
} from 'rxdb';
import type { RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';

type Row = RxDocumentData<RxStorageReplicationMeta<unknown, unknown>>;

/** How many stored documents are checked at a time. */
const BATCH = 500;
/** Beside RxDB's own checkpoints, how far the stored documents were checked at an earlier start. */
const CHECKED = 'lost-records-checked';
const WRITE_CONTEXT = 'me2me-repair-lost-records';

/**
 * Defect 10: a document whose first pull the app was closed in the middle of never took a server
 * change again.
 *
 * Beside each pulled document RxDB keeps a record of the server's copy. A stored document with no record
 * is taken for a local edit not yet pushed, and server changes to it are skipped so as not to overwrite
 * it. The document and its record are two IndexedDB writes, so an app closed between them (a reload
 * during the first sync, the phone's system ending the app) leaves a server copy with no record. RxDB
 * marks such a copy in its `_meta` for this case, but 17.6 drops `_meta` when it stores a document for
 * the first time, and the push side has by then moved its checkpoint past the document, so nothing
 * ever looks at it again: a projection the server rewrites never reaches the phone.
 *
 * Run before the replication starts. A stored document up to the push checkpoint with no record is such
 * a pulled copy, unless the outbox still waits for it (`unsent`). Pulled copies are recorded as the
 * server's copies they are, and the pull starts again from the beginning so that the changes skipped
 * meanwhile arrive (stored, so a start cut short goes on where it stopped).
 *
 * RxDB also passes over a push that failed half-way (a storage read error): its checkpoint moves on
 * and the write is never sent, whether or not the document had a record. So every document the outbox
 * waits for that lies up to the push checkpoint is written again unchanged, which puts it after the
 * checkpoint: the push offers it, and the conflict rules merge it with any server copy. One whose
 * record already matches it did reach the server (the app closed before the outbox heard): it is
 * returned, for the outbox to mark sent.
 */
export async function repairLostRecords<T>(replication: RxCouchDBReplicationState<T>, unsent: ReadonlySet<string>): Promise<RxDocumentData<T>[]> {
  const collection = replication.collection;
  const database = collection.database;
  // The storage RxDB keeps these records in, opened as RxDB opens it when the replication starts.
  const { collectionName, schema } = await replication.metaInfoPromise;
  const records = (await database.storage.createStorageInstance({
    databaseName: database.name,
    collectionName,
    databaseInstanceToken: database.token,
    multiInstance: database.multiInstance,
    options: {},
    schema,
    password: database.password,
    devMode: false,
  })) as RxStorageInstance<RxStorageReplicationMeta<unknown, unknown>, unknown, unknown>;
  const idOf = (itemId: string, isCheckpoint: '0' | '1') => getComposedPrimaryKeyOfDocumentData(schema, { itemId, isCheckpoint });
  const newRow = (fields: Partial<Row> & { itemId: string; isCheckpoint: '0' | '1' }, previous?: Row): Row => ({
    ...previous, ...fields, id: idOf(fields.itemId, fields.isCheckpoint),
    _deleted: false, _attachments: {}, _meta: { lwt: now() }, _rev: createRevision(database.token, previous),
  });
  const write = async (rows: BulkWriteRow<RxStorageReplicationMeta<unknown, unknown>>[]) => {
    const { error } = await records.bulkWrite(rows, WRITE_CONTEXT);
    if (error.length > 0) throw new Error(`Replication records not written: ${JSON.stringify(error[0])}`);
  };
  try {
    const [upId, downId, checkedId] = ['up', 'down', CHECKED].map((itemId) => idOf(itemId, '1')) as [string, string, string];
    const checkpoints = new Map((await records.findDocumentsById([upId, downId, checkedId], false)).map((row) => [row.id, row]));
    const pushedUpTo = checkpoints.get(upId)?.checkpointData as RxStorageDefaultCheckpoint | undefined;
    if (!pushedUpTo) return [];
    const stored = collection.storageInstance as RxStorageInstance<T, unknown, unknown, RxStorageDefaultCheckpoint>;
    const passedBy = (doc: RxDocumentData<T>) =>
      doc._meta.lwt < pushedUpTo.lwt || (doc._meta.lwt === pushedUpTo.lwt && primaryKey(doc) <= pushedUpTo.id);
    const recordsOf = async (docs: RxDocumentData<T>[]) =>
      new Map((await records.findDocumentsById(docs.map((doc) => idOf(primaryKey(doc), '0')), true)).map((row) => [row.itemId, row]));
    const lost: RxDocumentData<T>[] = [];
    let since = checkpoints.get(checkedId)?.checkpointData as RxStorageDefaultCheckpoint | undefined;
    for (;;) {
      const batch = await getChangedDocumentsSince(stored, BATCH, since);
      const passed = batch.documents.filter(passedBy);
      const recorded = await recordsOf(passed);
      lost.push(...passed.filter((doc) => !recorded.has(primaryKey(doc)) && !unsent.has(primaryKey(doc))));
      if (passed.length < BATCH) break;
      since = batch.checkpoint;
    }
    // In this order, so that an app closed half-way leaves something the next start finds and finishes.
    const pulledUpTo = checkpoints.get(downId);
    if (lost.length > 0 && pulledUpTo) {
      await write([{ previous: pulledUpTo, document: newRow({ itemId: 'down', isCheckpoint: '1', checkpointData: { sequence: 0 } }, pulledUpTo) }]);
    }
    if (lost.length > 0) {
      await write(lost.map((doc) => ({ document: newRow({ itemId: primaryKey(doc), isCheckpoint: '0', docData: writeDocToDocState(doc, false, false) }) })));
    }
    const waiting = (await stored.findDocumentsById([...unsent], true)).filter(passedBy);
    const waitingRecords = await recordsOf(waiting);
    const delivered = waiting.filter((doc) => {
      const record = waitingRecords.get(primaryKey(doc));
      return !!record && collection.conflictHandler.isEqual(record.docData as never, writeDocToDocState(doc, false, false), 'me2me-delivered');
    });
    const offerAgain = waiting.filter((doc) => !delivered.includes(doc));
    if (offerAgain.length > 0) {
      const { error } = await stored.bulkWrite(offerAgain.map((doc) => ({ previous: doc, document: { ...doc } })), WRITE_CONTEXT);
      if (error.length > 0) throw new Error(`Unsent documents not offered again: ${JSON.stringify(error[0])}`);
    }
    const checkedBefore = checkpoints.get(checkedId);
    await write([{ previous: checkedBefore, document: newRow({ itemId: CHECKED, isCheckpoint: '1', checkpointData: pushedUpTo }, checkedBefore) }]);
    return delivered;
  } finally {
    await records.close();
  }
}

function primaryKey(doc: object): string {
  return (doc as { id: string }).id;
}
