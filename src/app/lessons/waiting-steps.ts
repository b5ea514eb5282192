import type { saveProgress } from '../data/progress-repository';
import { forgetCopy, keepCopy, keptCopy } from '../shared/kept-copies';

/**
 * A step in a lesson taken before this phone's database had answered (a lesson opens from its kept
 * copy first): kept on the phone at once, and stored in the database when it answers, at this start
 * or the next.
 */
export type LessonStep =
  | { readonly kind: 'progress'; readonly change: Parameters<typeof saveProgress>[1] }
  | { readonly kind: 'answer'; readonly lessonId: string; readonly cardIndex: number; readonly correct: boolean; readonly at: string }
  | { readonly kind: 'feedback'; readonly lessonId: string; readonly useful: boolean; readonly comment?: string };

interface WaitingSteps {
  readonly v: 1;
  readonly user: string;
  readonly steps: readonly LessonStep[];
}

export function waitingSteps(user: string): readonly LessonStep[] {
  const kept = keptCopy<WaitingSteps>('waitingSteps', user, 1);
  return Array.isArray(kept?.steps) ? kept.steps : [];
}

/** False when the phone had no room for them: the steps kept before stay kept. */
export function keepWaitingSteps(user: string, steps: readonly LessonStep[]): boolean {
  if (steps.length > 0) return keepCopy('waitingSteps', { v: 1, user, steps } satisfies WaitingSteps, { keepOlder: true });
  forgetCopy('waitingSteps');
  return true;
}
