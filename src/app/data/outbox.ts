import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import type { OutboxEntry } from './schemas/outbox';

export type { OutboxEntry };

function entryId(source: string, docId: string): string {
  return `${source}|${docId}`;
}

/** Called with every local write of a replicated document: it now waits to be sent. */
export async function recordWrite(db: AppDatabase, source: string, docId: string, version: string, label: string) {
  await db.outbox.upsert({
    id: entryId(source, docId),
    source,
    docId,
    label,
    version,
    state: 'waiting',
    queuedAt: new Date().toISOString(),
  });
}

/** Delivered writes kept for the user to see; older ones are forgotten (waiting and refused ones never are). */
export const SENT_KEPT = 100;

/** The server has the document at `version` or later: the write is delivered. */
export async function markSent(db: AppDatabase, source: string, docId: string, version: string) {
  const entry = await db.outbox.findOne(entryId(source, docId)).exec();
  if (!entry || entry.state !== 'waiting' || entry.version > version) return;
  await entry.incrementalPatch({ state: 'sent', sentAt: new Date().toISOString() });
  // Trimmed once every SENT_SLACK deliveries, not on each: a delivery is a hot path while a backlog
  // drains, and reading the whole history each time would make it slower the longer the history.
  const since = (deliveriesSinceTrim.get(db) ?? 0) + 1;
  deliveriesSinceTrim.set(db, since % SENT_SLACK);
  if (since < SENT_SLACK) return;
  const sent = await db.outbox.find({ selector: { state: 'sent' } }).exec();
  if (sent.length <= SENT_KEPT) return;
  const oldest = sent.sort((a, b) => String(b.get('queuedAt')).localeCompare(String(a.get('queuedAt')))).slice(SENT_KEPT);
  await db.outbox.bulkRemove(oldest.map((doc) => doc.primary));
}

/** Deliveries between two trims of the delivered history back to SENT_KEPT. */
export const SENT_SLACK = 25;
const deliveriesSinceTrim = new WeakMap<AppDatabase, number>();

/**
 * The server refused the document at `version`: it stays local, marked with the reason, until the user
 * changes it. A newer local write is not marked: it has not been tried yet.
 */
export async function markRefused(db: AppDatabase, source: string, docId: string, reason: string, version: string) {
  const entry = await db.outbox.findOne(entryId(source, docId)).exec();
  if (!entry || entry.version > version) return;
  await entry.incrementalPatch({ state: 'refused', reason });
}

export function watchOutbox(db: AppDatabase): Observable<OutboxEntry[]> {
  // Sorted here: the outbox is small, and sorting in the query would need an index on queuedAt.
  return db.outbox.find().$.pipe(
    map((docs) => docs.map((d) => d.toMutableJSON() as OutboxEntry).sort((a, b) => b.queuedAt.localeCompare(a.queuedAt))),
  );
}
