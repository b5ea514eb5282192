import { map, type Observable } from 'rxjs';
import type { AppDatabase } from './database';
import type { LessonFeedback, NeedsCheckIn, PersonalDoc } from './schemas/personal';
import { liveContents, mergeForServer, saveForServer } from './sync-marker';

export type { LessonFeedback, NeedsCheckIn };

/** Every needs check-in of the user, newest first. */
export function watchNeedsCheckIns(db: AppDatabase): Observable<NeedsCheckIn[]> {
  return db.personal
    .find({ selector: { type: 'needs' } })
    .$.pipe(map((docs) => (liveContents(docs) as NeedsCheckIn[]).sort((a, b) => b.id.localeCompare(a.id))));
}

/** Saves a check-in locally first (a new one, or the latest changed); it reaches the server when online. */
export async function saveNeedsCheckIn(db: AppDatabase, checkIn: Pick<NeedsCheckIn, 'id' | 'ratings' | 'request'>): Promise<void> {
  const now = new Date().toISOString();
  const doc: NeedsCheckIn = {
    id: checkIn.id,
    type: 'needs',
    ratings: checkIn.ratings,
    updatedAt: now,
    ...(checkIn.request ? { request: checkIn.request } : {}),
  };
  await saveForServer(db.personal, doc, 'outbox.needs');
}

/** "Was this useful?": one answer per lesson, the latest standing. */
export async function saveFeedback(db: AppDatabase, lessonId: string, useful: boolean, comment?: string, at = new Date()): Promise<void> {
  const now = at.toISOString();
  const doc: LessonFeedback = {
    id: `feedback:${lessonId}`,
    type: 'feedback',
    lessonId,
    useful,
    updatedAt: now,
    ...(comment ? { comment } : {}),
  };
  // A step stored late (kept on the phone) never replaces a newer answer, from this phone or another.
  await mergeForServer<PersonalDoc>(
    db.personal,
    doc.id,
    (stored) => (stored && stored.updatedAt > now ? null : doc),
    () => 'outbox.feedback',
  );
}
