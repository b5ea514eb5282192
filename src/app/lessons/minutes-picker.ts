import type { Lesson } from '../data/catalog-repository';
import type { LessonProgress } from '../data/progress-repository';

export type Pick =
  | { readonly kind: 'resume' | 'lesson'; readonly lesson: Lesson; readonly minutes: number }
  | { readonly kind: 'review'; readonly questions: number; readonly minutes: number }
  | { readonly kind: 'nothing' };

/** About how long one review question takes: read, choose, read the feedback. */
export const MINUTES_PER_REVIEW_QUESTION = 0.75;

/**
 * "I have N minutes": what fits. A lesson already started comes first (its remaining cards), then due
 * reviews when they are worth the slot, then the next unfinished lesson in programme order, then
 * whatever reviews fit. Only what is on the device is considered, so it works offline.
 */
export function pickForMinutes(
  available: number,
  lessons: readonly Lesson[],
  progress: ReadonlyMap<string, LessonProgress>,
  dueReviews: number,
  programmeOrder: readonly string[] = [],
): Pick {
  const remaining = (lesson: Lesson) => {
    const done = progress.get(lesson.id);
    if (!done || done.status !== 'started') return lesson.minutes;
    const left = Math.max(1, lesson.cards.length - done.cardIndex);
    return Math.max(1, Math.ceil((lesson.minutes * left) / lesson.cards.length));
  };
  const ordered = [...lessons].sort(
    (a, b) => rank(programmeOrder, a.programmeId) - rank(programmeOrder, b.programmeId) || a.order - b.order,
  );

  const started = ordered.find((lesson) => progress.get(lesson.id)?.status === 'started' && remaining(lesson) <= available);
  if (started) return { kind: 'resume', lesson: started, minutes: remaining(started) };

  const reviewable = Math.min(dueReviews, Math.floor(available / MINUTES_PER_REVIEW_QUESTION));
  // Reviews win when there are enough to be worth a slot, when all that is due fits, or when they pile up.
  if (reviewable > 0 && (reviewable >= 3 || reviewable === dueReviews || dueReviews >= 5)) {
    return { kind: 'review', questions: reviewable, minutes: Math.ceil(reviewable * MINUTES_PER_REVIEW_QUESTION) };
  }
  const next = ordered.find((lesson) => !progress.has(lesson.id) && lesson.minutes <= available);
  if (next) return { kind: 'lesson', lesson: next, minutes: next.minutes };
  if (reviewable > 0) return { kind: 'review', questions: reviewable, minutes: Math.ceil(reviewable * MINUTES_PER_REVIEW_QUESTION) };
  return { kind: 'nothing' };
}

function rank(order: readonly string[], programmeId: string): number {
  const index = order.indexOf(programmeId);
  return index === -1 ? order.length : index;
}
