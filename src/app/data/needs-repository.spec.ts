import type { AppDatabase } from './database';
import { saveFeedback } from './needs-repository';
import { createMemoryDatabase } from './testing/memory-database';

describe('needs repository: "was this useful?" (local database on memory storage)', () => {
  let db: AppDatabase;

  beforeEach(async () => {
    db = await createMemoryDatabase();
  });
  afterEach(async () => db.remove());

  const stored = async () => (await db.personal.findOne('feedback:lesson:a').exec())?.toMutableJSON();

  it('keeps the latest answer: a later one replaces it, one given earlier and stored late does not', async () => {
    await saveFeedback(db, 'lesson:a', false, 'Too short', new Date('2026-12-01T10:00:00Z'));
    await saveFeedback(db, 'lesson:a', true, 'Useful after all', new Date('2026-12-02T10:00:00Z'));
    expect(await stored()).toEqual(jasmine.objectContaining({ useful: true, comment: 'Useful after all' }));

    // A step kept on the phone at an earlier start and stored now, after a newer answer.
    await saveFeedback(db, 'lesson:a', false, undefined, new Date('2026-12-01T12:00:00Z'));
    expect(await stored()).toEqual(
      jasmine.objectContaining({ useful: true, comment: 'Useful after all', updatedAt: '2026-12-02T10:00:00.000Z' }),
    );
  });
});
