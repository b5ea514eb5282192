import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import { recordWrite } from './outbox';
import type { DiscussionDoc, ReadMark } from './schemas/discussion';

export type { Accepted, DiscussionDoc, Edit, Follow, HelpfulMark, Moderation, Post, ReadMark, Report, Thread } from './schemas/discussion';

/** Everything in the user's network discussion on this device. Tombstones (no author) are left out. */
export function watchDiscussion(db: AppDatabase): Observable<DiscussionDoc[]> {
  return db.discussion.find().$.pipe(
    map((docs) => docs.map((d) => d.toMutableJSON() as DiscussionDoc).filter((doc) => doc.author !== '')),
  );
}

/**
 * Writes locally at once and queues for the server. createdAt is the version the outbox waits for:
 * re-sending a refused post after editing it gives it a new one.
 */
export async function writeDiscussion(db: AppDatabase, doc: DiscussionDoc, label: string): Promise<void> {
  await recordWrite(db, 'discussion', doc.id, doc.createdAt, label);
  await db.discussion.upsert(doc);
}

/** Takes back one of the user's own marks (helpful, follow). */
export async function withdrawMark(db: AppDatabase, id: string, label: string): Promise<void> {
  const doc = await db.discussion.findOne(id).exec();
  if (!doc) return;
  const createdAt = new Date().toISOString();
  await recordWrite(db, 'discussion', id, createdAt, label);
  await (await doc.incrementalPatch({ createdAt })).remove();
}

export function watchReadMarks(db: AppDatabase): Observable<ReadMark[]> {
  return db.readMarks.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON() as ReadMark)));
}

export async function markRead(db: AppDatabase, threadId: string, readAt = new Date().toISOString()): Promise<void> {
  await db.readMarks.upsert({ id: threadId, readAt });
}
