import type { UserContext } from '../../couchdb/databases';
import type { Couch } from '../couch/client';
import type { DatabaseRules } from './database-rules';
import type { Doc } from './member-requests';
import type { StoreClient } from './store-client';
import { writeChecksFor } from './write-checks';

/** One document's outcome, in CouchDB's `_bulk_docs` answer shape. */
export interface WriteRow {
  id: string;
  ok?: true;
  rev?: string;
  error?: string;
  reason?: string;
  /** A refusal's stable code and parameters, for the app to say it in the member's language. */
  code?: string;
  params?: Record<string, unknown>;
}

interface StoredRow {
  key: string;
  error?: string;
  value?: { rev: string; deleted?: boolean };
  doc?: Doc | null;
}

/**
 * Members' writes: each document is checked against the stored copy it replaces by the database's
 * own rule (with the member's identity and the database's security) and by the server's checks that
 * need other documents, and only the documents that pass are written, by the server, with the
 * revision they were checked against. A change written meanwhile makes the store answer 409.
 */
export async function writeDocs(
  deps: { store: StoreClient; couch: Couch },
  db: string,
  rules: DatabaseRules,
  user: UserContext,
  docs: Doc[],
  newEdits: boolean,
): Promise<WriteRow[]> {
  docs = [...docs];
  const ids = [...new Set(docs.map((doc) => doc['_id'] as string))];
  const stored = new Map<string, StoredRow>();
  if (ids.length > 0) {
    const { body } = await deps.store.json<{ rows: StoredRow[] }>('POST', [db, '_all_docs'], { body: { keys: ids, include_docs: true } });
    for (const row of body.rows) stored.set(row.key, row);
  }
  const checks = writeChecksFor(db);
  // In order, so that a document may depend on one sent before it in the same batch (a cohort and its enrolments).
  const earlier = new Map<string, Doc>();
  const outcomes: (WriteRow | null)[] = [];
  for (let index = 0; index < docs.length; index++) {
    // A deletion keeps nothing of what was sent but its revision (a body would be replicated to every
    // reader), and the rule decides on that against what it deletes, or on nothing at all.
    if (docs[index]!['_deleted'] === true) docs[index] = bareTombstone(docs[index]!);
    const doc = docs[index]!;
    const outcome = await check(doc);
    if (outcome === null) earlier.set(doc['_id'] as string, doc);
    outcomes.push(outcome);
  }
  async function check(doc: Doc): Promise<WriteRow | null> {
    const id = doc['_id'] as string;
    const current = stored.get(id);
    const live = current?.value && !current.value.deleted ? current : null;
    if (newEdits && live && doc['_rev'] !== live.value!.rev) return { id, error: 'conflict', reason: 'Document update conflict.' };
    // One revision per document and request: several (new_edits false) would plant branches beside each other.
    if (earlier.has(id)) return { id, error: 'conflict', reason: 'Document update conflict.' };
    // A replicated revision must continue the stored one: a branch beside it could win, or come back when it is deleted.
    if (!newEdits && live && !historyOf(doc).includes(live.value!.rev))
      return { id, error: 'conflict', reason: 'This revision does not continue the stored one.' };
    const oldDoc = live?.doc ?? null;
    try {
      rules.validate(doc, oldDoc, user, rules.security);
    } catch (error) {
      return refusal(id, error);
    }
    for (const writeCheck of checks) {
      const refused = await writeCheck({ db, user, doc, oldDoc, earlier }, deps.couch);
      if (refused) return { id, error: 'forbidden', ...refused, params: { ...refused.params } };
    }
    return null;
  }
  const accepted = docs.filter((_doc, index) => outcomes[index] === null);
  if (accepted.length > 0) {
    const { body } = await deps.store.json<WriteRow[]>('POST', [db, '_bulk_docs'], {
      body: { docs: accepted, new_edits: newEdits },
      expect: [201, 200],
    });
    // Rows are matched by id, never by position: the embedded store's validation finishes documents in
    // any order and answers in that order (ids are unique here, a second revision having been refused).
    // With new_edits false the store lists only failures, so a document it does not name was stored.
    const answered = new Map(body.map((row) => [row.id, row]));
    for (let index = 0; index < outcomes.length; index++) {
      if (outcomes[index] !== null) continue;
      const id = docs[index]!['_id'] as string;
      outcomes[index] =
        answered.get(id) ??
        (newEdits
          ? { id, error: 'unknown', reason: 'The store did not answer for this document.' }
          : { id, ok: true, rev: docs[index]!['_rev'] as string });
    }
  }
  return newEdits ? (outcomes as WriteRow[]) : (outcomes as WriteRow[]).filter((row) => row.error !== undefined);
}

/** A deletion with nothing but its identity and revision history. */
function bareTombstone(doc: Doc): Doc {
  const bare: Doc = { _id: doc['_id'], _deleted: true };
  for (const field of ['_rev', '_revisions'] as const) if (doc[field] !== undefined) bare[field] = doc[field];
  return bare;
}

/** The revisions a replicated document names, newest first: its `_revisions`, or just its `_rev`. */
function historyOf(doc: Doc): string[] {
  const revisions = doc['_revisions'] as { start: number; ids: string[] } | undefined;
  if (!revisions) return [doc['_rev'] as string];
  return revisions.ids.map((hash, index) => `${revisions.start - index}-${hash}`);
}

/**
 * A rule's refusal in CouchDB's terms: `{forbidden}` and `{unauthorized}` are the two a rule may throw;
 * our rules add a stable `code` and its `params` (CouchDB itself passes on only the text).
 */
function refusal(id: string, error: unknown): WriteRow {
  const thrown = error as { forbidden?: unknown; unauthorized?: unknown; code?: unknown; params?: unknown } | null;
  const coded =
    thrown && typeof thrown.code === 'string' ? { code: thrown.code, params: (thrown.params as Record<string, unknown>) ?? {} } : {};
  if (thrown && typeof thrown.unauthorized === 'string') return { id, error: 'unauthorized', reason: thrown.unauthorized, ...coded };
  if (thrown && typeof thrown.forbidden === 'string') return { id, error: 'forbidden', reason: thrown.forbidden, ...coded };
  console.error(`The rule of a database failed on ${id}:`, error);
  return { id, error: 'forbidden', reason: 'The document could not be checked.' };
}
