import type { Lesson } from '../data/catalog-repository';
import type { LessonProgress } from '../data/progress-repository';
import type { I18n } from '../i18n/i18n';
import type { FirstLessons, FirstPaintSnapshot } from '../shared/first-paint';
import type { ProgrammeSummary } from './lessons-store';

/** The Learn screen's list as text, in the user's language, for the next start's first paint. */
export function firstPaintSnapshot(user: string, i18n: I18n, programmes: readonly ProgrammeSummary[]): FirstPaintSnapshot {
  return {
    v: 1,
    user,
    lang: i18n.language(),
    title: i18n.t('learn.title'),
    doneLabel: i18n.t('learn.completed'),
    programmes: programmes.map((entry) => ({
      title: entry.programme.title,
      summary: entry.programme.summary,
      meta: `${i18n.t('learn.audience.' + (entry.programme.audience ?? 'owner'))} · ${i18n.t('learn.progressSummary', {
        done: entry.completed,
        total: entry.lessons.length,
      })}`,
      lessons: entry.lessons.map(({ lesson, progress }) => ({
        id: lesson.id,
        title: lesson.title,
        summary: lesson.summary,
        meta: i18n.t('learn.minutes', { minutes: lesson.minutes }),
        lang: lesson.language ?? 'en',
        done: progress?.status === 'completed',
      })),
    })),
  };
}

/** Lessons opened lately that are kept for the next start, beside each programme's next lesson. */
const RECENTLY_OPENED = 3;

/**
 * What the next start opens before the local database answers: the lessons opened last on this
 * phone and each programme's next lesson (where the Learn list leads), with the user's progress.
 */
export function firstLessonsFor(
  user: string,
  programmes: readonly ProgrammeSummary[],
  progress: readonly LessonProgress[],
  lessonById: (id: string) => Lesson | null,
): FirstLessons {
  const recent = [...progress]
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .map((entry) => lessonById(entry.lessonId))
    .filter((lesson): lesson is Lesson => lesson !== null)
    .slice(0, RECENTLY_OPENED);
  const next = programmes
    .map((entry) => entry.lessons.find((summary) => summary.progress?.status !== 'completed')?.lesson)
    .filter((lesson): lesson is Lesson => !!lesson);
  const lessons = [...new Map([...recent, ...next].map((lesson) => [lesson.id, lesson])).values()];
  const kept = new Set(lessons.map((lesson) => lesson.id));
  return { user, lessons, progress: progress.filter((entry) => kept.has(entry.lessonId)) };
}
