import type { Lesson } from '../data/catalog-repository';
import type { LessonProgress } from '../data/progress-repository';
import { keepCopy, keptCopy } from './kept-copies';

/**
 * The lesson list as the user last saw it, kept in localStorage for public/first-paint.js, which
 * paints it before the app's scripts and the local database have loaded (README, Performance).
 */
export interface FirstPaintSnapshot {
  readonly v: 1;
  /** Painted only while this user is the one signed in. */
  readonly user: string;
  readonly lang: string;
  readonly title: string;
  /** What a screen reader says for the tick of a finished lesson. */
  readonly doneLabel: string;
  readonly programmes: readonly {
    readonly title: string;
    readonly summary: string;
    readonly meta: string;
    readonly lessons: readonly { id: string; title: string; summary: string; meta: string; lang: string; done: boolean }[];
  }[];
}

/**
 * The few lessons the user is most likely to open next, with their progress, so that a lesson opens
 * at the card where they stopped before the local database has answered (README, Performance).
 */
export interface FirstLessons {
  readonly user: string;
  readonly lessons: readonly Lesson[];
  readonly progress: readonly LessonProgress[];
}

/**
 * Kept apart, as the lessons (tens of kB) change seldom and the progress at every card turned.
 */
export interface KeptLessons {
  readonly v: 2;
  readonly user: string;
  readonly lessons: readonly Lesson[];
}

export interface KeptProgress {
  readonly v: 1;
  readonly user: string;
  readonly progress: readonly LessonProgress[];
}

export function keepFirstPaint(snapshot: FirstPaintSnapshot): void {
  keepCopy('firstPaint', snapshot);
}

/** The caller keeps the same object while the lessons are the same: it is written once (kept-copies.ts). */
export function keepFirstLessons(kept: KeptLessons): void {
  keepCopy('firstLessons', kept);
}

export function keepFirstProgress(kept: KeptProgress): void {
  keepCopy('firstProgress', kept);
}

/** The lessons kept for this user at the last run, or null (none kept, another user's, or unreadable). */
export function firstLessons(user: string | undefined): FirstLessons | null {
  const kept = keptCopy<KeptLessons>('firstLessons', user, 2);
  if (!Array.isArray(kept?.lessons) || !kept.lessons.every((lesson) => typeof lesson?.id === 'string' && Array.isArray(lesson.cards)))
    return null;
  const progress = keptCopy<KeptProgress>('firstProgress', user, 1)?.progress;
  const lessonIds = new Set(kept.lessons.map((lesson) => lesson.id));
  return {
    user: kept.user,
    lessons: kept.lessons,
    progress: Array.isArray(progress) ? progress.filter((entry) => lessonIds.has(entry?.lessonId)) : [],
  };
}

/** The app's own screen is ready: the painted snapshot goes. */
export function releaseFirstPaint(): void {
  document.getElementById('first-paint')?.remove();
}
