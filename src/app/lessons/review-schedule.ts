/**
 * Spaced review of quiz questions a user got wrong: they come back after 1, 3 and 7 days. A wrong
 * answer at any point starts the ladder again; a right answer on the last step retires the question.
 */
export const REVIEW_INTERVALS_DAYS = [1, 3, 7] as const;
const DAY_MS = 24 * 3600 * 1000;

export interface ReviewState {
  /** Index into REVIEW_INTERVALS_DAYS of the wait before dueAt; REVIEW_INTERVALS_DAYS.length = retired. */
  readonly step: number;
  readonly dueAt: string;
}

/** The next state after answering, or null when there is nothing to review (right the first time). */
export function nextReview(current: ReviewState | null, correct: boolean, now: Date): ReviewState | null {
  if (!correct) return { step: 0, dueAt: new Date(now.getTime() + REVIEW_INTERVALS_DAYS[0] * DAY_MS).toISOString() };
  if (!current) return null;
  const step = current.step + 1;
  if (step >= REVIEW_INTERVALS_DAYS.length) return { step: REVIEW_INTERVALS_DAYS.length, dueAt: current.dueAt };
  return { step, dueAt: new Date(now.getTime() + REVIEW_INTERVALS_DAYS[step]! * DAY_MS).toISOString() };
}

export function isRetired(state: ReviewState): boolean {
  return state.step >= REVIEW_INTERVALS_DAYS.length;
}

export function isDue(state: ReviewState, now: Date): boolean {
  return !isRetired(state) && Date.parse(state.dueAt) <= now.getTime();
}
