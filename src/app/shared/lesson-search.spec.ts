import type { Lesson } from '../data/catalog-repository';
import { searchLessons } from './lesson-search';

function lesson(id: string, title: string, topic: string, body: string): Lesson {
  return {
    id,
    type: 'lesson',
    title,
    summary: '',
    topic,
    order: 1,
    minutes: 3,
    programmeId: 'programme:toolbox',
    cards: [{ kind: 'text', body }],
  };
}

const lessons = [
  lesson('lesson:cash', 'Cash flow basics', 'cash-flow', 'Money in and money out of your shop.'),
  lesson('lesson:price', 'Pricing for profit', 'pricing', 'Your price must cover cash costs and your time.'),
  lesson('lesson:pl', 'Zapłata na czas', 'getting-paid', 'Faktura i przypomnienie.'),
];

describe('searchLessons', () => {
  it('finds words in titles first, then in the text', () => {
    expect(searchLessons('cash', lessons).map((l) => l.id)).toEqual(['lesson:cash', 'lesson:price']);
  });

  it('needs every word to match', () => {
    expect(searchLessons('cash time', lessons).map((l) => l.id)).toEqual(['lesson:price']);
  });

  it('ignores case and accents', () => {
    expect(searchLessons('ZAPLATA', lessons).map((l) => l.id)).toEqual(['lesson:pl']);
  });

  it('returns nothing for an empty or one-letter query', () => {
    expect(searchLessons('  ', lessons)).toEqual([]);
    expect(searchLessons('a', lessons)).toEqual([]);
  });
});
