import type { I18n } from '../i18n/i18n';
import type { FirstPaintSnapshot } from '../shared/first-paint';
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
