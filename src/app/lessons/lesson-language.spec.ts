import type { Lesson } from '../data/catalog-repository';
import { lessonsIn } from './lesson-language';

function lesson(id: string, order: number, language: string, translationOf?: string): Lesson {
  return {
    id,
    type: 'lesson',
    title: id,
    summary: '',
    order,
    programmeId: 'programme:toolbox',
    minutes: 3,
    cards: [],
    language,
    ...(translationOf ? { translationOf } : {}),
  };
}

describe('lessonsIn', () => {
  const cash = lesson('lesson:cash', 1, 'en');
  const cashPl = lesson('lesson:cash-pl', 1, 'pl', 'lesson:cash');
  const pricing = lesson('lesson:pricing', 2, 'en');
  const polishOnly = lesson('lesson:ksef', 3, 'pl');
  const finnishOnly = lesson('lesson:alv', 4, 'fi');
  const all = [finnishOnly, polishOnly, pricing, cashPl, cash];

  it('offers the translation in place of the English lesson, and English where there is none yet', () => {
    expect(lessonsIn('pl', all).map((l) => l.id)).toEqual(['lesson:cash-pl', 'lesson:pricing', 'lesson:ksef']);
  });

  it('offers English learners the English lessons only', () => {
    expect(lessonsIn('en', all).map((l) => l.id)).toEqual(['lesson:cash', 'lesson:pricing']);
  });

  it('never offers a lesson written in a third language', () => {
    expect(lessonsIn('lt', all).map((l) => l.id)).toEqual(['lesson:cash', 'lesson:pricing']);
  });
});
