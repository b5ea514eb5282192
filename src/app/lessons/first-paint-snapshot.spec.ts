import { TestBed } from '@angular/core/testing';
import { I18n } from '../i18n/i18n';
import type { Lesson, Programme } from '../data/catalog-repository';
import { firstPaintSnapshot } from './first-paint-snapshot';

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
