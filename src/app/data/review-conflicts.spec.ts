import { latestEditWins } from './conflict-rules';
import type { CpdReview } from './schemas/review';

describe('latestEditWins (a CPD review changed on two of its author’s devices)', () => {
  const review = (rating: number, updatedAt: string): CpdReview & { _deleted: boolean } => ({
    id: 'review:working-with-micro-enterprises:marta',
    type: 'review',
    lessonId: 'lesson:working-with-micro-enterprises',
    author: 'marta',
    country: 'pl',
    rating,
    comment: 'Clear.',
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt,
    _deleted: false,
  });

  it('keeps the later edit, whichever side it is on', async () => {
    const earlier = review(2, '2026-11-02T09:00:00.000Z');
    const later = review(5, '2026-11-03T09:00:00.000Z');
    expect(await latestEditWins.resolve({ realMasterState: earlier, newDocumentState: later } as never, 'test')).toBe(later);
    expect(await latestEditWins.resolve({ realMasterState: later, newDocumentState: earlier } as never, 'test')).toBe(later);
    expect(latestEditWins.isEqual(later, { ...later }, 'test')).toBeTrue();
  });
});
