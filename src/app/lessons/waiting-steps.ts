import type { saveProgress } from '../data/progress-repository';
import { forgetCopy, keepCopy, keptCopy, ownerOfCopy } from '../shared/kept-copies';

/**
 * A step in a lesson taken before this phone's database had answered (a lesson opens from its kept
 * copy first): kept on the phone at once, and stored in the database when it answers, at this start
 * or the next, with the time it was taken.
 */
export type LessonStep = { readonly id: string; readonly at: string } & (
  | { readonly kind: 'progress'; readonly change: Parameters<typeof saveProgress>[1] }
  | { readonly kind: 'answer'; readonly lessonId: string; readonly cardIndex: number; readonly correct: boolean }
  | { readonly kind: 'feedback'; readonly lessonId: string; readonly useful: boolean; readonly comment?: string }
);

interface WaitingSteps {
  readonly v: 2;
  readonly user: string;
  readonly steps: readonly LessonStep[];
}

/** A step's own name, so that it is taken off the list by name, never by place. */
export function stepId(at: Date): string {
  return `${at.toISOString()}#${Math.random().toString(36).slice(2, 10)}`;
}

export function waitingSteps(user: string): readonly LessonStep[] {
  const kept = keptCopy<WaitingSteps>('waitingSteps', user, 2);
  // A step without its name or time could never be taken off the list, and would hold up the rest.
  return Array.isArray(kept?.steps) ? kept.steps.filter((step) => typeof step?.id === 'string' && !Number.isNaN(Date.parse(step.at))) : [];
}

/**
 * Keeps one more step; false when the list kept here is another user's (it is theirs to store), or
 * when the phone has no room even once the copies that only speed up a start have made way.
 */
export function addWaitingStep(user: string, step: LessonStep): boolean {
  const owner = ownerOfCopy('waitingSteps');
  if (owner !== undefined && owner !== user) return false;
  const steps = [...waitingSteps(user), step];
  if (keepSteps(user, steps)) return true;
  forgetCopy('firstLessons');
  forgetCopy('firstPaint');
  return keepSteps(user, steps);
}

/** False when the list could not be written (it still holds the step). */
export function removeWaitingStep(user: string, id: string): boolean {
  if (ownerOfCopy('waitingSteps') !== user) return true;
  const steps = waitingSteps(user).filter((step) => step.id !== id);
  if (steps.length > 0) return keepSteps(user, steps);
  forgetCopy('waitingSteps');
  return true;
}

/**
 * Runs `work` on the list alone: another tab of the app, sharing the phone's storage, waits for it
 * (Web Locks; where a browser has none, tabs are not kept from each other).
 */
export function withWaitingSteps<T>(work: () => Promise<T> | T): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? (locks.request('me2me.waitingSteps', async () => work()) as Promise<T>) : Promise.resolve().then(work);
}

function keepSteps(user: string, steps: readonly LessonStep[]): boolean {
  // The steps kept before stay kept when this write fails: they are still true.
  return keepCopy('waitingSteps', { v: 2, user, steps } satisfies WaitingSteps, { keepOlder: true });
}
