import type { RxCollection, WithDeleted } from 'rxdb';
import { encodeRefusal } from '../../../../sync-server/couchdb/refusal';
import type { ReplicatedFeature } from '../features';
import { changeDocument, contentOf, outboxFields, sameContent } from '../sync-marker';
import { CouchHttpError, type CouchClient } from './couch-client';
import { couchBody, localCopy, type CouchDoc, type LocalDoc } from './couch-documents';

const BATCH = 50;

export interface PushTarget {
  readonly feature: ReplicatedFeature;
  readonly collection: RxCollection<LocalDoc>;
  readonly client: CouchClient;
  readonly dbName: string;
  /** The server's rule for `doc` replacing `serverCopy` (null: none), as encodeRefusal keeps a refusal; null when it passes. */
  readonly check: (doc: CouchDoc, serverCopy: CouchDoc | null) => string | null;
}

interface ServerCopy {
  rev: string;
  /** As the server holds it; null when deleted. */
  doc: CouchDoc | null;
}

interface BulkDocsRow {
  id: string;
  ok?: boolean;
  rev?: string;
  error?: string;
  reason?: string;
  code?: string;
  params?: Record<string, string | number>;
}

type Outcome =
  | { send: CouchDoc; merged: WithDeleted<LocalDoc> }
  | { sent: WithDeleted<LocalDoc>; rev: string }
  | { refused: string }
  | { dropped: true };

/**
 * Sends up to one batch of the documents waiting to go, each with the `_rev` it replaces through
 * `_bulk_docs`, after merging it with the server's current copy by the feature's conflict rule and
 * checking the result with the server's rule. Each row of the answer settles its own document:
 * delivered, refused (shown, and never holding up another), or conflicting (merged again on the
 * next batch). Answers whether there was anything to send.
 */
export async function pushBatch(target: PushTarget): Promise<boolean> {
  const docs = await target.collection.find({ selector: { 'sync.state': 'waiting' }, limit: BATCH }).exec();
  // Plain JSON, as the server's copies are: the conflict rules compare the two.
  const waiting = docs.map((doc) => JSON.parse(JSON.stringify(doc.toMutableJSON())) as LocalDoc);
  if (waiting.length === 0) return false;
  const server = await serverCopies(
    target,
    waiting.map((doc) => doc.id),
  );
  const sending: { local: LocalDoc; send: CouchDoc; merged: WithDeleted<LocalDoc> }[] = [];
  for (const local of waiting) {
    const outcome = await decide(target, local, server.get(local.id));
    if ('send' in outcome) sending.push({ local, ...outcome });
    else await settle(target, local, outcome);
  }
  if (sending.length === 0) return true;
  const rows = await target.client.post<BulkDocsRow[]>(`${target.dbName}/_bulk_docs`, { docs: sending.map((item) => item.send) });
  let failed: BulkDocsRow | undefined;
  for (const row of rows) {
    const item = sending.find((candidate) => candidate.local.id === row.id);
    if (!item) continue;
    if (row.ok) await settle(target, item.local, { sent: item.merged, rev: row.rev! });
    else if (row.error === 'forbidden') {
      await settle(target, item.local, { refused: encodeRefusal({ code: row.code, params: row.params, reason: row.reason || 'refused' }) });
    } else if (row.error !== 'conflict') failed = row;
  }
  // Only a refusal is final; anything else (a session ended mid-batch) is tried again.
  if (failed) throw new CouchHttpError(failed.error === 'unauthorized' ? 401 : 500, `${target.dbName}/_bulk_docs`);
  return true;
}

async function serverCopies(target: PushTarget, ids: string[]): Promise<Map<string, ServerCopy>> {
  type Row = { key: string; value?: { rev: string; deleted?: boolean }; doc?: CouchDoc | null };
  const answer = await target.client.post<{ rows?: Row[] }>(`${target.dbName}/_all_docs`, { keys: ids, include_docs: true });
  const copies = new Map<string, ServerCopy>();
  for (const row of answer.rows ?? []) {
    if (row.value) copies.set(row.key, { rev: row.value.rev, doc: row.value.deleted || !row.doc || row.doc._deleted ? null : row.doc });
  }
  return copies;
}

async function decide(target: PushTarget, local: LocalDoc, server: ServerCopy | undefined): Promise<Outcome> {
  const rule = target.feature.conflictRule;
  const mine = { ...contentOf(local), _deleted: !!local.sync?.deleted } as WithDeleted<LocalDoc>;
  const serverLocal = server?.doc ? localCopy(target.feature, server.doc) : null;
  const theirs = server ? ({ ...(serverLocal ?? contentOf(local)), _deleted: !serverLocal } as WithDeleted<LocalDoc>) : null;
  // Someone changed it since this device last saw it: the feature's rule merges the two.
  const merged =
    theirs && server!.rev !== local.sync?.rev ? await rule.resolve({ realMasterState: theirs, newDocumentState: mine }, 'push') : mine;
  // Already on the server (an answer lost to a closed app, a killed server): nothing to send.
  if (theirs && (merged._deleted ? theirs._deleted : !theirs._deleted && rule.isEqual(merged, theirs, 'push')))
    return { sent: theirs, rev: server!.rev };
  if (merged._deleted && !serverLocal) return { dropped: true };
  const send = { ...couchBody(merged, local.id), ...(server ? { _rev: server.rev } : {}) };
  const reason = target.check(send, server?.doc ?? null);

  return reason === null ? { send, merged } : { refused: reason };
}

/**
 * Records what became of a write, unless the user wrote the document again meanwhile: then only the
 * server's new revision is kept, so that the newer write replaces it.
 */
async function settle(target: PushTarget, read: LocalDoc, outcome: Exclude<Outcome, { send: CouchDoc }>): Promise<void> {
  const sentAt = new Date().toISOString();
  await changeDocument(target.collection, read.id, (current) => {
    if (!current) return null;
    const unchanged = current.sync?.queuedAt === read.sync?.queuedAt && sameContent(contentOf(current), contentOf(read));
    if ('sent' in outcome) {
      if (!unchanged) return { ...current, sync: { ...current.sync!, rev: outcome.rev } };
      const { _deleted, ...content } = outcome.sent;
      return {
        ...content,
        sync: { ...outboxFields(read.sync), rev: outcome.rev, state: 'sent', sentAt, ...(_deleted ? { deleted: true } : {}) },
      };
    }
    if (!unchanged) return null;
    if ('refused' in outcome) return { ...current, sync: { ...current.sync!, state: 'refused', reason: outcome.refused } };
    // Made and taken back before it ever reached the server: nothing to tell it.
    return { ...current, _deleted: true };
  });
}
