import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import type { DiscussionDoc, ReadMark } from './schemas/discussion';
import { contentOf, liveContents, saveForServer } from './sync-marker';

export type { Accepted, DiscussionDoc, Edit, Follow, HelpfulMark, Moderation, Post, ReadMark, Report, Thread } from './schemas/discussion';

/** Everything in the user's network discussion on this device, but what this device took back. */
export function watchDiscussion(db: AppDatabase): Observable<DiscussionDoc[]> {
  return db.discussion.find().$.pipe(map((docs) => liveContents<DiscussionDoc>(docs)));
}

/** Writes locally at once and queues for the server. */
export async function writeDiscussion(db: AppDatabase, doc: DiscussionDoc, label: string): Promise<void> {
  await saveForServer(db.discussion, doc, label);
}

/** Takes back one of the user's own marks (helpful, follow). */
export async function withdrawMark(db: AppDatabase, id: string, label: string): Promise<void> {
  const doc = await db.discussion.findOne(id).exec();
  if (!doc) return;
  await saveForServer(db.discussion, { ...contentOf(doc.toMutableJSON()), createdAt: new Date().toISOString() }, label, { deleted: true });
}

export function watchReadMarks(db: AppDatabase): Observable<ReadMark[]> {
  return db.readMarks.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON() as ReadMark)));
}

export async function markRead(db: AppDatabase, threadId: string, readAt = new Date().toISOString()): Promise<void> {
  await db.readMarks.upsert({ id: threadId, readAt });
}
