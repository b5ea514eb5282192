import { TestBed } from '@angular/core/testing';
import { I18n } from '../i18n/i18n';
import type { Lesson, Programme } from '../data/catalog-repository';
import type { LessonProgress } from '../data/progress-repository';
import { firstLessonsFor, firstPaintSnapshot } from './first-paint-snapshot';

const programme = {
  _id: 'programme:toolbox',
  type: 'programme',
  title: 'Toolbox',
  summary: 'Money basics',
  order: 1,
} as unknown as Programme;
const lesson = (id: string, language?: string) =>
  ({ id, _id: id, type: 'lesson', title: `Title ${id}`, summary: 'Short', minutes: 4, cards: [], language }) as unknown as Lesson;

describe('first-paint snapshot', () => {
  it("keeps the Learn list's words in the user's language, with ticks for finished lessons and no more than it shows", async () => {
    const i18n = TestBed.inject(I18n);
    await i18n.setLanguage('pl');
    const snapshot = firstPaintSnapshot('ania', i18n, [
      {
        programme,
        completed: 1,
        lessons: [
          { lesson: lesson('lesson:a', 'pl'), progress: { lessonId: 'lesson:a', status: 'completed', cardIndex: 3 } as never },
          { lesson: lesson('lesson:b'), progress: null },
        ],
      },
    ]);
    expect(snapshot.user).toBe('ania');
    expect(snapshot.lang).toBe('pl');
    expect(snapshot.title).toBe(i18n.t('learn.title'));
    expect(snapshot.programmes[0]!.meta).toContain(i18n.t('learn.progressSummary', { done: 1, total: 2 }));
    expect(snapshot.programmes[0]!.lessons).toEqual([
      { id: 'lesson:a', title: 'Title lesson:a', summary: 'Short', meta: i18n.t('learn.minutes', { minutes: 4 }), lang: 'pl', done: true },
      { id: 'lesson:b', title: 'Title lesson:b', summary: 'Short', meta: i18n.t('learn.minutes', { minutes: 4 }), lang: 'en', done: false },
    ]);
    // Nothing of a lesson's cards or answers: only what the list shows.
    expect(JSON.stringify(snapshot)).not.toContain('cards');
    await i18n.setLanguage('en');
  });
});

describe('lessons kept for the next start', () => {
  const inToolbox = (id: string) =>
    ({ ...lesson(id), programmeId: 'programme:toolbox', cards: [{ kind: 'text', body: id }] }) as unknown as Lesson;
  const progress = (lessonId: string, status: 'started' | 'completed', updatedAt: string) =>
    ({ id: `progress:${lessonId}`, type: 'progress', lessonId, status, cardIndex: 1, updatedAt }) as LessonProgress;

  it("keeps the three lessons opened last and each programme's next lesson, with their progress and nothing else", () => {
    const lessons = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => inToolbox(`lesson:${id}`));
    const byId = (id: string) => lessons.find((entry) => entry.id === id) ?? null;
    const opened = [
      progress('lesson:a', 'completed', '2026-11-01'),
      progress('lesson:b', 'completed', '2026-11-03'),
      progress('lesson:c', 'started', '2026-11-04'),
      progress('lesson:d', 'completed', '2026-11-02'),
      // A lesson since taken off the phone is skipped, not counted among the three.
      progress('lesson:gone', 'started', '2026-11-05'),
    ];
    const summaries = [
      {
        programme,
        completed: 3,
        lessons: lessons.map((entry) => ({ lesson: entry, progress: opened.find((p) => p.lessonId === entry.id) ?? null })),
      },
    ];
    const kept = firstLessonsFor('ania', summaries, opened, byId);
    expect(kept.user).toBe('ania');
    // c, b, d opened last; c is also the toolbox's next lesson (the first not finished).
    expect(kept.lessons.map((entry) => entry.id)).toEqual(['lesson:c', 'lesson:b', 'lesson:d']);
    expect(kept.lessons[0]!.cards).toEqual(byId('lesson:c')!.cards);
    expect(kept.progress.map((entry) => entry.lessonId).sort()).toEqual(['lesson:b', 'lesson:c', 'lesson:d']);
  });

  it('keeps the first lesson of each programme for a member who has opened none', () => {
    const summaries = [
      {
        programme,
        completed: 0,
        lessons: [inToolbox('lesson:x'), inToolbox('lesson:y')].map((entry) => ({ lesson: entry, progress: null })),
      },
    ];
    const kept = firstLessonsFor('ania', summaries, [], () => null);
    expect(kept.lessons.map((entry) => entry.id)).toEqual(['lesson:x']);
    expect(kept.progress).toEqual([]);
  });
});
