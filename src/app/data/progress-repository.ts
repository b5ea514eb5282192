import { map, type Observable } from 'rxjs';
import { mergeProgress } from './conflict-rules';
import type { AppDatabase } from './database';
import { progressId, reviewId, type LessonProgress, type QuestionReview } from './schemas/personal';
import { contentOf, saveForServer } from './sync-marker';

export type { LessonProgress, QuestionReview };

export function watchProgress(db: AppDatabase): Observable<LessonProgress[]> {
  return db.personal
    .find({ selector: { type: 'progress' } })
    .$.pipe(map((docs) => docs.map((d) => contentOf(d.toMutableJSON()) as LessonProgress)));
}

/**
 * Records progress in a lesson locally first. It merges with what is stored, so a late write from
 * an older screen can never move progress backwards, and queues the result for the server.
 */
export async function saveProgress(
  db: AppDatabase,
  change: Pick<LessonProgress, 'lessonId' | 'cardIndex' | 'status'> & { answers?: Record<string, number[]> },
): Promise<LessonProgress> {
  const id = progressId(change.lessonId);
  const now = new Date().toISOString();
  const stored = await db.personal.findOne(id).exec();
  const next: LessonProgress = {
    id,
    type: 'progress',
    lessonId: change.lessonId,
    status: change.status,
    cardIndex: change.cardIndex,
    // The first opening; a record kept from before start times has none, and a later time would only shorten the figure.
    ...(stored ? {} : { startedAt: now }),
    updatedAt: now,
    ...(change.status === 'completed' ? { completedAt: now } : {}),
    ...(change.answers ? { answers: change.answers } : {}),
  };
  const merged = stored ? { ...mergeProgress(contentOf(stored.toMutableJSON()) as LessonProgress, next), updatedAt: now } : next;
  await saveForServer(db.personal, merged, merged.status === 'completed' ? 'outbox.lessonCompleted' : 'outbox.progress');
  return merged;
}

export function watchReviews(db: AppDatabase): Observable<QuestionReview[]> {
  return db.personal
    .find({ selector: { type: 'review' } })
    .$.pipe(map((docs) => docs.map((d) => contentOf(d.toMutableJSON()) as QuestionReview)));
}

/** Records when a missed question comes back (or that it is retired), locally first. */
export async function saveReview(
  db: AppDatabase,
  review: Pick<QuestionReview, 'lessonId' | 'cardIndex' | 'step' | 'dueAt'>,
): Promise<void> {
  const id = reviewId(review.lessonId, review.cardIndex);
  const now = new Date().toISOString();
  await saveForServer(db.personal, { id, type: 'review', ...review, updatedAt: now }, 'outbox.review');
}
