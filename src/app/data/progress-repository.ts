import { map, type Observable } from 'rxjs';
import { mergeProgress } from './conflict-rules';
import type { AppDatabase } from './database';
import { progressId, reviewId, type LessonProgress, type PersonalDoc, type QuestionReview } from './schemas/personal';
import { contentOf, mergeForServer } from './sync-marker';

export type { LessonProgress, QuestionReview };

export function watchProgress(db: AppDatabase): Observable<LessonProgress[]> {
  return db.personal
    .find({ selector: { type: 'progress' } })
    .$.pipe(map((docs) => docs.map((d) => contentOf(d.toMutableJSON()) as LessonProgress)));
}

/**
 * Records progress in a lesson locally first. It merges with what is stored at the moment of writing,
 * so a late write from an older screen, or two steps saved at once, can never move progress
 * backwards, and queues the result for the server.
 */
export async function saveProgress(
  db: AppDatabase,
  change: Pick<LessonProgress, 'lessonId' | 'cardIndex' | 'status'> & { answers?: Record<string, number[]> },
  /** When the step was taken, if not now (a step kept on the phone and stored later). */
  at = new Date(),
): Promise<LessonProgress> {
  const now = at.toISOString();
  let saved: LessonProgress | null = null;
  await mergeForServer<PersonalDoc>(
    db.personal,
    progressId(change.lessonId),
    (stored) => {
      const next: LessonProgress = {
        id: progressId(change.lessonId),
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
      // A step stored late (kept on the phone) never moves the time of a newer write back.
      saved = stored ? { ...mergeProgress(stored as LessonProgress, next), updatedAt: latest(stored, now) } : next;
      return saved;
    },
    (doc) => ((doc as LessonProgress).status === 'completed' ? 'outbox.lessonCompleted' : 'outbox.progress'),
  );
  return saved!;
}

export function watchReviews(db: AppDatabase): Observable<QuestionReview[]> {
  return db.personal
    .find({ selector: { type: 'review' } })
    .$.pipe(map((docs) => docs.map((d) => contentOf(d.toMutableJSON()) as QuestionReview)));
}

/**
 * Records when a missed question comes back (or that it is retired), locally first, decided from
 * the schedule stored at the moment of writing: two answers stored close together each move it on.
 * `next` answers null when there is nothing to record.
 */
export async function saveReview(
  db: AppDatabase,
  question: Pick<QuestionReview, 'lessonId' | 'cardIndex'>,
  next: (stored: QuestionReview | null) => Pick<QuestionReview, 'step' | 'dueAt'> | null,
  at = new Date(),
): Promise<void> {
  const id = reviewId(question.lessonId, question.cardIndex);
  await mergeForServer<PersonalDoc>(
    db.personal,
    id,
    (stored) => {
      const schedule = next(stored?.type === 'review' ? stored : null);
      const { lessonId, cardIndex } = question;
      const updatedAt = stored ? latest(stored, at.toISOString()) : at.toISOString();
      return schedule && { id, type: 'review', lessonId, cardIndex, step: schedule.step, dueAt: schedule.dueAt, updatedAt };
    },
    () => 'outbox.review',
  );
}

function latest(stored: PersonalDoc, time: string): string {
  const before = (stored as { updatedAt?: string }).updatedAt;
  return before && before > time ? before : time;
}
