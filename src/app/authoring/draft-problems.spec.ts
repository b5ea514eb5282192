import type { LessonDraft } from '../data/authoring-repository';
import { draftProblems } from './draft-problems';

function draft(overrides: Partial<LessonDraft> = {}): LessonDraft {
  return {
    id: 'draft:test-0001',
    type: 'draft',
    author: 'mary',
    lessonId: 'lesson:price-a-cake',
    programmeId: 'programme:toolbox',
    title: 'Price a custom cake',
    summary: 'Ingredients, time and a margin.',
    topic: 'pricing',
    minutes: 3,
    language: 'en',
    status: 'draft',
    updatedAt: '2026-11-29T09:00:00.000Z',
    cards: [
      { kind: 'text', body: 'Add up what one cake costs you.' },
      { kind: 'image', src: 'media/u-abc.webp', alt: 'A cake on a scale.' },
      {
        kind: 'quiz',
        question: 'What belongs in the price?',
        multiple: false,
        options: [
          { text: 'Ingredients only', correct: false, feedback: 'Your time costs too.' },
          { text: 'Ingredients, time and margin', correct: true, feedback: 'Yes.' },
        ],
      },
    ],
    ...overrides,
  };
}

const keys = (d: LessonDraft) => draftProblems(d).map((p) => `${p.key}${p.params?.['number'] ? '#' + p.params['number'] : ''}`);

describe('draftProblems (what to finish before review or publication)', () => {
  it('finds nothing in a finished lesson', () => {
    expect(draftProblems(draft())).toEqual([]);
  });

  it('names each missing part with its card number, in screen order', () => {
    const unfinished = draft({
      title: ' ',
      cards: [
        { kind: 'text', body: '' },
        { kind: 'image', src: '', alt: '' },
        { kind: 'audio', src: 'media/u-1.webm', title: 'Listen', transcript: '' },
        {
          kind: 'quiz',
          question: 'Which?',
          multiple: false,
          options: [
            { text: 'A', correct: true, feedback: 'Yes' },
            { text: 'B', correct: true, feedback: 'Also' },
          ],
        },
      ],
    });
    expect(keys(unfinished)).toEqual([
      'authoring.problem.title',
      'authoring.problem.body#1',
      'authoring.problem.picture#2',
      'authoring.problem.alt#2',
      'authoring.problem.transcript#3',
      'authoring.problem.correctOne#4',
    ]);
  });

  it('keeps lessons bite-sized: 3 to 8 cards and at most 5 minutes', () => {
    expect(keys(draft({ cards: draft().cards.slice(0, 2) }))).toEqual(['authoring.problem.cardCount']);
    expect(keys(draft({ minutes: 7 }))).toEqual(['authoring.problem.minutes']);
  });

  it('lets the catalog rule have the last word on what the editor does not check', () => {
    const problems = draftProblems(draft({ cards: [...draft().cards, { kind: 'image', src: 'media/holiday photo.gif', alt: 'Beach' }] }));
    expect(problems.map((p) => p.key)).toEqual(['authoring.problem.other']);
    expect(String(problems[0]!.params?.['reason'])).toContain('src');
  });
});
